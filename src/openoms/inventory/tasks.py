"""Background work of inventory: running a queued inventory levels import.

Enqueued with ``transaction.on_commit`` by ``inventory_import_start``; running it twice is harmless
(a run claims the queued import first, and a second delivery finds it already taken).
"""

from __future__ import annotations

from django_tasks import task

from openoms.inventory.imports import inventory_import_run


@task()
def inventory_import_task(file_import_id: int) -> int:
    """Import the stored ``IL_Inventory_Levels.csv`` of that FileImport; returns its id."""
    return inventory_import_run(file_import_id).pk
