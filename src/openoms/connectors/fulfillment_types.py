"""What OpenOMS exchanges with a 3PL about orders and purchase orders, independent of any 3PL's
own format: an order sent for fulfillment (its lines; its ship-to is the ``PostalAddress`` sales
orders are read with), the shipments that come back (lines and tracking, partial or complete), a
receiving order for a purchase order and its receipts; a shipment's lines and tracking are the
``ShipmentLine`` and ``Tracking`` a channel's fulfillment has. The sales-orders and purchasing
releases build these from their models; a connector (ShipBob today) turns them into its API's
requests and its answers back into these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openoms.connectors.order_types import PostalAddress, ShipmentLine, Tracking


@dataclass(frozen=True)
class OrderLine:
    """One line of an order sent to a 3PL: the 3PL's SKU and how many to ship."""

    sku: str
    quantity: int
    name: str = ""
    unit_price: Decimal | None = None
    line_ref: int | None = None  # the sender's line number, echoed back by some 3PLs


@dataclass(frozen=True)
class FulfillmentOrder:
    """An order OpenOMS asks a 3PL to ship. ``reference`` is OpenOMS's unique, immutable
    reference of what is sent (a shipment's number): sending the same reference again is
    recognised as "already sent", never a second order. ``email`` is the recipient's, for the
    carrier's notices. ``location`` is the 3PL's id of the warehouse that must ship it ("" lets
    the 3PL choose)."""

    reference: str
    lines: tuple[OrderLine, ...]
    ship_to: PostalAddress
    email: str = ""
    shipping_method: str = "Standard"
    order_number: str = ""
    purchase_date: datetime | None = None
    location: str = ""
    gift_message: str = ""


@dataclass(frozen=True)
class Shipment:
    """One shipment of an order at a 3PL, as the 3PL reports it now. ``status`` is the 3PL's own
    word; ``shipped`` says whether these lines left the warehouse (an order shipped partly has a
    shipped shipment and an open one), ``cancelled`` whether they never will."""

    shipment_id: str
    order_id: str
    reference: str
    status: str
    location: str
    lines: tuple[ShipmentLine, ...]
    tracking: Tracking | None = None
    shipped_at: datetime | None = None
    updated_at: datetime | None = None
    shipped: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class SentOrder:
    """A 3PL's answer to an order sent: its id there and status. ``already_sent`` is True when
    the 3PL already had an order with this reference (a retry, a repeated send): that order is
    returned and nothing new was created."""

    order_id: str
    reference: str
    status: str
    already_sent: bool
    shipments: tuple[Shipment, ...] = ()


@dataclass(frozen=True)
class CancelResult:
    """What cancelling an order at a 3PL did. ``cancelled`` is True when nothing is left to
    ship (``partly`` when some shipments could not be stopped); otherwise ``reason`` says why
    the 3PL refused (e.g. the shipment is already picked)."""

    order_id: str
    cancelled: bool
    status: str
    reason: str = ""
    partly: bool = False


@dataclass(frozen=True)
class ReceivingLine:
    """A SKU and the quantity expected on a receiving order (optionally of one lot)."""

    sku: str
    quantity: int
    lot_number: str = ""


@dataclass(frozen=True)
class ReceivingOrderDraft:
    """A purchase order sent to a 3PL as a receiving order: the PO's number (``reference``,
    unique: a second send of it is "already sent"), the 3PL's id of the receiving warehouse
    (``location``), when the goods should arrive and how they are packed. ``package_type``
    and ``box_packaging`` are the 3PL's words (ShipBob: Package / Pallet /
    FloorLoadedContainer; EverythingInOneBox / OneSkuPerBox / MultipleSkuPerBox)."""

    reference: str
    location: str
    expected_arrival: datetime
    lines: tuple[ReceivingLine, ...]
    package_type: str = "Package"
    box_packaging: str = "EverythingInOneBox"
    tracking_number: str = ""


@dataclass(frozen=True)
class Receipt:
    """One SKU of a receiving order: expected, received so far and put away so far."""

    sku: str
    expected: int
    received: int
    stowed: int = 0


@dataclass(frozen=True)
class ReceivingStatus:
    """A receiving order at a 3PL as it stands: its id there, the PO number, the 3PL's status
    word and the receipts per SKU. ``complete`` once the 3PL closed it as received;
    ``already_sent`` when a send found it already there."""

    receiving_id: str
    reference: str
    status: str
    location: str
    receipts: tuple[Receipt, ...]
    complete: bool = False
    already_sent: bool = False

    @property
    def partly_received(self) -> bool:
        """Something arrived but not everything, and the 3PL has not closed it."""
        return not self.complete and any(r.received for r in self.receipts)
