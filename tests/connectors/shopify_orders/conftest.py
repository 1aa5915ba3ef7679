"""Fixtures of the Shopify order-side tests: the shared emulator fixtures
(``tests/connectors/shopify_emulator.py``), the order side of a connector against it, and a
seeded stock to check out from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from openoms.connectors.base import ChannelAccess, Notice
from openoms.connectors.shopify.bulk import BulkReader
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.connectors.shopify.costs import Call
from openoms.connectors.shopify.orders import Orders
from tests.connectors import shopify_emulator as shared
from tests.connectors.shopify_emulator import TOKEN, Emulator, connector_on_clock

emulator, served, shopify_schema = shared.emulator, shared.served, shared.shopify_schema


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


@pytest.fixture
def side(emulator):
    notices: list[Notice] = []
    answered: list[tuple[Call, dict | None]] = []
    access = ChannelAccess(
        credentials={"shop_domain": "orders-test.myshopify.com", "access_token": TOKEN},
        channel_ref="channel 9",
        base_url=emulator.url,
        report=notices.append,
    )
    connector = connector_on_clock(access, emulator.clock, answered)
    bulk = BulkReader(connector.client, emulator.clock.advance)
    yield Side(connector, connector.orders, bulk, notices, answered)
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


def checkout(
    emulator: Emulator, lines: list[tuple[str, int]], email="ada@example.com", **extra
) -> dict:
    """A storefront order (``extra``: more checkout keys, e.g. ``shipping_line``)."""
    return emulator.control(
        "orders",
        {
            "line_items": [{"sku": sku, "quantity": qty} for sku, qty in lines],
            "customer": {"email": email, "first_name": "Ada", "last_name": "Lovelace"},
            "shipping_address": ADDRESS,
            **extra,
        },
    )
