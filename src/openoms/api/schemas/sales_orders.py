"""Sales orders and shipments: request and response shapes.

The request's shape is checked here (types, unknown fields, lengths the service would cut);
the rules (SKUs of the account, quantities, prices, the warehouse, the carrier) are the
service's (``orders.services.order_checks``), reported under the same dotted paths.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.orders.drafts import MAX_LINES, MAX_PRICE, MAX_QUANTITY
from openoms.orders.models import OrderSource, OrderStatus, ShipmentStatus

OrderStatusCode = Literal[tuple(OrderStatus.values)]
OrderSourceCode = Literal[tuple(OrderSource.values)]
ShipmentStatusCode = Literal[tuple(ShipmentStatus.values)]
MAX_LINES_SENT = 10_000  # more is refused by shape; 501 to 10,000 by the service's rule
MIN_YEAR, MAX_YEAR = 1970, 9998
MAX_PRICE_TEXT = 40


def _text(limit: int, description: str = "") -> object:
    return Field(None, max_length=limit, description=description or None)


def _in_range(value: datetime | date | None) -> datetime | date | None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"The year must be from {MIN_YEAR} to {MAX_YEAR}.")
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    return value


OrderDate = Annotated[datetime | None, AfterValidator(_in_range)]
CancelAfter = Annotated[date | None, AfterValidator(_in_range)]
Quantity = Annotated[
    StrictInt,
    Field(description=f"A JSON integer from 1 to {MAX_QUANTITY:,} (a string is refused)."),
]
PRICE_HELP = (
    f'The unit price, 0 to {MAX_PRICE:,} with at most 2 decimals, as a number or a string "9.90"; '
    "null or omitted: 0."
)


def _price_shape(value: Any) -> Any:
    """A JSON number, its text (the service checks the range) or null; nothing else."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and len(value) <= MAX_PRICE_TEXT:
        return value
    raise PydanticCustomError("price", 'The price is a number or a string such as "19.90".')


Price = Annotated[
    Any,
    AfterValidator(_price_shape),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": float(MAX_PRICE)},
                {"type": "string", "maxLength": MAX_PRICE_TEXT},
                {"type": "null"},
            ],
            "description": PRICE_HELP,
        }
    ),
    Field(None),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AddressIn(_In):
    """A postal address; every field is optional text (up to 200 characters)."""

    name: StrictStr | None = _text(300)
    company: StrictStr | None = _text(300)
    address1: StrictStr | None = _text(300)
    address2: StrictStr | None = _text(300)
    city: StrictStr | None = _text(300)
    region: StrictStr | None = _text(300, "State or province code, e.g. ON.")
    postal_code: StrictStr | None = _text(300)
    country: StrictStr | None = _text(300, "ISO 3166 country code, e.g. CA.")
    phone: StrictStr | None = _text(300)
    email: StrictStr | None = _text(300)


class OrderLineIn(_In):
    """One SKU of the order."""

    sku: StrictStr = Field(max_length=300, description="An OpenOMS SKU of the account, exactly.")
    quantity: Quantity
    price: Price


class SalesOrderIn(_In):
    """A new sales order (source `api`): Draft, or Approved with `approve: true`."""

    order_number: StrictStr = Field(
        max_length=200, description="1 to 100 characters, unique in the account."
    )
    warehouse: StrictStr | None = _text(200, "The requested physical warehouse's code.")
    carrier: StrictStr | None = _text(200, "Carrier code (checked by the API Validation Rules).")
    service: StrictStr | None = _text(200, "Service code of the carrier.")
    ship_to: AddressIn
    bill_to: AddressIn | None = Field(None, description="Omitted: the ship-to address.")
    customer_name: StrictStr | None = _text(200)
    email: StrictStr | None = _text(254)
    phone: StrictStr | None = _text(50)
    currency: StrictStr | None = Field(
        None, pattern=r"^([A-Za-z]{3})?$", description="ISO 4217 code, e.g. CAD."
    )
    reference_number: StrictStr | None = _text(100)
    cancel_after: CancelAfter = Field(None, description="A date, e.g. 2026-12-31.")
    order_date: OrderDate = Field(
        None, description="ISO 8601; without an offset it is UTC. Omitted: now."
    )
    approve: StrictBool = Field(
        False,
        description="true: Approved at once (then allocated if the account's automatic "
        "workflow is on).",
    )
    lines: list[OrderLineIn] = Field(
        max_length=MAX_LINES_SENT, description=f"1 to {MAX_LINES} lines."
    )


class OrderLineOut(BaseModel):
    """A line: ordered `quantity`, `shipped` so far, `amount` = quantity times price."""

    id: int
    line_number: int
    sku: str
    channel_sku: str
    quantity: int
    shipped: int
    price: str = Field(description='Decimal string, e.g. "19.90".')
    amount: str


class TrackingOut(BaseModel):
    number: str
    carrier: str | None = None
    url: str | None = None


class ShipmentLineOut(BaseModel):
    id: int
    order_line_id: int
    sku: str
    quantity: int = Field(description="Allocated to this shipment.")
    shipped: int


class ShipmentOut(BaseModel):
    """One warehouse's part of an order."""

    id: int
    number: str = Field(description="<order number>-<n>: the fulfillment channel's reference.")
    order_id: int
    order_number: str
    status: ShipmentStatusCode
    warehouse: str = Field(description="The physical warehouse's code.")
    fulfillment_channel_id: int | None = Field(
        description="The channel that ships it; null: marked shipped by hand (`.../ship`)."
    )
    external_ref: str
    carrier: str
    service: str
    tracking: list[TrackingOut]
    lines: list[ShipmentLineOut]
    last_error: str | None
    created_at: UtcDatetime
    sent_at: UtcDatetime | None
    shipped_at: UtcDatetime | None


class AddressOut(BaseModel):
    name: str | None = None
    company: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    phone: str | None = None
    email: str | None = None


class SalesOrderSummaryOut(BaseModel):
    """An order as the list shows it (GET its id for lines and shipments)."""

    id: int
    order_number: str
    order_date: UtcDatetime
    status: OrderStatusCode
    source: OrderSourceCode
    channel_id: int | None
    external_ref: str
    customer_name: str
    email: str
    warehouse: str | None = Field(description="The requested warehouse's code, or null.")
    currency: str
    total: str
    backordered: bool
    backordered_since: UtcDatetime | None
    last_error: str | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class SalesOrderOut(SalesOrderSummaryOut):
    """An order with its addresses, lines and shipments."""

    phone: str
    ship_to: AddressOut
    bill_to: AddressOut
    carrier: str
    service: str
    cancel_after: date | None
    reference_number: str
    cancel_requested_at: UtcDatetime | None
    redacted_at: UtcDatetime | None = Field(
        description="When the PII Redaction job replaced the customer's names, addresses, "
        'e-mail and phone with "[redacted]" (irreversibly); null while they are kept.'
    )
    lines: list[OrderLineOut]
    shipments: list[ShipmentOut]


class AllocationOut(BaseModel):
    """What allocating did: a shipment, or the order is backordered (and why)."""

    backordered: bool
    reason: str | None = Field(description="Why it is backordered (the short SKUs); else null.")
    shipment: ShipmentOut | None
    order: SalesOrderOut


class ShippedLineIn(_In):
    """How many of a SKU the shipment has shipped in total so far."""

    sku: StrictStr = Field(max_length=300)
    shipped: StrictInt = Field(ge=0, le=MAX_QUANTITY, description="The total so far, not a delta.")


class TrackingIn(_In):
    number: StrictStr = Field(min_length=1, max_length=200)
    carrier: StrictStr | None = _text(100)
    url: StrictStr | None = _text(2000)


class ShipmentShippedIn(_In):
    """What the warehouse shipped (totals per SKU) and its tracking numbers."""

    lines: list[ShippedLineIn] = Field(max_length=MAX_LINES)
    tracking: list[TrackingIn] = Field(default_factory=list, max_length=100)


SalesOrderPageOut = page_schema(SalesOrderSummaryOut, "SalesOrderPageOut")
ShipmentPageOut = page_schema(ShipmentOut, "ShipmentPageOut")
