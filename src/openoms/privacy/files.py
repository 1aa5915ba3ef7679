"""Uploaded ``SO_Import_Orders.csv`` files that hold a redacted order's rows are deleted.

A file cannot be redacted in place without rewriting what a person uploaded, and its import is
finished: the import's page keeps its counts and issues (already redacted) and says the file was
deleted, as after the upload retention (``activity.retention``). Every finished sales-order
import whose file is still kept is read (its order numbers only) at every run, since an upload
of today can hold orders dated long ago; the upload retention bounds how many there are. A
queued or running import's file is left for the next run.

Kill-safe: the file is deleted before its path is emptied, so a run stopped in between finds a
path without a file at its next run and empties it then.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from openoms.activity.models import FileImport, ImportStatus
from openoms.core.csv_files import CsvFileError
from openoms.orders.models import SalesOrder
from openoms.orders.order_csv import IMPORT_KIND
from openoms.orders.order_rows import order_last_lines
from openoms.tenancy.models import Account

FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
CHUNK = 500
log = logging.getLogger(__name__)


def order_files_purge(account: Account) -> int:
    """Delete the kept order files of ``account`` holding a redacted order; → how many."""
    imports = (
        FileImport.objects.filter(account=account, kind=IMPORT_KIND, status__in=FINISHED)
        .exclude(stored_path="")
        .values_list("pk", "stored_path")
    )
    deleted = 0
    for pk, stored_path in imports.iterator(chunk_size=CHUNK):
        path = Path(stored_path)
        if path.is_file() and not _holds_redacted(account, path):
            continue
        path.unlink(missing_ok=True)
        FileImport.objects.filter(pk=pk, stored_path=stored_path).update(stored_path="")
        log.info("Deleted uploaded file %s of import #%s: it held redacted orders", path.name, pk)
        deleted += 1
    return deleted


def _holds_redacted(account: Account, path: Path) -> bool:
    try:
        numbers = list(order_last_lines(str(path)))
    except (OSError, ValueError, csv.Error, CsvFileError):
        return True  # unreadable now: it cannot be checked, so it is not kept either
    redacted = SalesOrder.objects.filter(account=account, redacted_at__isnull=False)
    return any(
        redacted.filter(order_number__in=numbers[start : start + CHUNK]).exists()
        for start in range(0, len(numbers), CHUNK)
    )
