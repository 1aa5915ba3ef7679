"""Background work of the catalog: running a queued product import.

Enqueued with ``transaction.on_commit`` by ``product_import_start``; running it twice is harmless
(a run claims the queued import first, and a second delivery finds it already taken).
"""

from __future__ import annotations

from django_tasks import task

from openoms.catalog.imports import product_import_run


@task()
def product_import_task(file_import_id: int) -> int:
    """Import the stored ``P_Products.csv`` of that FileImport; returns its id."""
    return product_import_run(file_import_id).pk
