"""File imports: store an uploaded file, then follow the run (progress, counts, issues, outcome).

``import_start`` checks the kind's permission, calls ``file_import_create`` and enqueues the task;
the run reports through the helpers below (see ``import_runner``). The uploaded bytes are streamed
to ``DATA_DIR/uploads/<account id>/`` and never held in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openoms.activity.models import (
    Event,
    EventLevel,
    FileImport,
    FileImportIssue,
    ImportStatus,
    IssueSeverity,
)
from openoms.activity.selectors import (
    file_import_get,
    file_import_issues,
    file_import_issues_csv,
    file_imports_recent,
)
from openoms.core.errors import ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

__all__ = [
    "EventDraft",
    "ImportStopped",
    "IssueDraft",
    "event_record",
    "event_record_many",
    "event_run_scope",
    "file_import_create",
    "file_import_discard",
    "file_import_fail",
    "file_import_finish",
    "file_import_get",
    "file_import_issues",
    "file_import_issues_csv",
    "file_import_progress",
    "file_import_record_issues",
    "file_import_started",
    "file_imports_recent",
    "import_max_bytes",
]

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
MAX_STORED_ISSUES = 50_000
COPY_BLOCK = 1 << 20


@dataclass(frozen=True)
class IssueDraft:
    """A row's problem before it is stored: line, Error (row rejected) or Warning, reason."""

    line: int
    reason: str
    severity: str = IssueSeverity.ERROR
    excerpt: str = ""


def import_max_bytes() -> int:
    """The largest file an import accepts (``OPENOMS_IMPORT_MAX_BYTES``, 32 MB by default)."""
    return int(getattr(settings, "OPENOMS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def uploads_dir(account: Account) -> Path:
    return Path(settings.DATA_DIR) / "uploads" / str(account.pk)


class ImportStopped(Exception):
    """The import is no longer this run's (another run or the stale recovery ended it)."""


@transaction.atomic
def file_import_create(
    *,
    actor: Actor,
    account: Account,
    kind: str,
    upload,
    max_bytes: int,
    channel_id: int | None = None,
    file_name: str | None = None,
) -> FileImport:
    """Store ``upload`` (an UploadedFile or a binary file object) and queue its import row.

    A file over ``max_bytes`` is refused and nothing is stored. The caller has already checked
    the permission of its kind of import (and that ``channel_id`` is one of the account's).
    """
    actor.require_account(account)
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_bytes:
        raise ValidationFailed({"file": _too_large(max_bytes)})
    folder = uploads_dir(account)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.csv"
    size = _store(upload, path, max_bytes)
    return FileImport.objects.create(
        account=account,
        kind=kind,
        channel_id=channel_id,
        file_name=Path(file_name or getattr(upload, "name", "") or "upload.csv").name[:255],
        stored_path=str(path),
        total_bytes=size,
        created_by=actor.user,
        actor_label=actor.label[:200],
    )


def _store(upload, path: Path, max_bytes: int) -> int:
    size = 0
    try:
        with path.open("wb") as out:
            for block in _blocks(upload):
                size += len(block)
                if size > max_bytes:
                    raise ValidationFailed({"file": _too_large(max_bytes)})
                out.write(block)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return size


def _blocks(upload):
    if hasattr(upload, "chunks"):
        yield from upload.chunks(COPY_BLOCK)
        return
    while block := upload.read(COPY_BLOCK):
        yield block


def _too_large(max_bytes: int) -> str:
    return f"The file is larger than {_size_text(max_bytes)}; split it into smaller files."


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"


def file_import_discard(file_import: FileImport) -> None:
    """Forget an import refused before it ran: its stored file and its row."""
    Path(file_import.stored_path).unlink(missing_ok=True)
    file_import.delete()


def file_import_started(file_import_id: int) -> FileImport | None:
    """Claim a queued import for this run; None when another run already took it (or it ended)."""
    now = timezone.now()
    claimed = FileImport.objects.filter(pk=file_import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    return FileImport.objects.get(pk=file_import_id) if claimed else None


def file_import_progress(
    file_import: FileImport, *, processed_bytes: int, rows: int, **counts: int
) -> None:
    """Add a batch's rows and counts (created, updated, unchanged, rejected, warning), in the
    batch's transaction, and touch the heartbeat. ``ImportStopped`` when the import is no longer
    running (the stale recovery failed it): the caller's batch then rolls back."""
    increments = {f"{name}_count": F(f"{name}_count") + value for name, value in counts.items()}
    updated = FileImport.objects.filter(pk=file_import.pk, status=ImportStatus.RUNNING).update(
        processed_bytes=min(processed_bytes, file_import.total_bytes),
        rows_processed=F("rows_processed") + rows,
        heartbeat_at=timezone.now(),
        **increments,
    )
    if not updated:
        raise ImportStopped(f"Import {file_import.pk} is no longer running.")


def file_import_record_issues(file_import: FileImport, issues: list[IssueDraft]) -> int:
    """Store a batch's issues, up to ``MAX_STORED_ISSUES`` per import; returns how many stored."""
    if not issues:
        return 0
    room = MAX_STORED_ISSUES - FileImportIssue.objects.filter(file_import=file_import).count()
    rows = [
        FileImportIssue(
            file_import=file_import,
            line=issue.line,
            severity=issue.severity,
            reason=issue.reason[:500],
            row_excerpt=issue.excerpt[:300],
        )
        for issue in issues[: max(room, 0)]
    ]
    FileImportIssue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def file_import_finish(file_import: FileImport) -> None:
    FileImport.objects.filter(pk=file_import.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.SUCCEEDED,
        processed_bytes=F("total_bytes"),
        finished_at=timezone.now(),
    )


def file_import_fail(file_import: FileImport, error: str) -> None:
    """The whole file failed (or stopped): say why; rows of batches already done stay applied."""
    FileImport.objects.filter(pk=file_import.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED, error=error, finished_at=timezone.now()
    )


@dataclass(frozen=True)
class EventDraft:
    """An event before it is stored (for ``event_record_many``); the fields of ``Event``."""

    level: str
    message: str
    entity_type: str = ""
    entity_id: str = ""
    entity_label: str = ""
    channel_id: int | None = None
    actor_label: str = ""


_CURRENT_RUN: ContextVar[int | None] = ContextVar("openoms_event_run", default=None)


@contextmanager
def event_run_scope(run_id: int) -> Iterator[None]:
    """Every event recorded inside this block belongs to job run ``run_id`` (its Events)."""
    token = _CURRENT_RUN.set(run_id)
    try:
        yield
    finally:
        _CURRENT_RUN.reset(token)


def _event(account: Account, draft: EventDraft) -> Event:
    if draft.level not in EventLevel.values:
        raise ValueError(f"Unknown event level {draft.level!r}.")
    return Event(
        account=account,
        level=draft.level,
        message=draft.message,
        entity_type=draft.entity_type[:40],
        entity_id=str(draft.entity_id)[:255],
        entity_label=draft.entity_label[:255],
        channel_id=draft.channel_id,
        actor_label=draft.actor_label[:200],
        run_id=_CURRENT_RUN.get(),
    )


def event_record(
    *,
    account: Account,
    level: str,
    message: str,
    entity_type: str = "",
    entity_id: str = "",
    entity_label: str = "",
    channel_id: int | None = None,
    actor_label: str = "",
) -> Event:
    """Add one line to the account's Events log (in the caller's transaction)."""
    draft = EventDraft(
        level, message, entity_type, entity_id, entity_label, channel_id, actor_label
    )
    event = _event(account, draft)
    event.save()
    return event


def event_record_many(*, account: Account, drafts: list[EventDraft]) -> int:
    """Add several lines at once (e.g. one Warning per skipped SKU); returns how many."""
    events = [_event(account, draft) for draft in drafts]
    Event.objects.bulk_create(events, batch_size=1000)
    return len(events)
