"""Fixtures of the Shopify connector's tests: the shared emulator fixtures
(``tests/connectors/shopify_emulator.py``), connectors built against it that record what they told
the channel, and a seeded shop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from openoms.connectors.base import ChannelAccess, Notice
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.connectors.shopify.costs import Call
from tests.connectors import shopify_emulator as shared
from tests.connectors.shopify_emulator import SHOP, TOKEN, connector_on_clock

emulator, served, shopify_schema = shared.emulator, shared.served, shared.shopify_schema


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
        built.connector = connector_on_clock(access, emulator.clock, built.answered)
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
