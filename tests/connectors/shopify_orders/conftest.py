"""Fixtures of the Shopify order-side tests: the Shopify emulator served from a thread on
127.0.0.1 (port 0) with a manual clock, and the connector's client against it, its cost bucket
and retries waiting on that clock (no test sleeps for real)."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest

from openoms.connectors.base import ChannelAccess, Notice
from openoms.connectors.shopify.bulk import BulkReader
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.connectors.shopify.costs import Call
from openoms.connectors.shopify.orders import Orders
from openoms.connectors.shopify.throttle import CostBucket
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.schema import load_schema
from openoms_emulator.shopify.server import GRAPHQL_PATH, Running, start_in_thread
from openoms_emulator.shopify.throttle import ManualClock

TOKEN = "shpat_orders_test"


@dataclass
class Emulator:
    running: Running
    clock: ManualClock

    def control(self, path: str, body: dict | None = None) -> dict:
        response = httpx.post(f"{self.running.url}/_emulator/{path}", json=body or {}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def data(self, query: str, variables: dict | None = None) -> dict:
        response = httpx.post(
            self.running.url + GRAPHQL_PATH,
            json={"query": query, "variables": variables or {}},
            headers={"X-Shopify-Access-Token": TOKEN},
            timeout=10,
        )
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@dataclass
class Side:
    """The order side of a connector, and every call it had answered with the server's cost."""

    connector: ShopifyConnector
    orders: Orders
    bulk: BulkReader
    notices: list[Notice] = field(default_factory=list)
    answered: list[tuple[Call, dict | None]] = field(default_factory=list)

    def names(self) -> list[str]:
        return [call.name for call, _ in self.answered]


@pytest.fixture(scope="session")
def shopify_schema():
    return load_schema()


@pytest.fixture(scope="module")
def served(shopify_schema):
    clock = ManualClock()
    running = start_in_thread(ShopifyEmulator(shopify_schema, clock, tokens=(TOKEN,)))
    yield Emulator(running, clock)
    running.stop()


@pytest.fixture
def emulator(served) -> Emulator:
    served.control("reset")
    return served


@pytest.fixture
def side(emulator):
    notices: list[Notice] = []
    access = ChannelAccess(
        credentials={"shop_domain": "orders-test.myshopify.com", "access_token": TOKEN},
        channel_ref="channel 9",
        base_url=emulator.running.url,
        report=notices.append,
    )
    clock = emulator.clock
    bucket = CostBucket(clock=clock.now, sleep=clock.advance)
    connector = ShopifyConnector(access, bucket=bucket, sleep=clock.advance)
    made = Side(connector, connector.orders, BulkReader(connector.client, clock.advance))
    made.notices = notices
    connector.client.observe = lambda call, cost: made.answered.append((call, cost))
    yield made
    connector.close()


@pytest.fixture
def stock(emulator) -> dict:
    """Two locations: a shirt in S (10 at Main) and M (4 at Overflow), a mug (6 at Main)."""
    return emulator.control(
        "seed",
        {
            "locations": [{"name": "Main"}, {"name": "Overflow"}],
            "products": [
                {
                    "title": "Shirt",
                    "variants": [
                        {
                            "sku": "SH-S",
                            "option": "S",
                            "price": "12.50",
                            "levels": [{"location": "Main", "available": 10}],
                        },
                        {
                            "sku": "SH-M",
                            "option": "M",
                            "price": "14.00",
                            "levels": [{"location": "Overflow", "available": 4}],
                        },
                    ],
                },
                {
                    "title": "Mug",
                    "variants": [
                        {
                            "sku": "MUG",
                            "option": "Default Title",
                            "price": "8",
                            "levels": [{"location": "Main", "available": 6}],
                        }
                    ],
                },
            ],
        },
    )


ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "company": "Engines Ltd",
    "address1": "1 Analytical St",
    "city": "London",
    "province": "London",
    "province_code": "LND",
    "zip": "N1 1AA",
    "country": "United Kingdom",
    "country_code": "GB",
    "phone": "+44 20 0000",
}


def checkout(emulator: Emulator, lines: list[tuple[str, int]], email="ada@example.com") -> dict:
    return emulator.control(
        "orders",
        {
            "line_items": [{"sku": sku, "quantity": qty} for sku, qty in lines],
            "customer": {"email": email, "first_name": "Ada", "last_name": "Lovelace"},
            "shipping_address": ADDRESS,
        },
    )
