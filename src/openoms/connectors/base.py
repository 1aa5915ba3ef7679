"""What a connector offers, as Protocols: the sync service asks a connector for these roles.

A connector declares its capabilities (``capabilities`` on its class); ``ROLES`` says which
Protocol each capability needs, so the registry's contract test proves a connector plays every
role it declares. A connector signals a failure of the remote service with ``ConnectorError``
(a message for a person); ``ConnectorUnavailable`` means there is no connector for the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from openoms.connectors.fulfillment_types import (
    CancelResult,
    FulfillmentOrder,
    ReceivingOrderDraft,
    ReceivingStatus,
    SentOrder,
    Shipment,
)
from openoms.connectors.types import ProductData, StockLevel
from openoms.core.capabilities import Capability


class ConnectorError(Exception):
    """The channel could not be reached or refused the request; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConnectorUnavailable(ConnectorError):
    """The channel's kind has no connector (yet) for the work asked of it."""


@dataclass(frozen=True)
class Notice:
    """Something a connector tells the people watching the channel while it works (an Event):
    ``level`` is "info", "warning" or "error"; ``message`` says what happened, for a person."""

    level: str
    message: str


def _ignore(_: object) -> None:
    return None


@dataclass(frozen=True)
class ChannelAccess:
    """What a connector is built from: one channel's credentials (decrypted), the name it goes
    by in messages (``channel_ref``, e.g. "channel 12"), the API base URL when the channel's
    Advanced settings override the service's own ("" otherwise), where to report ``Notice``s
    (each becomes an Event of the channel at once, even if the run fails later) and where to
    store credentials the connector renewed (a new access token: ``save_credentials`` gets the
    whole new dict and stores it encrypted)."""

    credentials: dict
    channel_ref: str
    base_url: str = ""
    report: Callable[[Notice], None] = field(default=_ignore, compare=False)
    save_credentials: Callable[[dict], None] = field(default=_ignore, compare=False)


@runtime_checkable
class ProductSource(Protocol):
    """A channel products can be imported from (a Master Product Channel)."""

    def fetch_products(self) -> Iterable[ProductData]:
        """Every SKU of the channel's catalog, in the channel's order (duplicates included)."""
        ...


@runtime_checkable
class ProductTarget(Protocol):
    """A channel products can be exported to."""

    def push_products(self, products: Iterable[ProductData]) -> int:
        """Create or update these SKUs in the channel; returns how many it received."""
        ...


@runtime_checkable
class AuthorizationRefresher(Protocol):
    """A channel whose API token OpenOMS refreshes (the Authorization Refresh job)."""

    def refresh_authorization(self) -> datetime | None:
        """Renew the token; returns when the new one expires (None: it does not expire)."""
        ...


@runtime_checkable
class InventorySource(Protocol):
    """A channel whose stock counts OpenOMS imports (a 3PL: the Import Inventory job)."""

    def fetch_inventory(
        self, skus: Sequence[str], locations: Sequence[str]
    ) -> Iterable[StockLevel]:
        """The on-hand quantity of these SKUs at these locations. A service that can only list
        everything may report more (other SKUs, other locations); the caller sorts them out."""
        ...


@runtime_checkable
class InventoryTarget(Protocol):
    """A channel OpenOMS feeds with the quantities it may sell (the Export Inventory job)."""

    def push_inventory(self, levels: Iterable[StockLevel]) -> int:
        """Set these full quantities in the channel; returns how many it received."""
        ...


@dataclass(frozen=True)
class ListingLevel:
    """One listing's quantity at one location of a store, as read from it: ``listing`` is the
    store's item (Shopify: the inventory item GID), ``sku`` its SKU, ``location`` the location as
    the caller named it (a warehouse mapping's external id), ``available`` None when the item is
    not stocked there."""

    listing: str
    sku: str
    location: str
    available: int | None


@runtime_checkable
class InventoryReader(Protocol):
    """A store whose levels OpenOMS reads back to correct drift (reconciliation, ADR 0004 §8)."""

    def read_levels(self, locations: Sequence[str]) -> Iterable[ListingLevel]:
        """Every listing stocked at these locations with its available quantity; a location
        that is not the store's is left out with a Warning notice."""
        ...


@runtime_checkable
class InventoryUpdater(InventoryReader, Protocol):
    """A store OpenOMS keeps up to date quantity by quantity (the inventory sync outbox,
    docs/adr/0004); ``read_levels`` gives its listings (items by SKU). Entries are shaped like
    ``QuantitySet`` / ``QuantityDelta`` (item, location, quantity or delta, ``compare``: the
    value the caller knows, for compare-and-set, and a ``label`` for messages); results say per entry whether it was ``applied`` (else ``code``
    and ``message``). ``key``: the idempotency key of the batch — a batch sent again with the
    same key is applied once."""

    def location_ref(self, location: str) -> str | None:
        """The store's id of a warehouse mapping's external id (None: it names no location)."""
        ...

    def push_capacity(self) -> int:
        """How many entries one call can carry now that the store's budget can pay for."""
        ...

    def set_quantities(self, quantities: Sequence, key: str | None = None) -> list:
        """Set absolute quantities; one result per entry, in order."""
        ...

    def adjust_quantities(self, deltas: Sequence, key: str | None = None) -> list:
        """Apply deltas; one result per entry, in order."""
        ...


@runtime_checkable
class ShipmentSender(Protocol):
    """A 3PL OpenOMS sends shipments to for fulfillment (the Send Shipments job), and asks to
    cancel them. ``order_send`` is idempotent on the order's ``reference``: the same reference
    sent again returns the 3PL's order with ``already_sent``, never a second order."""

    def order_send(self, order: FulfillmentOrder) -> SentOrder:
        """Create the order at the 3PL, or return the one it already has for the reference."""
        ...

    def order_cancel(self, order_id: str) -> CancelResult:
        """Cancel what the 3PL has not picked yet; a refusal says why."""
        ...


@runtime_checkable
class ShipmentSource(Protocol):
    """A 3PL whose shipments OpenOMS reads back (the Import Shipments job, webhooks aside)."""

    def shipments(self, order_id: str) -> list[Shipment]:
        """The 3PL order's shipments as they are now (open, shipped, cancelled)."""
        ...

    def shipments_since(self, since: datetime) -> list[Shipment]:
        """Every shipment updated at or after ``since``."""
        ...


@runtime_checkable
class ReceivingSender(Protocol):
    """A 3PL OpenOMS sends purchase orders to as receiving orders (the Send Purchase Orders
    job). Idempotent on the draft's ``reference`` (the PO number): a reference sent again, or
    found with ``receiving_order_find``, is the 3PL's existing receiving order
    (``already_sent``), never a second one."""

    def receiving_order_send(self, draft: ReceivingOrderDraft) -> ReceivingStatus:
        """Create the receiving order, or return the one the 3PL has for the reference."""
        ...

    def receiving_order_find(self, reference: str) -> ReceivingStatus | None:
        """The live receiving order of this PO number, or None."""
        ...


@runtime_checkable
class ReceiptSource(Protocol):
    """A 3PL whose receipts OpenOMS reads back (the Import Receipts job)."""

    def receiving_order(self, receiving_id: str) -> ReceivingStatus:
        """The receiving order as it stands: cumulative received per SKU, closed or not."""
        ...


# The Protocol each capability needs (capabilities of orders and receipts get theirs with the
# releases that build them).
ROLES: dict[Capability, type] = {
    Capability.IMPORT_PRODUCTS: ProductSource,
    Capability.EXPORT_PRODUCTS: ProductTarget,
    Capability.IMPORT_INVENTORY: InventorySource,
    Capability.PUSH_INVENTORY: InventoryTarget,
    Capability.EXPORT_ORDERS: ShipmentSender,
    Capability.IMPORT_SHIPMENTS: ShipmentSource,
    Capability.EXPORT_PURCHASE_ORDERS: ReceivingSender,
    Capability.IMPORT_RECEIPTS: ReceiptSource,
}
