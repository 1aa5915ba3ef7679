"""Background work of channels: running a queued ``C_SKU_Mappings.csv`` import.

Enqueued with ``transaction.on_commit`` by ``sku_mapping_import_start``; running it twice is harmless
(a run claims the queued import first, and a second delivery finds it already taken).
"""

from __future__ import annotations

from django_tasks import task

from openoms.channels.sku_mapping_csv import sku_mapping_import_run


@task()
def sku_mapping_import_task(file_import_id: int) -> int:
    """Import the stored ``C_SKU_Mappings.csv`` of that FileImport; returns its id."""
    return sku_mapping_import_run(file_import_id).pk
