"""Purchase orders and their receipts: request and response shapes.

The request's shape is checked here (types, unknown fields, lengths the service would cut); the
rules (SKUs of the account, quantities, the warehouse, serial numbers, the carrier) are the
service's (``purchasing.services.purchase_orders``), reported under the same dotted paths.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.api.schemas.sales_orders import CancelAfter, OrderDate
from openoms.purchasing.drafts import MAX_LINES, MAX_QUANTITY
from openoms.purchasing.models import PurchaseOrderSource, PurchaseOrderStatus, ReceiptStatus

PurchaseOrderStatusCode = Literal[tuple(PurchaseOrderStatus.values)]
PurchaseOrderSourceCode = Literal[tuple(PurchaseOrderSource.values)]
ReceiptStatusCode = Literal[tuple(ReceiptStatus.values)]
MAX_LINES_SENT = 10_000  # more is refused by shape; 501 to 10,000 by the service's rule
MAX_REFERENCES = 50
ReferenceKey = Annotated[StrictStr, Field(min_length=1, max_length=100)]
ReferenceValue = Annotated[StrictStr, Field(max_length=500)]


def _text(limit: int, description: str = "") -> object:
    return Field(None, max_length=limit, description=description or None)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PurchaseLineIn(_In):
    """One SKU expected from the supplier."""

    sku: StrictStr = Field(max_length=300, description="An OpenOMS SKU of the account, exactly.")
    quantity: StrictInt = Field(
        description=f"A JSON integer from 1 to {MAX_QUANTITY:,} (a string is refused); 1 when "
        "the line has a serial number."
    )
    lot_number: StrictStr | None = _text(300, "The lot the supplier ships (editable while Draft).")
    serial_number: StrictStr | None = _text(
        300, "One unit's serial number: the line's quantity must then be 1."
    )


class PurchaseOrderIn(_In):
    """A new purchase order (source `api`): Draft, or Approved with `approve: true`."""

    order_number: StrictStr = Field(
        max_length=200, description="1 to 100 characters, unique in the account."
    )
    warehouse: StrictStr = Field(
        max_length=200, description="The requested physical warehouse's code (enabled)."
    )
    supplier: StrictStr | None = _text(300, "Who ships the goods (up to 200 characters).")
    reference_number: StrictStr | None = _text(200, "Up to 100 characters.")
    purchase_order_number: StrictStr | None = _text(200, "The supplier's or the ERP's number.")
    source_text: StrictStr | None = _text(300, "Free text: where the order came from.")
    carrier: StrictStr | None = _text(200, "Inbound carrier code (API Validation Rules).")
    service: StrictStr | None = _text(200, "Service code of the carrier.")
    order_date: OrderDate = Field(
        None, description="ISO 8601; without an offset it is UTC. Omitted: now."
    )
    cancel_after: CancelAfter = Field(None, description="A date, e.g. 2026-12-31.")
    requested_ship_date: CancelAfter = Field(
        None, description="When the supplier should ship, e.g. 2026-12-01."
    )
    references: dict[ReferenceKey, ReferenceValue] | None = Field(
        None,
        max_length=MAX_REFERENCES,
        description=f"Free name → value pairs (the References tab), at most {MAX_REFERENCES}.",
    )
    approve: StrictBool = Field(
        False,
        description="true: Approved at once (its quantities count as Incoming; sent at once "
        "when the account's automatic purchase order workflow is on).",
    )
    lines: list[PurchaseLineIn] = Field(
        max_length=MAX_LINES_SENT, description=f"1 to {MAX_LINES} lines."
    )


class PurchaseLinePatchIn(_In):
    """A Draft line's lot and serial number; an omitted field is left as it is, "" clears it."""

    lot_number: StrictStr | None = _text(300)
    serial_number: StrictStr | None = _text(300, "Only on a line of quantity 1.")


class PurchaseLineOut(BaseModel):
    """A line: `quantity` ordered, `received` so far, `open` = still expected."""

    id: int
    line_number: int
    sku: str
    variant_id: int
    quantity: int
    received: int
    open: int
    lot_number: str
    serial_number: str


class ReceiptLineOut(BaseModel):
    id: int
    order_line_id: int
    sku: str
    quantity: int
    lot_number: str
    serial_number: str


class ReceiptOut(BaseModel):
    """One delivery the fulfillment channel confirmed (`<order number>-R<n>`)."""

    id: int
    number: str
    status: ReceiptStatusCode = Field(
        description="short_received: the order still expects more; received: it is complete."
    )
    external_ref: str
    received_at: UtcDatetime
    lines: list[ReceiptLineOut]


class PurchaseOrderEventOut(BaseModel):
    """Something that happened to the order, newest first."""

    id: int
    level: str
    message: str
    actor: str
    created_at: UtcDatetime


class PurchaseOrderSummaryOut(BaseModel):
    """A purchase order as the list shows it (GET its id for lines, receipts and events)."""

    id: int
    order_number: str
    order_date: UtcDatetime
    status: PurchaseOrderStatusCode
    source: PurchaseOrderSourceCode
    warehouse: str = Field(description="The requested warehouse's code.")
    supplier: str
    reference_number: str
    purchase_order_number: str
    line_count: int
    quantity: int = Field(description="Units ordered, all lines.")
    received: int = Field(description="Units received so far, all lines.")
    channel_id: int | None = Field(description="The fulfillment channel it was sent to.")
    external_ref: str = Field(description="The fulfillment channel's id of it (a ShipBob WRO).")
    last_error: str | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class PurchaseOrderOut(PurchaseOrderSummaryOut):
    """A purchase order with its lines, receipts and events."""

    source_text: str
    carrier: str
    service: str
    cancel_after: date | None
    requested_ship_date: date | None
    references: dict[str, str]
    send_requested_at: UtcDatetime | None
    sent_at: UtcDatetime | None
    lines: list[PurchaseLineOut]
    receipts: list[ReceiptOut]
    events: list[PurchaseOrderEventOut]


PurchaseOrderPageOut = page_schema(PurchaseOrderSummaryOut, "PurchaseOrderPageOut")
