"""``PO_Import_Orders.csv``: purchase orders as a file, both ways (one row per order line).

Import is the ``purchase_orders`` kind of the file import skeleton (``activity.imports``): the
file is stored and its header checked at once (web upload or API body), then the task reads it in
batches through ``po_rows.PurchaseRowsWriter`` (see there for the row rules): each order is
created as a Draft (source *File import*) or rejected whole with its bad rows' lines and
reasons. Export streams a list of purchase orders (the list's filters) in the same columns, one
row per line, by order then line; with no orders it is the header row only (the template).
A purchase order's References (free name → value pairs) are not part of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from openoms.activity.import_kinds import ImportKind, register_import_kind
from openoms.activity.imports import file_import_start
from openoms.activity.models import FileImport
from openoms.core.csv_files import CsvFileError, csv_chunks, csv_line, header_problem
from openoms.purchasing.models import PurchaseOrderLine
from openoms.purchasing.po_rows import PO_HEADER, PurchaseRowsWriter, order_last_lines
from openoms.purchasing.selectors import PurchaseOrderFilters, purchase_orders
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

PO_FILE = "PO_Import_Orders.csv"
IMPORT_KIND = "purchase_orders"
BATCH_ROWS = 5_000


def purchase_orders_template_csv() -> str:
    """The import template: the header row only."""
    return csv_line(PO_HEADER)


def _check_header(account: Account, header: list[str]) -> None:
    problem = header_problem(header, PO_HEADER)
    if problem:
        raise CsvFileError(problem)


def _writer(file_import: FileImport, actor: Actor, header: list[str]) -> PurchaseRowsWriter:
    return PurchaseRowsWriter(
        actor=actor,
        account=file_import.account,
        last_lines=order_last_lines(file_import.stored_path),
    )


PURCHASE_ORDERS_IMPORT = ImportKind(
    code=IMPORT_KIND,
    label="Purchase orders",
    file_name=PO_FILE,
    import_perm=Perm.PURCHASES_MANAGE,
    view_perm=Perm.PURCHASES_VIEW,
    batch_rows=BATCH_ROWS,
    check_header=_check_header,
    writer=_writer,
)


def register_purchase_order_imports() -> None:
    """Declare the purchase orders import (called from ``PurchasingConfig.ready``)."""
    register_import_kind(PURCHASE_ORDERS_IMPORT)


def purchase_orders_import_start(
    *, actor: Actor, account: Account, upload, file_name: str | None = None
) -> FileImport:
    """Store a ``PO_Import_Orders.csv`` upload and queue its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, or a wrong header row.
    """
    return file_import_start(
        actor=actor, account=account, kind=IMPORT_KIND, upload=upload, file_name=file_name
    )


def purchase_orders_csv(
    *, actor: Actor, account: Account, filters: PurchaseOrderFilters | None = None
) -> Iterator[str]:
    """The purchase orders of the list (``filters``) as ``PO_Import_Orders.csv`` rows, newest
    order first, its lines in order; streamed. Dates in UTC (ISO 8601)."""
    orders = purchase_orders(actor, account, filters).values("pk")
    lines = (
        PurchaseOrderLine.objects.filter(order__in=orders)
        .select_related("order", "order__warehouse")
        .order_by("-order__order_date", "-order_id", "line_number")
    )
    return csv_chunks(PO_HEADER, (_row(line) for line in lines.iterator(chunk_size=2000)))


def _day(value) -> str:
    return value.isoformat() if value else ""


def _row(line: PurchaseOrderLine) -> list[object]:
    order = line.order
    return [
        order.order_number,
        order.order_date.isoformat().replace("+00:00", "Z"),
        order.warehouse.code,
        order.supplier,
        order.reference_number,
        order.purchase_order_number,
        order.source_text,
        _day(order.cancel_after),
        _day(order.requested_ship_date),
        order.carrier_code,
        order.service_code,
        line.sku,
        line.quantity,
        line.lot_number,
        line.serial_number,
    ]
