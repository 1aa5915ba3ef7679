"""``IL_Inventory_Levels.csv``: import absolute totals per (warehouse, SKU), export the levels.

The import stores the file and checks its header at once, then a task streams it in batches of
10,000 rows through the same ``LevelWriter`` as the API's bulk update (trigger Import Inventory
Level, reference ``import #<id>``), one transaction per batch. Memory stays flat whatever the file
size: one batch, plus two small ints per (warehouse, SKU) already seen (duplicates are rejected
across the whole file).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from django.db import transaction

from openoms.activity.import_runner import (
    BatchHandler,
    BatchReport,
    Record,
    excerpt,
    file_import_actor,
    run_file_import,
    start_file_import,
)
from openoms.activity.models import FileImport
from openoms.activity.services import IssueDraft
from openoms.core.csv_files import CsvFileError, csv_chunks, csv_line, header_problem
from openoms.core.errors import NotFound
from openoms.inventory.models import AccountWarehouse, InventoryLevel, Warehouse, WarehouseKind
from openoms.inventory.services.bulk import REJECTED, UPDATED, LevelRow, LevelWriter
from openoms.inventory.services.level_rules import unknown_warehouse
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

IL_FILE = "IL_Inventory_Levels.csv"
IL_HEADER = ["Warehouse", "SKU", "Quantity"]
IMPORT_KIND = "inventory_levels"
BATCH_ROWS = 10_000


def inventory_template_csv() -> str:
    """The import template: the header row only."""
    return csv_line(IL_HEADER)


def inventory_import_start(*, actor: Actor, account: Account, upload) -> FileImport:
    """Store an ``IL_Inventory_Levels.csv`` upload and queue its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, or a wrong header row.
    """
    actor.require_account(account)
    actor.require(Perm.INVENTORY_ADJUST)
    with transaction.atomic():
        return start_file_import(
            actor=actor,
            account=account,
            kind=IMPORT_KIND,
            upload=upload,
            check_header=_check_header,
            enqueue=_enqueue,
        )


def _enqueue(file_import_id: int) -> None:
    from openoms.inventory.tasks import inventory_import_task

    inventory_import_task.enqueue(file_import_id)


def _check_header(header: list[str]) -> None:
    problem = header_problem(header, IL_HEADER)
    if problem:
        raise CsvFileError(problem)


def inventory_import_run(file_import_id: int) -> FileImport:
    """The task's body: apply the stored file batch by batch; returns the finished import."""
    return run_file_import(file_import_id, prepare=_prepare, batch_rows=BATCH_ROWS)


def _prepare(file_import: FileImport, header: list[str]) -> BatchHandler:
    _check_header(header)
    actor = file_import_actor(file_import)
    actor.require_account(file_import.account)
    writer = LevelWriter(
        actor=actor,
        account=file_import.account,
        trigger=Trigger.IMPORT_INVENTORY_LEVEL,
        reference=f"import #{file_import.pk}",
        quantity_label="quantity",
    )
    return partial(_apply_batch, writer)


def _apply_batch(writer: LevelWriter, records: list[Record]) -> BatchReport:
    report = BatchReport()
    fields_by_line = dict(records)
    rows = []
    for line, fields in records:
        if len(fields) == len(IL_HEADER):
            rows.append(LevelRow(line, *fields))
        else:
            reason = f"The row has {len(fields)} columns; the header has {len(IL_HEADER)}."
            report.issues.append(IssueDraft(line, reason, excerpt=excerpt(fields)))
            report.rejected += 1
    for outcome in writer.apply(rows).outcomes:
        if outcome.status == REJECTED:
            report.rejected += 1
            fields = fields_by_line[outcome.line]
            report.issues.append(IssueDraft(outcome.line, outcome.error, excerpt=excerpt(fields)))
        elif outcome.created:
            report.created += 1
        elif outcome.status == UPDATED:
            report.updated += 1
        else:
            report.unchanged += 1
    report.issues.sort(key=lambda issue: issue.line)
    return report


def inventory_levels_csv(
    *, actor: Actor, account: Account, warehouse_code: str | None = None
) -> Iterator[str]:
    """The account's levels in its enabled physical warehouses as ``IL_Inventory_Levels.csv``,
    by warehouse then SKU, streamed. A virtual warehouse code exports its members' levels."""
    actor.require_account(account)
    actor.require(Perm.INVENTORY_VIEW)
    enabled = AccountWarehouse.objects.filter(account=account).values("warehouse_id")
    warehouses = Warehouse.objects.filter(pk__in=enabled, kind=WarehouseKind.PHYSICAL)
    if warehouse_code:
        warehouses = _named(account, warehouses, warehouse_code.strip().upper())
    rows = (
        InventoryLevel.objects.filter(account=account, warehouse__in=warehouses)
        .order_by("warehouse__code", "variant__sku")
        .values_list("warehouse__code", "variant__sku", "total")
    )
    return csv_chunks(IL_HEADER, rows.iterator(chunk_size=5000))


def _named(account: Account, physical, code: str):
    enabled = AccountWarehouse.objects.filter(account=account, warehouse__code=code)
    row = enabled.select_related("warehouse").first()
    if row is None:
        raise NotFound(unknown_warehouse(code))
    if row.warehouse.is_virtual:
        return physical.filter(virtual_groups=row.warehouse)
    return physical.filter(pk=row.warehouse_id)
