"""Starting a file import, running a finished one again, and failing those whose worker died.

``file_import_start`` is the one way in for every kind (web upload, API body): it checks the
kind's permission, stores the file, refuses an unreadable one or a wrong header at once (nothing
kept), and enqueues its task (``core.task_queue``: in the same transaction on the database
backend, so an import and its task exist together or not at all). The run then
touches the import's heartbeat at every batch; ``file_imports_recover_stale`` (the scheduler's
tick) fails a running import whose heartbeat is older than ``OPENOMS_IMPORT_STALE_SECONDS``, with
an Error event saying how many rows were applied, and ``file_import_rerun`` imports the same file
again as a new import (an inventory levels file sets absolute totals, so running it again is
idempotent; products and SKU mappings report rows already applied as unchanged).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openoms.activity.import_kinds import ImportKind, import_kind
from openoms.activity.models import EventLevel, FileImport, ImportStatus
from openoms.activity.selectors import file_import_get
from openoms.activity.services import (
    event_record,
    file_import_create,
    file_import_discard,
    import_max_bytes,
)
from openoms.core import task_queue
from openoms.core.csv_files import CsvFileError, CsvReader
from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

DEFAULT_STALE_SECONDS = 600
RECOVERY_LABEL = "Scheduler"

FILE_IMPORT_TASK = "activity.file_import"


def stale_after() -> timedelta:
    """How long a running import may go without a heartbeat (``OPENOMS_IMPORT_STALE_SECONDS``,
    600 by default: longer than any batch takes, row-by-row retry included)."""
    return timedelta(
        seconds=getattr(settings, "OPENOMS_IMPORT_STALE_SECONDS", DEFAULT_STALE_SECONDS)
    )


def _require_importer(
    actor: Actor, account: Account, kind: ImportKind, channel_id: int | None
) -> None:
    actor.require_account(account)
    actor.require(kind.import_perm)
    if kind.for_channel and channel_id is None:
        raise NotFound("The channel of this import no longer exists.")
    if channel_id is not None and not kind.for_channel:
        raise ValueError(f"A {kind.code} import is not for a channel.")
    kind.check_allowed(actor, account, channel_id)


def file_import_start(
    *,
    actor: Actor,
    account: Account,
    kind: str,
    upload,
    channel_id: int | None = None,
    file_name: str | None = None,
) -> FileImport:
    """Store ``upload`` as an import of ``kind`` and queue its run.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, or a wrong header row; and whatever the kind refuses
    (its permission, its ``check_allowed``). ``channel_id``: the channel of a channel import,
    already checked by its app to be one of the account's.
    """
    spec = import_kind(kind)
    _require_importer(actor, account, spec, channel_id)
    with transaction.atomic():
        file_import = file_import_create(
            actor=actor,
            account=account,
            kind=spec.code,
            upload=upload,
            max_bytes=import_max_bytes(),
            channel_id=channel_id,
            file_name=file_name,
        )
        _check_header_or_discard(spec, account, file_import)
        task_queue.enqueue(FILE_IMPORT_TASK, file_import.pk)
    return file_import


def _check_header_or_discard(spec: ImportKind, account: Account, file_import: FileImport) -> None:
    try:
        with open(file_import.stored_path, "rb") as binary:
            spec.check_header(account, CsvReader(binary).header)
    except CsvFileError as exc:
        file_import_discard(file_import)
        raise ValidationFailed({"file": exc.message}) from exc


def file_import_rerun(*, actor: Actor, account: Account, pk: int) -> FileImport:
    """Import the file of finished import ``pk`` again, as a new import (its "Run again").

    ``Conflict`` while it is still queued or running, or when its file is no longer stored.
    """
    source = file_import_get(actor, account, pk)
    spec = import_kind(source.kind)
    _require_importer(actor, account, spec, source.channel_id)
    if not source.is_finished:
        raise Conflict("This import has not finished yet; run it again once it has.")
    path = Path(source.stored_path)
    if not source.stored_path or not path.is_file():
        raise Conflict("The file of this import is no longer kept; upload it again.")
    with path.open("rb") as stored:
        return file_import_start(
            actor=actor,
            account=account,
            kind=spec.code,
            upload=stored,
            channel_id=source.channel_id,
            file_name=source.file_name,
        )


def file_imports_recover_stale(*, now: datetime | None = None) -> int:
    """Fail every running import whose worker stopped beating, with an Error event saying how far
    it got; returns how many. Called by the scheduler at every tick."""
    now = now or timezone.now()
    stale = FileImport.objects.filter(
        status=ImportStatus.RUNNING, heartbeat_at__lt=now - stale_after()
    )
    recovered = 0
    for file_import in stale.select_related("account"):
        with transaction.atomic():
            updated = FileImport.objects.filter(
                pk=file_import.pk,
                status=ImportStatus.RUNNING,
                heartbeat_at=file_import.heartbeat_at,
            ).update(status=ImportStatus.FAILED, finished_at=now, error=_stale_error(file_import))
            if updated:
                _record_stale(file_import)
                recovered += 1
    return recovered


def _applied(file_import: FileImport) -> str:
    applied = file_import.created_count + file_import.updated_count + file_import.unchanged_count
    return (
        f"{file_import.rows_processed:,} rows were processed before it stopped "
        f"({applied:,} applied, {file_import.rejected_count:,} rejected)"
    )


def _stale_error(file_import: FileImport) -> str:
    return (
        "The worker running this import stopped responding (last sign of life "
        f"{file_import.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC). {_applied(file_import)}; they stay "
        "applied. Run the file again to finish it: rows already applied are reported unchanged."
    )


def _record_stale(file_import: FileImport) -> None:
    event_record(
        account=file_import.account,
        level=EventLevel.ERROR,
        message=(
            f"Import of {file_import.file_name} stopped: its worker stopped responding. "
            f"{_applied(file_import)}. Run the file again to finish it."
        ),
        entity_type="import",
        entity_id=str(file_import.pk),
        entity_label=file_import.file_name,
        channel_id=file_import.channel_id,
        actor_label=RECOVERY_LABEL,
    )
