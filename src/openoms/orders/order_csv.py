"""``SO_Import_Orders.csv``: sales orders as a file, both ways (one row per order line).

Import is the ``sales_orders`` kind of the file import skeleton (``activity.imports``): the file is
stored and its header checked at once (web upload or API body), then the task reads it in batches
through ``order_rows.OrderRowsWriter`` (see there for the row rules): each order is created as a
Draft (source *File import*) or rejected whole with its bad rows' lines and reasons. Export streams
a list of orders (the list's filters) in the same columns, one row per line, by order then line;
with no orders it is the header row only (the template).
"""

from __future__ import annotations

from collections.abc import Iterator

from openoms.activity.import_kinds import ImportKind, register_import_kind
from openoms.activity.imports import file_import_start
from openoms.activity.models import FileImport
from openoms.core.csv_files import CsvFileError, csv_chunks, csv_line, header_problem
from openoms.orders.models import SalesOrderLine
from openoms.orders.order_rows import (
    ORDER_HEADER,
    SHIP_TO,
    OrderRowsWriter,
    order_last_lines,
)
from openoms.orders.selectors import OrderFilters, sales_orders
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

ORDERS_FILE = "SO_Import_Orders.csv"
IMPORT_KIND = "sales_orders"
BATCH_ROWS = 5_000
ADDRESS_COLUMNS = [name for name in ORDER_HEADER if name.startswith(SHIP_TO)]


def orders_template_csv() -> str:
    """The import template: the header row only."""
    return csv_line(ORDER_HEADER)


def _check_header(account: Account, header: list[str]) -> None:
    problem = header_problem(header, ORDER_HEADER)
    if problem:
        raise CsvFileError(problem)


def _writer(file_import: FileImport, actor: Actor, header: list[str]) -> OrderRowsWriter:
    return OrderRowsWriter(
        actor=actor,
        account=file_import.account,
        last_lines=order_last_lines(file_import.stored_path),
    )


ORDERS_IMPORT = ImportKind(
    code=IMPORT_KIND,
    label="Sales orders",
    file_name=ORDERS_FILE,
    import_perm=Perm.ORDERS_MANAGE,
    view_perm=Perm.ORDERS_VIEW,
    batch_rows=BATCH_ROWS,
    check_header=_check_header,
    writer=_writer,
)


def register_order_imports() -> None:
    """Declare the sales orders import (called from ``OrdersConfig.ready``)."""
    register_import_kind(ORDERS_IMPORT)


def orders_import_start(
    *, actor: Actor, account: Account, upload, file_name: str | None = None
) -> FileImport:
    """Store an ``SO_Import_Orders.csv`` upload and queue its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, or a wrong header row.
    """
    return file_import_start(
        actor=actor, account=account, kind=IMPORT_KIND, upload=upload, file_name=file_name
    )


def sales_orders_csv(
    *, actor: Actor, account: Account, filters: OrderFilters | None = None
) -> Iterator[str]:
    """The orders of the list (``filters``) as ``SO_Import_Orders.csv`` rows, newest order
    first, its lines in order; streamed. Dates in UTC (ISO 8601)."""
    orders = sales_orders(actor, account, filters).values("pk")
    lines = (
        SalesOrderLine.objects.filter(order__in=orders)
        .select_related("order", "order__requested_warehouse")
        .order_by("-order__order_date", "-order_id", "line_number")
    )
    return csv_chunks(ORDER_HEADER, (_row(line) for line in lines.iterator(chunk_size=2000)))


def _row(line: SalesOrderLine) -> list[object]:
    order = line.order
    ship_to = order.ship_to or {}
    warehouse = order.requested_warehouse.code if order.requested_warehouse_id else ""
    return [
        order.order_number,
        order.order_date.isoformat().replace("+00:00", "Z"),
        warehouse,
        order.carrier_code,
        order.service_code,
        order.customer_name,
        order.email,
        order.phone,
        *(ship_to.get(name.removeprefix(SHIP_TO), "") for name in ADDRESS_COLUMNS),
        order.currency,
        order.reference_number,
        line.sku,
        line.quantity,
        f"{line.price:.2f}",
    ]
