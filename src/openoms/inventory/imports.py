"""``IL_Inventory_Levels.csv``: import absolute totals per (warehouse, SKU), export the levels.

The import is the ``inventory_levels`` kind of the file import skeleton (``activity.imports``): the
file is stored and its header checked at once, then the task streams it in batches of 10,000 rows
through the same ``LevelWriter`` as the API's bulk update (trigger Import Inventory Level, reference
``import #<id>``), one transaction per batch. Memory stays flat whatever the file size: one batch,
plus two small ints per (warehouse, SKU) already seen (duplicates are rejected across the whole
file). The totals are absolute, so running a file again is idempotent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from openoms.activity.import_kinds import BatchReport, ImportKind, Record, rejection
from openoms.activity.import_runner import file_import_run, gc_paused
from openoms.activity.imports import file_import_start
from openoms.activity.models import FileImport
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
BATCH_ROWS = 50_000  # one COPY-based statement per chunk: fewer, larger chunks (bench/)

inventory_import_run = file_import_run  # the one run loop, under the name callers know


def inventory_template_csv() -> str:
    """The import template: the header row only."""
    return csv_line(IL_HEADER)


def _check_header(account: Account, header: list[str]) -> None:
    problem = header_problem(header, IL_HEADER)
    if problem:
        raise CsvFileError(problem)


@dataclass
class LevelImportWriter:
    """A file's rows through the ``LevelWriter``: width checks, then one write per batch."""

    writer: LevelWriter
    first_line: int = 0  # of the last batch applied

    def apply(self, records: list[Record]) -> BatchReport:
        self.first_line = records[0][0] if records else 0
        report = BatchReport()
        fields_by_line = dict(records)
        rows = []
        for line, fields in records:
            if len(fields) == len(IL_HEADER):
                rows.append(LevelRow(line, *fields))
            else:
                reason = f"The row has {len(fields)} columns; the header has {len(IL_HEADER)}."
                report.issues.append(rejection(line, reason, fields))
                report.rejected += 1
        for outcome in self.writer.apply(rows).outcomes:
            if outcome.status == REJECTED:
                report.rejected += 1
                fields = fields_by_line[outcome.line]
                report.issues.append(rejection(outcome.line, outcome.error, fields))
            elif outcome.created:
                report.created += 1
            elif outcome.status == UPDATED:
                report.updated += 1
            else:
                report.unchanged += 1
        report.issues.sort(key=lambda issue: issue.line)
        return report

    def undo(self) -> None:
        """Forget the (warehouse, SKU) pairs the last batch claimed (lines only grow through the
        file, so they are those claimed from its first line on): its rows are applied again."""
        seen = self.writer.seen
        for key in [key for key, line in seen.items() if line >= self.first_line]:
            del seen[key]


def _writer(file_import: FileImport, actor: Actor, header: list[str]) -> LevelImportWriter:
    writer = LevelWriter(
        actor=actor,
        account=file_import.account,
        trigger=Trigger.IMPORT_INVENTORY_LEVEL,
        reference=f"import #{file_import.pk}",
        quantity_label="quantity",
    )
    return LevelImportWriter(writer)


INVENTORY_IMPORT = ImportKind(
    code=IMPORT_KIND,
    label="Inventory levels",
    file_name=IL_FILE,
    import_perm=Perm.INVENTORY_ADJUST,
    view_perm=Perm.INVENTORY_VIEW,
    batch_rows=BATCH_ROWS,
    check_header=_check_header,
    writer=_writer,
    run_scope=gc_paused,
)


def inventory_import_start(
    *, actor: Actor, account: Account, upload, file_name: str | None = None
) -> FileImport:
    """Store an ``IL_Inventory_Levels.csv`` upload and queue its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, or a wrong header row.
    """
    return file_import_start(
        actor=actor, account=account, kind=IMPORT_KIND, upload=upload, file_name=file_name
    )


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
