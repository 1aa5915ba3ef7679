"""The loop every CSV import shares: read the stored file in batches, one transaction per batch.

The owning app gives ``prepare(file_import, header)``, which checks the header (raising
``CsvFileError``) and returns the batch handler. Rows of finished batches stay applied when a
later batch fails; the import then ends Failed with the reason and how far it got.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from openoms.activity.models import FileImport
from openoms.activity.services import (
    IssueDraft,
    file_import_create,
    file_import_discard,
    file_import_fail,
    file_import_finish,
    file_import_progress,
    file_import_record_issues,
    file_import_started,
    import_max_bytes,
)
from openoms.core.csv_files import CsvFileError, CsvReader, csv_line
from openoms.core.errors import DomainError, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import SYSTEM

logger = logging.getLogger(__name__)

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


BatchHandler = Callable[[list[Record]], BatchReport]
Prepare = Callable[[FileImport, list[str]], BatchHandler]


def start_file_import(
    *,
    actor: Actor,
    account: Account,
    kind: str,
    upload,
    check_header: Callable[[list[str]], object],
    enqueue: Callable[[int], object],
) -> FileImport:
    """Store the upload, refuse an unreadable file or a wrong header at once (nothing is kept),
    and enqueue the run when the caller's transaction commits."""
    file_import = file_import_create(
        actor=actor, account=account, kind=kind, upload=upload, max_bytes=import_max_bytes()
    )
    try:
        with open(file_import.stored_path, "rb") as binary:
            check_header(CsvReader(binary).header)
    except CsvFileError as exc:
        file_import_discard(file_import)
        raise ValidationFailed({"file": exc.message}) from exc
    transaction.on_commit(lambda: enqueue(file_import.pk))
    return file_import


def file_import_actor(file_import: FileImport) -> Actor:
    """Who the queued run acts as: the user who uploaded, else the recorded label (API key, CLI)."""
    if file_import.created_by is not None:
        return Actor.for_user(file_import.created_by)
    return Actor(role=SYSTEM, label=file_import.actor_label)


def excerpt(fields: list[str]) -> str:
    """The row as it was in the file (shortened), for the issues list."""
    return csv_line(fields).rstrip("\r\n")[:300]


def batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_file_import(file_import_id: int, *, prepare: Prepare, batch_rows: int) -> FileImport:
    """Run a queued import to its end (Finished or Failed). A second delivery does nothing."""
    file_import = file_import_started(file_import_id)
    if file_import is None:
        return FileImport.objects.get(pk=file_import_id)
    try:
        _read_and_apply(file_import, prepare, batch_rows)
    except CsvFileError as exc:
        file_import_fail(file_import, exc.message)
    except DomainError as exc:
        file_import_fail(file_import, _domain_message(exc))
    except Exception:
        logger.exception("File import %s stopped", file_import.pk)
        file_import_fail(file_import, _stopped_message(file_import))
    else:
        file_import_finish(file_import)
    file_import.refresh_from_db()
    return file_import


def _read_and_apply(file_import: FileImport, prepare: Prepare, batch_rows: int) -> None:
    with open(file_import.stored_path, "rb") as binary:
        reader = CsvReader(binary)
        handle = prepare(file_import, reader.header)
        for batch in batches(reader, batch_rows):
            with transaction.atomic():
                report = handle(batch)
                file_import_record_issues(file_import, report.issues)
                file_import_progress(
                    file_import,
                    processed_bytes=reader.bytes_read,
                    rows=len(batch),
                    **report.counts(),
                )


def _domain_message(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed):
        return " ".join(exc.errors.values())
    return exc.message


def _stopped_message(file_import: FileImport) -> str:
    done = FileImport.objects.filter(pk=file_import.pk).values_list("rows_processed", flat=True)
    rows = done.first() or 0
    return (
        "The import stopped because of an unexpected error. "
        f"The first {rows:,} rows were processed and stay applied; import the file again "
        "to finish (rows already applied will be reported unchanged)."
    )
