"""Rows of ``SO_Import_Orders.csv`` into sales orders: ``OrderRowsWriter``, the file's
``BatchWriter``.

One row per order line; the order's fields (``ORDER_COLUMNS``) are repeated on each of its rows.
The grouping, the checks of widths and repeated fields, the whole-order rejection and the skip of
a number the account has already are the import skeleton's (``activity.grouped_rows``); this
module says what a sales order's rows are: its columns, the ``OrderDraft`` they make (the order
date in the account's timezone when it has no offset) and ``sales_order_create`` (source *File
import*, Draft).
"""

from __future__ import annotations

from openoms.activity.grouped_rows import GroupedRows, GroupedRowsWriter, order_date_parse
from openoms.activity.grouped_rows import order_last_lines as order_last_lines
from openoms.activity.import_kinds import Record
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import OrderSource, SalesOrder
from openoms.orders.services.orders import sales_order_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

ORDER_COLUMNS = [
    "order_number",
    "order_date",
    "warehouse",
    "carrier",
    "service",
    "customer_name",
    "email",
    "phone",
    "ship_to_name",
    "ship_to_company",
    "ship_to_address1",
    "ship_to_address2",
    "ship_to_city",
    "ship_to_region",
    "ship_to_postal_code",
    "ship_to_country",
    "currency",
    "reference_number",
]
LINE_COLUMNS = ["sku", "quantity", "price"]
ORDER_HEADER = ORDER_COLUMNS + LINE_COLUMNS
SHIP_TO = "ship_to_"


def _column_of(error_key: str) -> str:
    """The file's column a service error key is about (``ship_to.city`` → ``ship_to_city``)."""
    if error_key.startswith("ship_to."):
        return SHIP_TO + error_key.split(".", 1)[1]
    return error_key


def _exists(account: Account, number: str) -> bool:
    return SalesOrder.objects.filter(account=account, order_number=number).exists()


def _draft(rows: list[Record], zone: str) -> OrderDraft:
    first = dict(zip(ORDER_HEADER, (value.strip() for value in rows[0][1]), strict=True))
    lines = [
        LineDraft(sku=fields[-3].strip(), quantity=fields[-2].strip(), price=fields[-1].strip())
        for _, fields in rows
    ]
    ship_to = {
        name.removeprefix(SHIP_TO): first[name]
        for name in ORDER_COLUMNS
        if name.startswith(SHIP_TO) and first[name]
    }
    return OrderDraft(
        order_number=first["order_number"],
        lines=lines,
        ship_to=ship_to,
        warehouse=first["warehouse"],
        carrier=first["carrier"],
        service=first["service"],
        customer_name=first["customer_name"],
        email=first["email"],
        phone=first["phone"],
        order_date=order_date_parse(first["order_date"], zone),
        currency=first["currency"],
        reference_number=first["reference_number"],
    )


def _create(actor: Actor, account: Account, draft: OrderDraft) -> None:
    sales_order_create(actor=actor, account=account, draft=draft, source=OrderSource.FILE)


SALES_ORDER_ROWS = GroupedRows(
    label="Order",
    header_width=len(ORDER_HEADER),
    order_columns=ORDER_COLUMNS,
    exists=_exists,
    draft=_draft,
    create=_create,
    column_of=_column_of,
)


class OrderRowsWriter(GroupedRowsWriter):
    """``SO_Import_Orders.csv``'s writer: each order created at its last line (see the module)."""

    spec = SALES_ORDER_ROWS
