"""The ShipBob connector: a fulfillment channel's products, stock by fulfillment center, orders
with their shipments and receiving orders, through ShipBob's REST API 2026-01.

Credentials: ``api_token`` (a personal access token), ``channel_id`` (the ShipBob channel orders
are created in: digits, from ``GET /channel``) and an optional ``webhook_secret`` (``whsec_…``,
used where webhooks are verified). A warehouse mapping's external id on a ShipBob channel is the
fulfillment center id.

It plays ProductSource, ProductTarget, InventorySource and AuthorizationRefresher (a personal
access token does not expire: the Authorization Refresh job checks it and the channel id),
ShipmentSender and ShipmentSource (orders and their shipments), ReceivingSender and
ReceiptSource (purchase orders as WROs and their receipts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from openoms.connectors.base import ChannelAccess, ConnectorError
from openoms.connectors.fulfillment_types import (
    CancelResult,
    FulfillmentOrder,
    ReceivingOrderDraft,
    ReceivingStatus,
    SentOrder,
    Shipment,
)
from openoms.connectors.shipbob import inventory, orders, products, receiving
from openoms.connectors.shipbob.client import ShipBobClient
from openoms.connectors.types import ProductData, StockLevel
from openoms.core.capabilities import PRODUCT_CAPABILITIES, THREE_PL_CAPABILITIES


class ShipBob:
    """One ShipBob channel's connector (see the module). ``client_options`` are for tests:
    ``ShipBobClient``'s rate-limit ``window``, ``sleep`` between retries and HTTP ``transport``."""

    capabilities = THREE_PL_CAPABILITIES | PRODUCT_CAPABILITIES

    def __init__(self, access: ChannelAccess, **client_options) -> None:
        self.access = access
        self.client = ShipBobClient(access, **client_options)

    # -- authorization (AuthorizationRefresher) --------------------------------------------------
    def refresh_authorization(self) -> None:
        """Check that ShipBob accepts the token and knows the channel id (``GET /channel``);
        None: a personal access token does not expire, there is nothing to renew."""
        channel_id = self._channel_id()
        known = {
            str(channel.get("id"))
            for channel in self.client.pages("list the channels", "/channel", {})
        }
        if channel_id not in known:
            raise ConnectorError(
                f"ShipBob does not give this token access to channel {channel_id} "
                f"({self.access.channel_ref}): pick one of {', '.join(sorted(known)) or 'none'}."
            )
        return None

    # -- products (ProductSource, ProductTarget) ------------------------------------------------
    def fetch_products(self) -> Iterator[ProductData]:
        """Every SKU of the ShipBob catalog, in ShipBob's order."""
        return products.fetch_products(self.client)

    def push_products(self, items: Iterable[ProductData]) -> int:
        """Create the SKUs ShipBob lacks; → how many SKUs were received."""
        return products.push_products(self.client, items)

    # -- stock (InventorySource) ----------------------------------------------------------------
    def fetch_inventory(self, skus: Sequence[str], locations: Sequence[str]) -> list[StockLevel]:
        """On hand (``on_hand_quantity``: physically present, committed units included) of
        every item at each asked fulfillment center id."""
        return list(inventory.fetch_inventory(self.client, skus, locations))

    def fulfillment_centers(self) -> list[tuple[str, str]]:
        """(id, name) of the account's fulfillment centers, for warehouse mappings."""
        return inventory.fulfillment_centers(self.client)

    # -- orders and shipments ---------------------------------------------------------------------
    def order_send(self, order: FulfillmentOrder) -> SentOrder:
        """Create the order at ShipBob in the channel; an order ShipBob has already under this
        reference is returned (``already_sent``), never created again."""
        return orders.order_send(self.client, self._channel_id(), order)

    def order_cancel(self, shipbob_order_id: str) -> CancelResult:
        """Cancel what ShipBob has not picked yet; a refusal says why."""
        return orders.order_cancel(self.client, shipbob_order_id)

    def shipments(self, shipbob_order_id: str) -> list[Shipment]:
        """The order's shipments now: status, lines, tracking."""
        return orders.shipments(self.client, shipbob_order_id)

    def shipments_since(self, since: datetime) -> list[Shipment]:
        """The shipments updated since ``since`` (polling beside the webhooks)."""
        return orders.shipments_since(self.client, since)

    # -- receiving ------------------------------------------------------------------------------
    def receiving_order_send(self, draft: ReceivingOrderDraft) -> ReceivingStatus:
        """Send a purchase order as a WRO (or return the one ShipBob has for its number)."""
        return receiving.receiving_order_send(self.client, draft)

    def receiving_order(self, receiving_id: str) -> ReceivingStatus:
        """A WRO's status and its receipts per SKU."""
        return receiving.receiving_order(self.client, receiving_id)

    def receiving_order_find(self, reference: str) -> ReceivingStatus | None:
        """The live WRO of this purchase order number, or None."""
        return receiving.receiving_order_find(self.client, reference)

    def _channel_id(self) -> str:
        channel_id = str(self.access.credentials.get("channel_id") or "").strip()
        if not channel_id.isdigit() or int(channel_id) >= 2**31:
            raise ConnectorError(
                f"The ShipBob channel id of {self.access.channel_ref} must be the number of a "
                f"ShipBob channel (GET /channel), not '{channel_id}'."
            )
        return channel_id
