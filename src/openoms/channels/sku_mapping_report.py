"""What a synchronous ``C_SKU_Mappings.csv`` import returns, how it reads a request's file, and
the pause of the cyclic garbage collector both kinds of import run under.

``ImportReport`` is the same outcome a queued import records on its ``FileImport`` (row counts by
outcome, each rejected row's line and reason), as a small value the API serializes. At most
``MAX_STORED_ISSUES`` issues are kept, like a queued import; ``rejected`` counts them all.
"""

from __future__ import annotations

import gc
import io
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

from openoms.activity.import_runner import BatchReport
from openoms.activity.services import MAX_STORED_ISSUES, import_max_bytes
from openoms.core.errors import ValidationFailed

SPOOL_IN_MEMORY = 1 << 20
COPY_BLOCK = 1 << 20


@dataclass(frozen=True)
class ImportIssue:
    """A rejected row: its line in the file (the header is line 1) and why, for a person."""

    line: int
    reason: str


@dataclass
class ImportReport:
    """Counts by outcome (``rows`` = records read, blank lines aside), the rejected rows by line,
    and ``error``: why the file stopped part-way, empty when every row was read."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    error: str = ""

    def add(self, batch: BatchReport, *, rows: int) -> None:
        """Add one batch's outcome."""
        self.rows += rows
        self.created += batch.created
        self.updated += batch.updated
        self.unchanged += batch.unchanged
        self.rejected += batch.rejected
        room = MAX_STORED_ISSUES - len(self.issues)
        self.issues.extend(ImportIssue(issue.line, issue.reason) for issue in batch.issues[:room])

    def counts(self) -> dict[str, int]:
        """``{rows, created, updated, unchanged, rejected}``."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def as_dict(self) -> dict:
        """``{rows, created, updated, unchanged, rejected, issues: [{line, reason}], error}``."""
        return asdict(self)


@contextmanager
def seekable_upload(fileobj) -> Iterator[BinaryIO]:
    """``fileobj`` as a seekable binary file within the import size limit (else ``ValidationFailed``
    on ``file``, nothing kept): as it is when it can seek, else spooled to a temporary file."""
    if isinstance(fileobj, bytes | bytearray):
        fileobj = io.BytesIO(fileobj)
    max_bytes = import_max_bytes()
    if _can_seek(fileobj):
        fileobj.seek(0, io.SEEK_END)
        if fileobj.tell() > max_bytes:
            raise ValidationFailed({"file": too_large(max_bytes)})
        fileobj.seek(0)
        yield fileobj
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        size = 0
        while block := fileobj.read(COPY_BLOCK):
            size += len(block)
            if size > max_bytes:
                raise ValidationFailed({"file": too_large(max_bytes)})
            spool.write(block)
        spool.seek(0)
        yield spool


def _can_seek(fileobj) -> bool:
    seekable = getattr(fileobj, "seekable", None)
    return bool(seekable and seekable())


def too_large(max_bytes: int) -> str:
    """The refusal of a file over the limit, in the words of a refused upload."""
    if max_bytes >= 1024 * 1024:
        size = f"{max_bytes / (1024 * 1024):g} MB"
    elif max_bytes >= 1024:
        size = f"{max_bytes / 1024:g} KB"
    else:
        size = f"{max_bytes} bytes"
    return f"The file is larger than {size}; split it into smaller files."


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run without the cyclic garbage collector, then restore it as it was.

    Reading a large file allocates two small containers per row (the reader's list and tuple),
    which keeps triggering collections that walk every live batch row: a third of the import's
    Python time at 1,000,000 rows. The rows hold no reference cycles, so reference counting frees
    each batch anyway. Pauses may nest and overlap across threads: the first one in stops the
    collector, the last one out restarts it (if it ran before).
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
