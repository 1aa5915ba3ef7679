"""The demo's purchase orders over real HTTP to the emulated ShipBob (as ``openoms demo`` takes
them after seeding): approved (Incoming at CHI-1) and sent as receiving orders, one partly
received (Receiving, a Short Received receipt, the rest still Incoming) and one fully (Received);
what arrived is in CHI-1's Total. Once only."""

from __future__ import annotations

import httpx
import pytest

from openoms.channels.models import Channel
from openoms.connectors.registry import connector_unavailable
from openoms.demo.emulator_seed import seed_emulators
from openoms.demo.live_channels import SHIPBOB_NAME, SHIPBOB_TOKEN
from openoms.demo.live_purchases import FIRST_LINE, PART, seed_live_purchases
from openoms.demo.seed import seed_demo
from openoms.inventory.models import InventoryLevel
from openoms.purchasing.models import PurchaseOrder, Receipt
from tests.demo.emulators import Emulators, emulators_running

pytestmark = pytest.mark.skipif(
    bool(connector_unavailable("shipbob")),
    reason="the ShipBob connector is not registered yet",
)


@pytest.fixture(scope="module")
def emulators() -> Emulators:
    with emulators_running() as running:
        yield running


def chi(order: PurchaseOrder) -> dict[str, tuple[int, int]]:
    """SKU → (total, incoming) at CHI-1 of the order's lines."""
    skus = list(order.lines.values_list("sku", flat=True))
    rows = InventoryLevel.objects.filter(warehouse__code="CHI-1", variant__sku__in=skus)
    return {row.variant.sku: (row.total, row.incoming) for row in rows.select_related("variant")}


def wro(emulators: Emulators, order: PurchaseOrder) -> dict:
    response = httpx.get(
        f"{emulators.shipbob.url}/2026-01/receiving/{order.external_ref}",
        headers={"Authorization": f"Bearer {SHIPBOB_TOKEN}"},
        timeout=10,
    )
    return response.json()


def test_the_demo_sends_two_purchase_orders_to_shipbob_and_receives_them(db, emulators):
    # given the demo seeded against the emulators, CHI-1 stocked by ShipBob's first import
    targets = seed_emulators(emulators.shopify.url, emulators.shipbob.url)
    seed_demo(live=targets)
    # when
    orders = seed_live_purchases(targets)
    # then both were sent to the ShipBob channel as receiving orders
    shipbob = Channel.objects.get(name=SHIPBOB_NAME)
    assert [(o.order_number, o.status, o.channel_id) for o in orders] == [
        ("NW-PO-1002", "receiving", shipbob.pk),
        ("NW-PO-1003", "received", shipbob.pk),
    ]
    receiving, received = orders
    assert [wro(emulators, o)["status"] for o in orders] == ["Processing", "Completed"]
    # and the partial one: a Short Received receipt of 8, the rest still Incoming
    assert list(Receipt.objects.filter(order=receiving).values_list("number", "status")) == [
        ("NW-PO-1002-R1", "short_received")
    ]
    first, second = receiving.lines.order_by("line_number")
    assert (first.received, second.received) == (PART, 0)
    levels = chi(receiving)
    assert levels[first.sku][1] == FIRST_LINE - PART
    assert levels[second.sku][1] == second.quantity
    # and the full one: Received, nothing Incoming for it
    assert list(Receipt.objects.filter(order=received).values_list("status", flat=True)) == [
        "received"
    ]
    line = received.lines.get()
    assert (line.received, chi(received)[line.sku][1]) == (line.quantity, 0)
    # and the Draft of the seed is still there, alone
    assert list(
        PurchaseOrder.objects.filter(account=receiving.account, status="draft").values_list(
            "order_number", flat=True
        )
    ) == ["NW-PO-1001"]

    # when run again (a later start)
    again = seed_live_purchases(targets)
    # then nothing is added
    assert [o.pk for o in again] == [o.pk for o in orders]
    assert Receipt.objects.count() == 2
