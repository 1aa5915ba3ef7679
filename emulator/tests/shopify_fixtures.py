"""Fixtures for the Shopify emulator's tests: a fresh emulator on 127.0.0.1 (port 0) per test with
a manual clock, and a tiny HTTP client. Imported by the test modules (not a conftest, so that the
ShipBob emulator's tests keep their own)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.schema import load_schema
from openoms_emulator.shopify.server import GRAPHQL_PATH, Running, start_in_thread
from openoms_emulator.shopify.throttle import ManualClock

TOKEN = "shpat_test_token"


@dataclass
class Client:
    running: Running
    token: str = TOKEN

    def request(
        self, method: str, path: str, body: object = None, headers=None
    ) -> tuple[int, object]:
        parts = urlsplit(self.running.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            connection.request(
                method, path, body=data if body is not None else None, headers=headers or {}
            )
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()

    def gql(
        self, query: str, variables: dict | None = None, token: str | None = None
    ) -> tuple[int, dict]:
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Access-Token": token or self.token,
        }
        payload = {"query": query, "variables": variables or {}}
        return self.request("POST", GRAPHQL_PATH, payload, headers)

    def data(self, query: str, variables: dict | None = None) -> dict:
        status, body = self.gql(query, variables)
        assert status == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]

    def control(self, path: str, body: dict | None = None) -> dict:
        status, payload = self.request("POST", f"/_emulator/{path}", body or {})
        assert status == 200, payload
        return payload


@pytest.fixture(scope="session")
def shopify_schema():
    return load_schema()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def running(shopify_schema, clock):
    server = start_in_thread(ShopifyEmulator(shopify_schema, clock, tokens=(TOKEN,)))
    yield server
    server.stop()


@pytest.fixture
def client(running) -> Client:
    return Client(running)


@pytest.fixture
def shop(client) -> dict:
    """Two locations and a two-variant product stocked at the first (5 and 0 available)."""
    return client.control(
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
                            "levels": [{"location": "Main", "available": 5}],
                        },
                        {
                            "sku": "SH-M",
                            "option": "M",
                            "levels": [{"location": "Main", "available": 0}],
                        },
                    ],
                }
            ],
        },
    )


SET = """mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason changes { name delta quantityAfterChange } }
    userErrors { code field message }
  }
}"""

ADJUST = """mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { code field message }
  }
}"""

LEVEL = """query Level($item: ID!, $location: ID!) {
  inventoryItem(id: $item) {
    inventoryLevel(locationId: $location) {
      quantities(names: ["available", "on_hand", "committed"]) { name quantity }
    }
  }
}"""


def quantities(client: Client, item: str, location: str) -> dict[str, int]:
    """The level read back through an ordinary GraphQL query."""
    level = client.data(LEVEL, {"item": item, "location": location})["inventoryItem"][
        "inventoryLevel"
    ]
    return {q["name"]: q["quantity"] for q in level["quantities"]} if level else {}


def set_input(item: str, location: str, quantity: int, change_from=None, **extra) -> dict:
    return {
        "name": "available",
        "reason": "correction",
        "quantities": [
            {
                "inventoryItemId": item,
                "locationId": location,
                "quantity": quantity,
                "changeFromQuantity": change_from,
            }
        ],
        **extra,
    }
