"""Uploaded files are deleted after ``OPENOMS_UPLOAD_RETENTION_DAYS`` (default 30; 0 keeps them).

``uploads_purge`` (the scheduler runs it at most once an hour) deletes the stored file of every
finished import uploaded longer ago than that, and any file left in the uploads folder that no
import refers to (an upload whose request failed) once it is as old. The ``FileImport`` row, its
counts and its rejected rows stay: only the file goes, its ``stored_path`` is emptied, and the
import's page says the file was deleted. The file of an import that is queued or running is never
deleted. Each deletion is logged; the report counts them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from openoms.activity.models import FileImport, ImportStatus

DEFAULT_RETENTION_DAYS = 30
FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
log = logging.getLogger(__name__)


@dataclass
class PurgeReport:
    deleted: int = 0  # files of finished imports
    orphans: int = 0  # files no import refers to
    bytes: int = 0


def upload_retention_days() -> int:
    return int(getattr(settings, "OPENOMS_UPLOAD_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def file_deleted_by_retention(file_import: FileImport) -> bool:
    """Whether a finished import's file is no longer kept (the purge emptied its path)."""
    return file_import.status in FINISHED and not file_import.stored_path


def uploads_purge(*, now: datetime | None = None) -> PurgeReport:
    """Delete the uploaded files older than the retention period; see the module's docstring."""
    report = PurgeReport()
    days = upload_retention_days()
    if days <= 0:
        return report
    cutoff = (now or timezone.now()) - timedelta(days=days)
    in_use = set(
        FileImport.objects.exclude(status__in=FINISHED)
        .exclude(stored_path="")
        .values_list("stored_path", flat=True)
    )
    expired = (
        FileImport.objects.filter(status__in=FINISHED, created_at__lt=cutoff)
        .exclude(stored_path="")
        .values_list("pk", "stored_path", "account_id")
    )
    for pk, path, account_id in expired.iterator():
        if path in in_use:
            continue
        still_finished = FileImport.objects.filter(pk=pk, stored_path=path, status__in=FINISHED)
        if still_finished.update(stored_path=""):
            report.bytes += _delete(Path(path), f"import #{pk} of account {account_id}", days)
            report.deleted += 1
    _purge_orphans(report, cutoff, days)
    if report.deleted or report.orphans:
        log.info(
            "Upload retention (%s days): deleted %s import file(s) and %s orphan file(s), %s bytes",
            days,
            report.deleted,
            report.orphans,
            report.bytes,
        )
    return report


def _purge_orphans(report: PurgeReport, cutoff: datetime, days: int) -> None:
    """Files of the uploads folder that no import row refers to, older than the cutoff."""
    folder = Path(settings.DATA_DIR) / "uploads"
    if not folder.is_dir():
        return
    oldest = cutoff.timestamp()
    candidates = [p for p in folder.glob("*/*") if p.is_file() and p.stat().st_mtime < oldest]
    if not candidates:
        return
    names = [str(path) for path in candidates]
    known: set[str] = set()
    for start in range(0, len(names), 500):
        rows = FileImport.objects.filter(stored_path__in=names[start : start + 500])
        known.update(rows.values_list("stored_path", flat=True))
    for path in candidates:
        if str(path) not in known:
            report.bytes += _delete(path, "no import", days)
            report.orphans += 1


def _delete(path: Path, owner: str, days: int) -> int:
    try:
        size = path.stat().st_size
        path.unlink()
    except FileNotFoundError:
        size = 0
    except OSError as exc:  # kept for the next purge (as an orphan); never stops the scheduler
        log.warning("Could not delete uploaded file %s (%s): %s", path, owner, exc)
        return 0
    log.info("Deleted uploaded file %s (%s) after %s days", path.name, owner, days)
    return size
