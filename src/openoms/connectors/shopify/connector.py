"""The Shopify connector: a store channel of OpenOMS (Admin GraphQL, API 2026-04).

Built from a channel's ``ChannelAccess`` (the registry does it): credentials ``shop_domain`` and
either ``access_token`` or ``client_id`` + ``client_secret``; the API base URL override when the
channel has one (tests and the demo point it at the emulator). It plays the store roles: product
source and target (``catalog``), inventory target (``stock``, over ``inventory``) and
Authorization Refresh; ``orders`` reads orders, sends fulfillments and subscribes to the order
webhooks (plain methods until the sales-orders release gives them a role).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import cached_property

import httpx

from openoms.connectors.base import ChannelAccess, ListingLevel
from openoms.connectors.shopify import costs
from openoms.connectors.shopify.auth import Tokens, base_url, shop_domain
from openoms.connectors.shopify.catalog import Catalog
from openoms.connectors.shopify.client import TIMEOUT, ShopifyClient
from openoms.connectors.shopify.documents import MAX_INPUT_ITEMS
from openoms.connectors.shopify.inventory import Inventory, Location, location_gid
from openoms.connectors.shopify.levels_read import LevelsRead
from openoms.connectors.shopify.orders import Orders
from openoms.connectors.shopify.stock import StockPush
from openoms.connectors.shopify.throttle import CostBucket, bucket_for
from openoms.connectors.types import (
    ProductData,
    QuantityDelta,
    QuantityResult,
    QuantitySet,
    StockLevel,
)
from openoms.core.capabilities import STORE_CAPABILITIES


class ShopifyConnector:
    """One Shopify store. Built cheaply (the registry builds connectors to ask what they can
    do): the credentials are checked, and the HTTP client made, on first use — so a bad
    credential fails the run with its ``ConnectorError`` message. ``bucket``, ``sleep`` and
    ``http`` are for tests (a fresh cost bucket on a manual clock); by default the store's shared
    bucket (``bucket_for``) and real time."""

    capabilities = STORE_CAPABILITIES

    def __init__(
        self,
        access: ChannelAccess,
        *,
        bucket: CostBucket | None = None,
        sleep: Callable[[float], None] = time.sleep,
        http: httpx.Client | None = None,
    ):
        self.access = access
        self._bucket = bucket
        self._sleep = sleep
        self._http = http

    @cached_property
    def domain(self) -> str:
        return shop_domain(self.access.credentials.get("shop_domain"))

    @cached_property
    def base(self) -> str:
        return base_url(self.access, self.domain)

    @cached_property
    def http(self) -> httpx.Client:
        return self._http or httpx.Client(timeout=TIMEOUT)

    @cached_property
    def tokens(self) -> Tokens:
        return Tokens(self.access, self.base, self.http)

    @cached_property
    def client(self) -> ShopifyClient:
        bucket = self._bucket or bucket_for(self.base)
        return ShopifyClient(self.access, self.base, self.tokens, bucket, self.http, self._sleep)

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.client, self.access.report)

    @cached_property
    def inventory(self) -> Inventory:
        return Inventory(self.client, self.access.report)

    @cached_property
    def orders(self) -> Orders:
        return Orders(self.client)

    @cached_property
    def stock(self) -> StockPush:
        return StockPush(self.inventory, self.access.report)

    # -- roles ----------------------------------------------------------------------------------
    def fetch_products(self) -> Iterator[ProductData]:
        return self.catalog.fetch_products()

    def push_products(self, products: Iterable[ProductData]) -> int:
        return self.catalog.push_products(products)

    def push_inventory(self, levels: Iterable[StockLevel]) -> int:
        return self.stock.push_inventory(levels)

    def refresh_authorization(self) -> datetime | None:
        """A new token (client credentials) → its expiry; a plain admin token does not expire:
        it is checked with the cheapest query (``shop { id }``) → None."""
        if self.tokens.renewable:
            return self.tokens.renew()
        self.client.run(costs.shop_check())
        return None

    # -- for warehouse mappings and the inventory outbox -------------------------------------
    def locations(self) -> list[Location]:
        return self.inventory.locations()

    def set_quantities(
        self, quantities: Iterable[QuantitySet], key: str | None = None
    ) -> list[QuantityResult]:
        return self.inventory.set_quantities(quantities, key=key)

    def adjust_quantities(
        self, deltas: Iterable[QuantityDelta], key: str | None = None
    ) -> list[QuantityResult]:
        return self.inventory.adjust_quantities(deltas, key=key)

    def location_ref(self, location: str) -> str | None:
        """A warehouse mapping's external id as a Location GID (None: it names none)."""
        return location_gid(location)

    def push_capacity(self) -> int:
        """Entries one quantity mutation may carry now: its cost is flat (10 points whatever
        the count), so a full batch whenever the bucket can pay for a call; while it cannot,
        still a full batch (the call waits for the bucket rather than going out smaller)."""
        return MAX_INPUT_ITEMS

    def read_levels(self, locations: Sequence[str]) -> Iterator[ListingLevel]:
        return LevelsRead(self.inventory, self.access.report).read_levels(locations)

    def close(self) -> None:
        if "http" in self.__dict__:
            self.http.close()
