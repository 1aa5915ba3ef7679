"""Fixtures of the Shopify connector's tests: the Shopify emulator served from a thread on
127.0.0.1 (port 0) with a manual clock, and connectors built against it whose cost bucket and
retries wait on that clock (no test sleeps for real)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest

from openoms.connectors.base import ChannelAccess, Notice
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.connectors.shopify.costs import Call
from openoms.connectors.shopify.throttle import CostBucket
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.schema import load_schema
from openoms_emulator.shopify.server import GRAPHQL_PATH, Running, start_in_thread
from openoms_emulator.shopify.throttle import ManualClock

TOKEN = "shpat_connector_test"
SHOP = "test-store.myshopify.com"


@dataclass
class Emulator:
    """The running emulator: its control API and plain GraphQL reads (to check its state)."""

    running: Running
    clock: ManualClock

    @property
    def url(self) -> str:
        return self.running.url

    def control(self, path: str, body: dict | None = None) -> dict:
        response = httpx.post(f"{self.url}/_emulator/{path}", json=body or {}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def data(self, query: str, variables: dict | None = None, token: str = TOKEN) -> dict:
        response = httpx.post(
            self.url + GRAPHQL_PATH,
            json={"query": query, "variables": variables or {}},
            headers={"X-Shopify-Access-Token": token},
            timeout=10,
        )
        body = response.json()
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


@dataclass
class Built:
    """A connector and what it told the channel: notices and renewed credentials."""

    connector: ShopifyConnector
    notices: list[Notice] = field(default_factory=list)
    saved: list[dict] = field(default_factory=list)
    answered: list[tuple[Call, dict | None]] = field(default_factory=list)  # (call, its cost)

    def sent(self, name: str) -> list[dict]:
        """The variables of each answered call named ``name``."""
        return [call.variables for call, _ in self.answered if call.name == name]

    def warnings(self) -> list[str]:
        return [n.message for n in self.notices if n.level == "warning"]


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


@pytest.fixture
def connect(emulator) -> Callable[..., Built]:
    """``connect(**credentials)``: a connector to the emulator (credentials: the test token
    unless given), its bucket and retries on the emulator's manual clock."""
    made: list[ShopifyConnector] = []

    def build(**credentials) -> Built:
        built = Built(connector=None)  # type: ignore[arg-type]
        values = {"shop_domain": SHOP, "access_token": TOKEN} | credentials
        access = ChannelAccess(
            credentials={k: v for k, v in values.items() if v is not None},
            channel_ref="channel 7",
            base_url=emulator.url,
            report=built.notices.append,
            save_credentials=built.saved.append,
        )
        clock = emulator.clock
        bucket = CostBucket(clock=clock.now, sleep=clock.advance)
        built.connector = ShopifyConnector(access, bucket=bucket, sleep=clock.advance)
        built.connector.client.observe = lambda call, cost: built.answered.append((call, cost))
        made.append(built.connector)
        return built

    yield build
    for connector in made:
        connector.close()


@pytest.fixture
def shop(emulator) -> dict:
    """Two locations; a shirt in S and M stocked at Main (5 and 0 available), S also at
    Overflow (7); a mug stocked at Main (3)."""
    return emulator.control(
        "seed",
        {
            "locations": [{"name": "Main"}, {"name": "Overflow"}],
            "products": [
                {
                    "title": "Shirt",
                    "handle": "shirt",
                    "variants": [
                        {
                            "sku": "SH-S",
                            "option": "S",
                            "price": "20.00",
                            "barcode": "2000000000015",
                            "weight": {"unit": "KILOGRAMS", "value": 0.25},
                            "levels": [
                                {"location": "Main", "available": 5},
                                {"location": "Overflow", "available": 7},
                            ],
                        },
                        {
                            "sku": "SH-M",
                            "option": "M",
                            "price": "21.50",
                            "levels": [{"location": "Main", "available": 0}],
                        },
                    ],
                },
                {
                    "title": "Mug",
                    "handle": "mug",
                    "variants": [
                        {
                            "sku": "MUG",
                            "price": "9.00",
                            "weight": {"unit": "GRAMS", "value": 300},
                            "levels": [{"location": "Main", "available": 3}],
                        }
                    ],
                },
            ],
        },
    )


def item_of(shop: dict, sku: str) -> str:
    for product in shop["products"]:
        for variant in product["variants"]:
            if variant["sku"] == sku:
                return variant["inventoryItemId"]
    raise KeyError(sku)


def location_of(shop: dict, name: str) -> str:
    return next(loc["id"] for loc in shop["locations"] if loc["name"] == name)
