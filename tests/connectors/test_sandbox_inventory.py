"""The sandbox 3PL's stock: deterministic within an hour, slowly drifting, and a push that counts."""

from collections import Counter

import pytest

from openoms.connectors import sandbox_inventory
from openoms.connectors.base import ChannelAccess, InventorySource, InventoryTarget
from openoms.connectors.registry import connector_for
from openoms.connectors.sandbox import SandboxStore
from openoms.connectors.sandbox_inventory import current_hour, sandbox_stock
from openoms.connectors.types import StockLevel

HOUR = 490_000  # an hour in 2025
SKUS = [f"SKU-{n:03}" for n in range(200)]


def three_pl(name: str = "Demo 3PL", **credentials) -> SandboxStore:
    return SandboxStore(ChannelAccess({"warehouse_name": name, **credentials}, "channel 7"))


@pytest.fixture
def frozen_hour(monkeypatch):
    monkeypatch.setattr(sandbox_inventory, "current_hour", lambda: HOUR)


def test_the_sandbox_3pl_reports_each_asked_sku_at_each_asked_location_once(frozen_hour):
    # when
    levels = three_pl().fetch_inventory(["TEE-S", "MUG", "TEE-S"], ["WH-1", "loc-9"])
    # then
    assert levels == [
        StockLevel("TEE-S", "WH-1", sandbox_stock("Demo 3PL", "TEE-S", "WH-1", HOUR)),
        StockLevel("MUG", "WH-1", sandbox_stock("Demo 3PL", "MUG", "WH-1", HOUR)),
        StockLevel("TEE-S", "loc-9", sandbox_stock("Demo 3PL", "TEE-S", "loc-9", HOUR)),
        StockLevel("MUG", "loc-9", sandbox_stock("Demo 3PL", "MUG", "loc-9", HOUR)),
    ]


def test_the_same_3pl_reports_the_same_counts_all_hour_and_another_3pl_differs(frozen_hour):
    # when
    first = three_pl().fetch_inventory(SKUS, ["WH-1"])
    second = three_pl().fetch_inventory(SKUS, ["WH-1"])
    other = three_pl("Other 3PL").fetch_inventory(SKUS, ["WH-1"])
    # then
    assert first == second
    assert [level.quantity for level in other] != [level.quantity for level in first]


def test_counts_are_0_to_240_with_about_one_in_ten_pairs_out_of_stock():
    # when
    quantities = [
        sandbox_stock("Demo 3PL", sku, location, HOUR) for sku in SKUS for location in "ABCDE"
    ]
    # then
    assert min(quantities) == 0
    assert max(quantities) <= 240
    zero_share = Counter(q == 0 for q in quantities)[True] / len(quantities)
    assert 0.07 <= zero_share <= 0.2


def test_counts_drift_slowly_from_one_hour_to_the_next():
    # when
    changes = [
        sandbox_stock("Demo 3PL", sku, "A", HOUR + 1) - sandbox_stock("Demo 3PL", sku, "A", HOUR)
        for sku in SKUS
    ]
    # then each SKU sells 0 to 3 units in the hour, or is restocked (a rise, every 3 days)
    assert all(-3 <= change <= 0 or change > 3 for change in changes)
    assert sum(change < 0 for change in changes) >= len(SKUS) // 3
    assert sum(change > 0 for change in changes) <= len(SKUS) // 20


def test_the_current_hour_is_the_hours_since_the_epoch():
    # when
    hour = current_hour()
    # then (2025-01-01 is hour 482,136)
    assert hour > 482_136


def test_a_sandbox_inventory_push_counts_what_it_received():
    # given
    store = SandboxStore(ChannelAccess({"store_name": "Demo Store"}, "channel 1"))
    levels = (StockLevel(f"SKU-{n}", "loc-1", n) for n in range(5))
    # when
    received = store.push_inventory(levels)
    # then
    assert received == 5


def test_the_sandbox_kinds_play_the_inventory_roles():
    # when
    store = connector_for(
        "sandbox_sales", ChannelAccess({"store_name": "Demo Store"}, "c1"), InventoryTarget
    )
    the_3pl = connector_for(
        "sandbox_fulfillment", ChannelAccess({"warehouse_name": "3PL"}, "c2"), InventorySource
    )
    # then
    assert isinstance(store, InventoryTarget)
    assert isinstance(the_3pl, InventorySource)


def test_the_pretend_latency_applies_to_each_inventory_call(monkeypatch, frozen_hour):
    # given
    waits = []
    monkeypatch.setattr("openoms.connectors.sandbox.time.sleep", waits.append)
    connector = three_pl(latency_seconds="2.5")
    # when
    connector.fetch_inventory(["A"], ["B"])
    connector.push_inventory([StockLevel("A", "B", 1)])
    # then
    assert waits == [2.5, 2.5]
