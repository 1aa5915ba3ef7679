"""The one loop every file import runs: read the stored file in batches, one transaction each.

The import's ``ImportKind`` gives the header check and the file's ``BatchWriter``. A batch and its
progress (counts, issues, heartbeat) commit together, so ``rows_processed`` is always what is
applied. A batch the writer fails on is rolled back whole and applied again row by row, each row in
a savepoint: only the rows that fail are rejected, with their line and the reason, and the file goes
on. Only what concerns the whole file stops it (an unreadable file, a lost permission or channel,
a lost database): the batches before stay applied, and the import ends Failed saying how far it got.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from openoms.activity.import_kinds import (
    BatchReport,
    BatchWriter,
    ImportKind,
    Record,
    import_kind,
    rejection,
)
from openoms.activity.models import FileImport
from openoms.activity.services import (
    ImportStopped,
    file_import_fail,
    file_import_finish,
    file_import_progress,
    file_import_record_issues,
    file_import_started,
)
from openoms.core.csv_files import CsvFileError, CsvReader
from openoms.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import SYSTEM

logger = logging.getLogger(__name__)

# What stops the whole file rather than one row: not for the row-by-row retry.
FILE_LEVEL = (ImportStopped, PermissionDenied, NotFound, InterfaceError)


def file_import_actor(file_import: FileImport) -> Actor:
    """Who the queued run acts as: the user who uploaded, else the recorded label (API key, CLI)."""
    if file_import.created_by is not None:
        return Actor.for_user(file_import.created_by)
    return Actor(role=SYSTEM, label=file_import.actor_label)


def batch_rows(kind: ImportKind) -> int:
    """Rows per batch: the kind's, unless ``OPENOMS_IMPORT_BATCH_ROWS`` says otherwise."""
    return int(getattr(settings, "OPENOMS_IMPORT_BATCH_ROWS", 0) or kind.batch_rows)


def batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def file_import_run(file_import_id: int) -> FileImport:
    """Run a queued import to its end (Finished or Failed). A second delivery does nothing."""
    file_import = file_import_started(file_import_id)
    if file_import is None:
        return FileImport.objects.get(pk=file_import_id)
    kind = import_kind(file_import.kind)
    try:
        with kind.run_scope():
            _read_and_apply(file_import, kind)
    except ImportStopped:
        logger.warning("File import %s was ended while it ran", file_import.pk)
    except CsvFileError as exc:
        file_import_fail(file_import, exc.message)
    except DomainError as exc:
        file_import_fail(file_import, _domain_message(exc))
    except Exception:
        logger.exception("File import %s stopped", file_import.pk)
        file_import_fail(file_import, stopped_message(file_import.pk))
    else:
        file_import_finish(file_import)
    file_import.refresh_from_db()
    return file_import


def _read_and_apply(file_import: FileImport, kind: ImportKind) -> None:
    account = file_import.account
    actor = file_import_actor(file_import)
    actor.require_account(account)
    actor.require(kind.import_perm)
    kind.check_allowed(actor, account, file_import.channel_id)
    with open(file_import.stored_path, "rb") as binary:
        reader = CsvReader(binary)
        kind.check_header(account, reader.header)
        writer = kind.writer(file_import, actor, reader.header)
        for batch in batches(reader, batch_rows(kind)):
            _apply_batch(file_import, kind, writer, batch, reader.bytes_read)


def _apply_batch(
    file_import: FileImport, kind: ImportKind, writer: BatchWriter, batch: list[Record], done: int
) -> None:
    try:
        with transaction.atomic():
            _save(file_import, writer.apply(batch), len(batch), done)
        return
    except FILE_LEVEL:
        raise
    except Exception:
        logger.info("File import %s: a batch failed, applying it row by row", file_import.pk)
        writer.undo()
    with transaction.atomic():
        _save(file_import, _row_by_row(kind, writer, batch), len(batch), done)


def _row_by_row(kind: ImportKind, writer: BatchWriter, batch: list[Record]) -> BatchReport:
    """Each row in its own savepoint: a row the writer fails on is rejected, with the reason."""
    report = BatchReport()
    for line, fields in batch:
        try:
            with transaction.atomic():
                report.add(writer.apply([(line, fields)]))
        except (*FILE_LEVEL, OperationalError):
            raise
        except Exception as exc:
            writer.undo()
            report.rejected += 1
            report.issues.append(rejection(line, kind.row_failure(exc), fields))
    report.issues.sort(key=lambda issue: issue.line)
    return report


def _save(file_import: FileImport, report: BatchReport, rows: int, done: int) -> None:
    file_import_record_issues(file_import, report.issues)
    file_import_progress(file_import, processed_bytes=done, rows=rows, **report.counts())


def _domain_message(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed):
        return " ".join(exc.errors.values())
    return exc.message


def stopped_message(file_import_id: int) -> str:
    """Why an import stopped part-way, and how far it got (its committed rows)."""
    done = FileImport.objects.filter(pk=file_import_id).values_list("rows_processed", flat=True)
    rows = done.first() or 0
    return (
        "The import stopped because of an unexpected error. "
        f"The first {rows:,} rows were processed and stay applied; run the file again "
        "to finish (rows already applied will be reported unchanged)."
    )


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run without the cyclic garbage collector, then restore it as it was (a kind's
    ``run_scope`` when its rows hold no reference cycles, e.g. SKU mappings).

    Reading a large file allocates two small containers per row (the reader's list and tuple),
    which keeps triggering collections that walk every live batch row: a third of the import's
    Python time at 1,000,000 rows. Reference counting frees each batch anyway. Pauses may nest
    and overlap across threads: the first one in stops the collector, the last one out restarts
    it (if it ran before).
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
