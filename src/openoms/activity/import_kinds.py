"""What a kind of file import is: the declaration each owning app registers, and the registry.

The skeleton (``import_start`` → ``tasks`` → ``import_runner``) is the same for every file; the
owning app fills it in with an ``ImportKind``: its code, who may import and read it, how its header
is checked, and the ``BatchWriter`` that parses and writes the rows of one file. Apps register
their kinds in ``AppConfig.ready`` (``register_import_kind``), so activity imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Protocol

from django.db import IntegrityError

from openoms.activity.models import FileImport, IssueSeverity
from openoms.activity.services import IssueDraft
from openoms.core.csv_files import csv_line
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

Record = tuple[int, list[str]]


@dataclass
class BatchReport:
    """What one batch did: row counts by outcome, and the issues to store."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warning: int = 0
    issues: list[IssueDraft] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warning": self.warning,
        }

    def add(self, other: BatchReport) -> None:
        """Add ``other``'s counts and issues to this report."""
        for name, value in other.counts().items():
            setattr(self, name, getattr(self, name) + value)
        self.issues.extend(other.issues)


class BatchWriter(Protocol):
    """Parses and writes the rows of one file, batch after batch, inside the runner's
    transaction; it may remember things across batches (the keys already seen…)."""

    def apply(self, records: list[Record]) -> BatchReport:
        """Check and write ``records``; every record counted once in the report."""

    def undo(self) -> None:
        """Forget what the last ``apply`` remembered: its transaction was rolled back."""


def excerpt(fields: list[str]) -> str:
    """The row as it was in the file (shortened), for the issues list."""
    return csv_line(fields).rstrip("\r\n")[:300]


def writer_failure(exc: Exception) -> str:
    """Why a row was rejected by the writer (not by its checks), for a person."""
    if isinstance(exc, IntegrityError):
        return (
            "This row conflicts with a change saved at the same time (e.g. the same SKU created "
            "by another import or user); import the file again to apply it."
        )
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"The row could not be saved: {message}"[:500]


def _nothing(*args) -> None:
    return None


@dataclass(frozen=True)
class ImportKind:
    """One kind of file import, declared by the app that owns its rows.

    ``check_header(account, header)`` raises ``CsvFileError``; ``check_allowed(actor, account,
    channel_id)`` raises what refuses the import beyond ``import_perm`` (e.g. a channel is the
    Master Product Source), at upload and again when the run starts; ``writer(file_import,
    actor, header)`` builds the file's ``BatchWriter``. ``for_channel``: each import is for one
    channel of the account (``FileImport.channel``).
    """

    code: str
    label: str
    file_name: str
    import_perm: Perm
    view_perm: Perm
    batch_rows: int
    check_header: Callable[[Account, list[str]], object]
    writer: Callable[[FileImport, Actor, list[str]], BatchWriter]
    check_allowed: Callable[[Actor, Account, int | None], None] = _nothing
    for_channel: bool = False
    run_scope: Callable[[], AbstractContextManager] = nullcontext
    row_failure: Callable[[Exception], str] = writer_failure


_KINDS: dict[str, ImportKind] = {}


def register_import_kind(kind: ImportKind) -> None:
    """Declare ``kind`` (once per code; registering the same code again replaces it)."""
    _KINDS[kind.code] = kind


def import_kind(code: str) -> ImportKind:
    """The registered kind of that code (``KeyError`` for an unknown one)."""
    return _KINDS[code]


def import_kinds() -> dict[str, ImportKind]:
    """Every registered kind by code."""
    return dict(_KINDS)


def rejection(line: int, reason: str, fields: list[str]) -> IssueDraft:
    """A rejected row's issue."""
    return IssueDraft(line, reason, excerpt=excerpt(fields))


def warning(line: int, reason: str, fields: list[str]) -> IssueDraft:
    """A warned row's issue (the row was skipped, the file went on)."""
    return IssueDraft(line, reason, severity=IssueSeverity.WARNING, excerpt=excerpt(fields))
