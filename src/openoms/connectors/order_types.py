"""A sales order as a connector reads it from a sales channel, and the fulfillment it sends back,
independent of any channel's own format (Shopify today). The sales-orders release maps these onto
its models: channel SKUs go through the SKU mappings there, not here.

Times are timezone-aware (UTC). Money is a ``Decimal`` in the order's ``currency``. ``ref`` fields
are the channel's own ids (Shopify: GIDs), stable across reads, so an order seen twice (a webhook
and a poll) is recognised as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class PostalAddress:
    """A ship-to or bill-to address. ``country`` is ISO 3166-1 alpha-2 (e.g. "US"), ``state``
    the province or state code when the channel has one, else its name."""

    name: str = ""
    company: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    country: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Customer:
    """Who bought: the channel's customer id, contact and name (any may be empty)."""

    ref: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True)
class ChannelOrderLine:
    """One line: the channel's SKU ("" when the channel's product has none), quantity ordered and
    the unit price before discounts."""

    ref: str
    sku: str
    quantity: int
    unit_price: Decimal | None = None
    name: str = ""


@dataclass(frozen=True)
class ShippingLine:
    """How the buyer asked for the order to travel: the channel's shipping rate (Shopify: the
    order's shipping line, ``title`` "Standard Shipping", its ``code`` and ``source`` — the rate's
    provider, e.g. "shopify" or a carrier's app). Empty strings where the channel has none."""

    title: str = ""
    code: str = ""
    source: str = ""


@dataclass(frozen=True)
class ChannelOrder:
    """One order of a sales channel, as it is now. ``number`` is what people call it ("#1001");
    ``cancelled_at`` is set once the channel cancelled it; ``fulfillment_status`` is the channel's
    own word (Shopify: UNFULFILLED, PARTIALLY_FULFILLED, FULFILLED …); ``shipping`` is the
    shipping line the buyer chose (None when the order has none)."""

    ref: str
    number: str
    created_at: datetime
    updated_at: datetime
    lines: tuple[ChannelOrderLine, ...]
    currency: str = ""
    email: str = ""
    phone: str = ""
    customer: Customer | None = None
    ship_to: PostalAddress | None = None
    bill_to: PostalAddress | None = None
    cancelled_at: datetime | None = None
    fulfillment_status: str = ""
    note: str = ""
    shipping: ShippingLine | None = None


@dataclass(frozen=True)
class ShipmentLine:
    """A SKU and its quantity in one shipment: a channel's fulfillment (what left the warehouse)
    or a 3PL's shipment (shipped or still open)."""

    sku: str
    quantity: int


@dataclass(frozen=True)
class Tracking:
    """How a shipment travels: carrier (Shopify: the tracking company), tracking number, the
    carrier's tracking page and its service level (a 3PL's; Shopify has none)."""

    carrier: str
    number: str
    url: str = ""
    service: str = ""


@dataclass(frozen=True)
class ChannelFulfillment:
    """A fulfillment the channel recorded: its id there, status, lines and tracking."""

    ref: str
    status: str
    lines: tuple[ShipmentLine, ...]
    tracking: tuple[Tracking, ...] = ()
