"""What the Shopify connector's two test packages (``shopify``, ``shopify_orders``) share: the
Shopify emulator served from a thread on 127.0.0.1 (port 0) with a manual clock, one per test
module and reset for each test, and connectors against it whose cost bucket and retries wait on
that clock (no test sleeps for real). The fixtures are imported by both conftests."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from openoms.connectors.base import ChannelAccess
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.connectors.shopify.costs import Call
from openoms.connectors.shopify.throttle import CostBucket
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.schema import load_schema
from openoms_emulator.shopify.server import GRAPHQL_PATH, Running, start_in_thread
from openoms_emulator.shopify.throttle import ManualClock

TOKEN = "shpat_connector_test"
SHOP = "test-store.myshopify.com"


def emulator_control(url: str, path: str, body: dict | None = None, timeout: float = 10) -> dict:
    """POST to the emulator's control API (``/_emulator/<path>``); the JSON answer (200 only)."""
    response = httpx.post(f"{url}/_emulator/{path}", json=body or {}, timeout=timeout)
    assert response.status_code == 200, response.text
    return response.json()


def emulator_graphql(
    url: str, token: str, query: str, variables: dict | None = None, timeout: float = 10
) -> dict:
    """One GraphQL request to the emulator, as any Shopify client sends it; the whole body."""
    response = httpx.post(
        url + GRAPHQL_PATH,
        json={"query": query, "variables": variables or {}},
        headers={"X-Shopify-Access-Token": token},
        timeout=timeout,
    )
    return response.json()


@dataclass
class Emulator:
    """The running emulator: its control API and plain GraphQL reads (to check its state)."""

    running: Running
    clock: ManualClock

    @property
    def url(self) -> str:
        return self.running.url

    def control(self, path: str, body: dict | None = None) -> dict:
        return emulator_control(self.url, path, body)

    def data(self, query: str, variables: dict | None = None, token: str = TOKEN) -> dict:
        body = emulator_graphql(self.url, token, query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def available(self, item: str, location: str) -> int | None:
        level = self.data(
            """query Level($item: ID!, $location: ID!) { inventoryItem(id: $item) {
              inventoryLevel(locationId: $location) { quantities(names: ["available"]) {
                name quantity } } } }""",
            {"item": item, "location": location},
        )["inventoryItem"]["inventoryLevel"]
        return level["quantities"][0]["quantity"] if level else None


def connector_on_clock(
    access: ChannelAccess, clock: ManualClock, answered: list[tuple[Call, dict | None]]
) -> ShopifyConnector:
    """A connector whose bucket and retries wait on ``clock``; each call it had answered is
    added to ``answered`` with the server's cost."""
    bucket = CostBucket(clock=clock.now, sleep=clock.advance)
    connector = ShopifyConnector(access, bucket=bucket, sleep=clock.advance)
    connector.client.observe = lambda call, cost: answered.append((call, cost))
    return connector


@pytest.fixture(scope="session")
def shopify_schema():
    return load_schema()


@pytest.fixture(scope="module")
def served(shopify_schema) -> Emulator:
    """One emulator per test module (stopping a server takes half a second)."""
    clock = ManualClock()
    running = start_in_thread(ShopifyEmulator(shopify_schema, clock, tokens=(TOKEN,)))
    yield Emulator(running, clock)
    running.stop()


@pytest.fixture
def emulator(served) -> Emulator:
    """The module's emulator, reset: an empty shop, start-up config, full buckets."""
    served.control("reset")
    return served


def item_of(shop: dict, sku: str) -> str:
    """The inventory item id of ``sku`` in a ``seed`` answer."""
    for product in shop["products"]:
        for variant in product["variants"]:
            if variant["sku"] == sku:
                return variant["inventoryItemId"]
    raise KeyError(sku)


def location_of(shop: dict, name: str) -> str:
    """The id of the location named ``name`` in a ``seed`` answer."""
    return next(loc["id"] for loc in shop["locations"] if loc["name"] == name)
