"""What a new sales order is made of, before it is checked and stored: the one input of
``sales_order_create`` for every source (the UI form, the API, a CSV file, a channel import)."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from openoms.catalog.models import ProductVariant


@dataclass(frozen=True)
class LineDraft:
    """A line: an OpenOMS ``sku`` (already translated from the channel's, kept in
    ``channel_sku``), a quantity and a unit price."""

    sku: str
    quantity: object
    price: object = None
    channel_sku: str = ""
    external_ref: str = ""


@dataclass(frozen=True)
class OrderDraft:
    """An order as received: addresses are dicts of ``models.ADDRESS_KEYS`` (unknown keys are
    refused); ``warehouse`` a warehouse code; ``channel_id`` and ``external_ref`` for an order
    imported from a sales channel."""

    order_number: str
    lines: list[LineDraft]
    ship_to: dict = field(default_factory=dict)
    bill_to: dict = field(default_factory=dict)
    warehouse: str = ""
    carrier: str = ""
    service: str = ""
    customer_name: str = ""
    email: str = ""
    phone: str = ""
    order_date: datetime | None = None
    cancel_after: date | None = None
    currency: str = ""
    reference_number: str = ""
    channel_id: int | None = None
    external_ref: str = ""


MAX_LINES = 500
MAX_QUANTITY = 100_000
MAX_PRICE = Decimal("999999999.99")


@dataclass(frozen=True)
class KnownRows:
    """What a caller importing a batch of drafts read for all of them at once, so that
    ``sales_order_create`` does not read it again for each: the account's variants by SKU, and
    order numbers that were free at that read (the unique key settles a number taken since:
    the insert fails and nothing is stored). A SKU or number not in them is read as usual."""

    variants: Mapping[str, ProductVariant]
    free_numbers: AbstractSet[str]
