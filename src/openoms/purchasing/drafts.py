"""What a new purchase order is made of, before it is checked and stored: the one input of
``purchase_order_create`` for every source (the UI form, the API, a CSV file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class PurchaseLineDraft:
    """A line: an OpenOMS ``sku``, a quantity (checked: a whole number from 1), and the lot
    and serial number sent to the warehouse (a serial number means quantity 1)."""

    sku: str
    quantity: object
    lot_number: str = ""
    serial_number: str = ""


@dataclass(frozen=True)
class PurchaseOrderDraft:
    """A purchase order as received: ``warehouse`` is a physical warehouse's code; ``carrier``
    and ``service`` the inbound carrier's codes (the API Validation Rules check them);
    ``references`` free key → value pairs (the References tab)."""

    order_number: str
    warehouse: str
    lines: list[PurchaseLineDraft]
    supplier: str = ""
    reference_number: str = ""
    purchase_order_number: str = ""
    source_text: str = ""
    carrier: str = ""
    service: str = ""
    order_date: datetime | None = None
    cancel_after: date | None = None
    requested_ship_date: date | None = None
    references: dict = field(default_factory=dict)


MAX_LINES = 500
MAX_QUANTITY = 1_000_000
