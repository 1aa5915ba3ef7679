"""Rows of ``PO_Import_Orders.csv`` into purchase orders: ``PurchaseRowsWriter``, the file's
``BatchWriter``.

One row per order line; the order's fields (``ORDER_COLUMNS``) are repeated on each of its rows.
The grouping, the checks of widths and repeated fields, the whole-order rejection and the skip of
a number the account has already are the import skeleton's (``activity.grouped_rows``); this
module says what a purchase order's rows are: its columns, the ``PurchaseOrderDraft`` they make
and ``purchase_order_create`` (source *File import*, Draft).

The rules are the service's; this module only reads the file: widths, repeated order fields and
the dates (``order_date`` in the account's timezone when it has no offset).
"""

from __future__ import annotations

from datetime import date

from django.utils.dateparse import parse_date

from openoms.activity.grouped_rows import (
    GroupedRows,
    GroupedRowsWriter,
    order_date_parse,
    year_check,
)
from openoms.activity.grouped_rows import order_last_lines as order_last_lines
from openoms.activity.import_kinds import Record
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderSource
from openoms.purchasing.services.purchase_orders import purchase_order_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

ORDER_COLUMNS = [
    "order_number",
    "order_date",
    "warehouse",
    "supplier",
    "reference_number",
    "purchase_order_number",
    "source",
    "cancel_after",
    "requested_ship_date",
    "carrier",
    "service",
]
LINE_COLUMNS = ["sku", "quantity", "lot_number", "serial_number"]
PO_HEADER = ORDER_COLUMNS + LINE_COLUMNS
# The service's error keys that name another column of the file.
COLUMN_OF_KEY = {"source_text": "source"}


def day_parse(column: str, text: str) -> date | None:
    """A date column (``cancel_after``, ``requested_ship_date``); None when empty."""
    text = text.strip()
    if not text:
        return None
    try:
        found = parse_date(text)
    except ValueError:
        found = None
    if found is None:
        raise ValueError(f"{column}: not a date; write one such as 2026-12-31.")
    year_check(column, found)
    return found


def _column_of(error_key: str) -> str:
    return COLUMN_OF_KEY.get(error_key, error_key)


def _exists(account: Account, number: str) -> bool:
    return PurchaseOrder.objects.filter(account=account, order_number=number).exists()


def _draft(rows: list[Record], zone: str) -> PurchaseOrderDraft:
    first = dict(zip(PO_HEADER, (value.strip() for value in rows[0][1]), strict=True))
    lines = []
    for _, fields in rows:
        line = dict(zip(PO_HEADER, (value.strip() for value in fields), strict=True))
        lines.append(
            PurchaseLineDraft(
                sku=line["sku"],
                quantity=line["quantity"],
                lot_number=line["lot_number"],
                serial_number=line["serial_number"],
            )
        )
    return PurchaseOrderDraft(
        order_number=first["order_number"],
        warehouse=first["warehouse"],
        lines=lines,
        supplier=first["supplier"],
        reference_number=first["reference_number"],
        purchase_order_number=first["purchase_order_number"],
        source_text=first["source"],
        carrier=first["carrier"],
        service=first["service"],
        order_date=order_date_parse(first["order_date"], zone),
        cancel_after=day_parse("cancel_after", first["cancel_after"]),
        requested_ship_date=day_parse("requested_ship_date", first["requested_ship_date"]),
    )


def _create(actor: Actor, account: Account, draft: PurchaseOrderDraft) -> None:
    purchase_order_create(
        actor=actor, account=account, draft=draft, source=PurchaseOrderSource.FILE
    )


PURCHASE_ORDER_ROWS = GroupedRows(
    label="Purchase order",
    header_width=len(PO_HEADER),
    order_columns=ORDER_COLUMNS,
    exists=_exists,
    draft=_draft,
    create=_create,
    column_of=_column_of,
)


class PurchaseRowsWriter(GroupedRowsWriter):
    """``PO_Import_Orders.csv``'s writer: each order created at its last line (see the module)."""

    spec = PURCHASE_ORDER_ROWS
