"""The demo's first Shopify orders over real HTTP to the emulators (as ``openoms demo`` takes them
after seeding): placed on the store, imported with UPS/GND through the store's carrier mapping,
allocated at CHI-1, sent to ShipBob under their shipment numbers, one shipped partly and one
fully with tracking read back and sent to the store as fulfillments; the sandbox store heard the
allocations as deltas, the Shopify store nothing. Once only."""

from __future__ import annotations

import httpx
import pytest
from django.db.models import Sum

from openoms.activity.models import Event
from openoms.automation.models import JobRun
from openoms.channels.models import Channel
from openoms.connectors.registry import connector_unavailable
from openoms.demo.emulator_seed import seed_emulators
from openoms.demo.live_channels import SHOPIFY_NAME, SHOPIFY_TOKEN, LiveTargets
from openoms.demo.live_orders import (
    drain,
    order_skus,
    seed_live_orders,
    shipbob_webhooks_subscribe,
)
from openoms.demo.seed import seed_demo
from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.orders.models import SalesOrder, Shipment
from openoms.sync.models import PendingPush
from openoms_emulator.shopify.server import GRAPHQL_PATH
from tests.demo.emulators import Emulators, emulators_running
from tests.e2e.live_turns import requests_take_turns, wait_for

__all__ = ["requests_take_turns"]

pytestmark = pytest.mark.skipif(
    bool(connector_unavailable("shopify") or connector_unavailable("shipbob")),
    reason="the Shopify and ShipBob connectors are not registered yet",
)
READ_BACK = """{ orders(first: 10) { nodes { name displayFulfillmentStatus
  fulfillments { trackingInfo { number }
    fulfillmentLineItems(first: 5) { nodes { quantity lineItem { sku } } } } } } }"""


@pytest.fixture(scope="module")
def emulators() -> Emulators:
    with emulators_running() as running:
        yield running


@pytest.fixture
def targets(emulators) -> LiveTargets:
    return seed_emulators(emulators.shopify.url, emulators.shipbob.url)


def store_orders(emulators: Emulators) -> dict[str, tuple]:
    """Shopify order name → (status, [(fulfilled SKU quantities, tracking numbers)])."""
    response = httpx.post(
        emulators.shopify.url + GRAPHQL_PATH,
        json={"query": READ_BACK},
        headers={"X-Shopify-Access-Token": SHOPIFY_TOKEN},
        timeout=10,
    )
    return {
        order["name"]: (
            order["displayFulfillmentStatus"],
            [
                (
                    [
                        (n["lineItem"]["sku"], n["quantity"])
                        for n in f["fulfillmentLineItems"]["nodes"]
                    ],
                    [t["number"] for t in f["trackingInfo"]],
                )
                for f in order["fulfillments"]
            ],
        )
        for order in response.json()["data"]["orders"]["nodes"]
    }


def test_the_demo_takes_three_shopify_orders_through_shipbob(db, emulators, targets):
    # given the demo seeded against the emulators
    seed_demo(live=targets)
    # when
    orders = seed_live_orders(targets)
    # then three orders of the store, with UPS/GND from the shipping line's mapping
    shopify = Channel.objects.get(name=SHOPIFY_NAME)
    assert [(o.order_number, o.status, o.channel_id) for o in orders] == [
        ("1001", "fulfilling", shopify.pk),
        ("1002", "shipped", shopify.pk),
        ("1003", "fulfilling", shopify.pk),
    ]
    assert {(o.carrier_code, o.service_code) for o in orders} == {("UPS", "GND")}
    assert [str(o.total) for o in orders] == ["237.00", "79.00", "79.00"]  # 3 hoodies, 1, 1
    shipments = Shipment.objects.filter(order__in=orders).order_by("number")
    assert [(s.number, s.status, s.warehouse.code) for s in shipments] == [
        ("1001-1", "short_shipped", "CHI-1"),
        ("1002-1", "shipped", "CHI-1"),
        ("1003-1", "sent_to_warehouse", "CHI-1"),
    ]
    assert [[t["number"] for t in s.tracking] for s in shipments] == [
        ["1ZDEMO1001"],
        ["1ZDEMO1002"],
        [],
    ]
    first, second, third = order_skus(orders[0].account)[:3] or ["?"] * 3
    assert sorted(orders[0].lines.values_list("sku", "quantity", "shipped")) == sorted(
        [(first, 2, 2), (second, 1, 0)]
    )
    # and the store received the fulfillments with their tracking numbers
    assert store_orders(emulators) == {
        "#1001": ("PARTIALLY_FULFILLED", [([(first, 2)], ["1ZDEMO1001"])]),
        "#1002": ("FULFILLED", [([(third, 1)], ["1ZDEMO1002"])]),
        "#1003": ("UNFULFILLED", []),
    }
    # and the sandbox store heard each allocation as a delta; the Shopify store nothing
    imported = JobRun.objects.get(job_type="import_orders")
    assert (
        imported.summary
        == "Import Orders from Northwind on Shopify: 3 imported, 0 already imported."
    )
    pushed = JobRun.objects.filter(job_type="push_inventory_updates", pk__gt=imported.pk)
    assert list(pushed.values_list("summary", flat=True)) == [
        "Push Inventory Updates to Northwind Online Store: 3 sent, 0 skipped, 0 failed."
    ]
    assert Event.objects.filter(run_id=pushed.get().pk).exists()
    assert not PendingPush.objects.filter(account=shopify.account).exists()
    allocated = InventoryMovement.objects.filter(
        trigger="allocate_order", level__warehouse__code="CHI-1"
    )
    assert allocated.aggregate(s=Sum("change"))["s"] == 5  # 2 + 1, 1, 1
    # and the ledger adds up at CHI-1
    for level in InventoryLevel.objects.filter(warehouse__code="CHI-1"):
        moved = InventoryMovement.objects.filter(level=level)
        assert moved.filter(quantity="total").aggregate(s=Sum("change"))["s"] == level.total
        assert (moved.filter(quantity="allocated").aggregate(s=Sum("change"))["s"] or 0) == (
            level.allocated
        )
    # and nothing is left queued that is due
    assert not JobRun.objects.filter(status="queued", job_type="send_shipments").exists()

    # when run again (a later start)
    again = seed_live_orders(targets)
    # then nothing is added
    assert [o.pk for o in again] == [o.pk for o in orders]
    assert SalesOrder.objects.filter(channel=shopify).count() == 3
    assert len(store_orders(emulators)) == 3


@pytest.mark.django_db(transaction=True)
def test_what_the_emulated_shipbob_ships_later_comes_back_by_its_webhook(
    emulators, targets, live_server, requests_take_turns
):
    # given the demo's orders, and ShipBob's webhooks subscribed to the demo's address
    seed_demo(live=targets)
    seed_live_orders(targets)
    assert shipbob_webhooks_subscribe(targets.shipbob_url, live_server.url)
    waiting = Shipment.objects.get(number="1003-1")
    # when the warehouse ships order 1003 (the emulator's control API)
    httpx.post(
        f"{targets.shipbob_url}/_emulator/ship",
        json={"order_id": int(waiting.external_ref), "tracking": {"tracking_number": "1Z9"}},
        timeout=10,
    ).raise_for_status()
    # then its webhook queues Import Shipments, which the worker runs: the order is Shipped
    queued = JobRun.objects.filter(status="queued", job_type="import_shipments")
    assert wait_for(queued.exists)
    drain(waiting.account)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.order.status) == ("shipped", "shipped")
    assert store_orders(emulators)["#1003"][0] == "FULFILLED"
