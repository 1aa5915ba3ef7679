"""Issue 14's end-to-end bar, over real HTTP to the emulators: a customer orders 3 TEE and 2 MUG
on Main Shop (the Shopify emulator) → its signed ``orders/create`` reaches OpenOMS's webhook
address (a live server) → Import Orders imports it once (carrier UPS/GND through Main Shop's
mapping of its shipping line) → allocated at CHI at once (automatic workflow) → Send Shipments
sends it to the ShipBob emulator (``reference_id`` = the shipment's number) → ShipBob ships the
TEE (its ``order.shipped`` webhook → Import Shipments) → Short Shipped, order Fulfilling → Export
Order Updates → Main Shop's order shows a fulfillment of 3 TEE with tracking → the MUG ships →
order Shipped, the store's order FULFILLED. The other sales channel (Second Shop, Real-Time
Adjustment) heard the allocation as a delta of -3 and -2; Main Shop heard nothing (its checkout
counted the sale); shipping moves no Available, so nothing more is sent. Queued runs are executed
as a worker executes them."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun, RunStatus
from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.orders.models import OrderStatus, SalesOrder, Shipment, ShipmentStatus
from openoms.orders.shipment_models import ChannelFulfillment
from openoms.sync.models import DeliveryStatus, PendingPush, WebhookDelivery
from tests.sync.runs import sync_now
from tests.sync.webhook_data import SHIPBOB_SECRET

from .conftest import SHIPPING_LINE, World, queued_types, run_queued
from .live_turns import wait_for

IMPORT_ORDERS, EXPORT_UPDATES = JobType.IMPORT_ORDERS, JobType.EXPORT_ORDER_UPDATES
SEND, IMPORT_SHIPMENTS = JobType.SEND_SHIPMENTS, JobType.IMPORT_SHIPMENTS
PUSH = JobType.PUSH_INVENTORY_UPDATES
READ_BACK = """query R($id: ID!) { order(id: $id) {
  displayFulfillmentStatus
  fulfillments { trackingInfo { company number url }
    fulfillmentLineItems(first: 5) { nodes { quantity lineItem { sku } } } }
} }"""
CUSTOMER = {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}
ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address1": "1 Main St",
    "city": "Austin",
    "province_code": "TX",
    "zip": "78701",
    "country_code": "US",
}
TRACK_1 = {"carrier": "UPS", "tracking_number": "1Z0001", "tracking_url": "https://t.test/1"}
TRACK_2 = {"carrier": "UPS", "tracking_number": "1Z0002", "tracking_url": "https://t.test/2"}


def levels(world: World) -> dict[str, tuple[int, int]]:
    """SKU → (total, allocated) at CHI."""
    rows = InventoryLevel.objects.filter(account=world.account, warehouse=world.chi)
    return {sku: (t, a) for sku, t, a in rows.values_list("variant__sku", "total", "allocated")}


def ledger(world: World) -> dict[tuple[str, str], int]:
    """(SKU, quantity) → the sum of the movements at CHI."""
    rows = (
        InventoryMovement.objects.filter(account=world.account, level__warehouse=world.chi)
        .values_list("level__variant__sku", "quantity")
        .annotate(s=Sum("change"))
    )
    return {(sku, quantity): total for sku, quantity, total in rows}


def import_shipments_queued(world: World) -> bool:
    """Wait until ShipBob's webhook reached the live server and queued Import Shipments."""
    queued = JobRun.objects.filter(
        account=world.account, status=RunStatus.QUEUED, job_type=IMPORT_SHIPMENTS
    )
    return wait_for(queued.exists)


def store_order(world: World, ref: str) -> dict:
    return world.main_store.graphql(READ_BACK, {"id": ref})["order"]


def shipped_back(world: World, shipment: Shipment, lines, tracking) -> None:
    """The ShipBob emulator ships ``lines`` of the shipment's 3PL order (its control API); its
    ``order.shipped`` webhook queues Import Shipments, executed as a worker would."""
    world.shipbob_emulator.control(
        "ship", {"order_id": int(shipment.external_ref), "lines": lines, "tracking": tracking}
    )
    assert import_shipments_queued(world)
    [run] = run_queued(world.account, IMPORT_SHIPMENTS)
    assert run.status == RunStatus.SUCCEEDED, run.summary


def fulfillments_exported(world: World) -> None:
    """Execute the queued Export Order Updates; the store's fulfillment fires ``orders/updated``
    back to OpenOMS, whose Import Orders finds the order imported already (nothing changes)."""
    assert [r.status for r in run_queued(world.account, EXPORT_UPDATES)] == [RunStatus.SUCCEEDED]
    sent = world.main_store.control("webhooks/wait", {"timeout": 20})
    assert sent["idle"] and {d["status"] for d in sent["deliveries"]} == {"delivered"}
    assert queued_types(world.account) == [IMPORT_ORDERS]
    [run] = run_queued(world.account, IMPORT_ORDERS)
    assert run.counts == {"already imported": 2}, run.summary  # the inbox, then the poll
    assert queued_types(world.account) == []


@pytest.mark.django_db(transaction=True)
def subscribe_webhooks(world: World, live_server) -> None:
    """The first Import Orders subscribes Main Shop's order webhooks to the live server;
    ShipBob's shipment webhooks go to the ShipBob channel's address."""
    assert sync_now(world.main, IMPORT_ORDERS).status == RunStatus.SUCCEEDED
    world.shipbob_emulator.control(
        "webhooks",
        {
            "url": f"{live_server.url}/webhooks/shipbob/{world.shipbob.pk}/",
            "topics": ["order.shipped"],
            "secret": SHIPBOB_SECRET,
        },
    )
    assert queued_types(world.account) == []


def customer_orders(world: World) -> dict:
    """A customer orders 3 TEE and 2 MUG on Main Shop; its webhook reaches OpenOMS, which
    queues Import Orders, run here; → the store's order."""
    placed = world.main_store.control(
        "orders",
        {
            "line_items": [{"sku": "TEE", "quantity": 3}, {"sku": "MUG", "quantity": 2}],
            "customer": CUSTOMER,
            "shipping_address": ADDRESS,
            "shipping_lines": [SHIPPING_LINE],
        },
    )
    sent = world.main_store.control("webhooks/wait", {"timeout": 20})
    assert sent["idle"] and [d["outcomes"] for d in sent["deliveries"]] == [["200"]]
    assert queued_types(world.account) == [IMPORT_ORDERS]
    [imported] = run_queued(world.account, IMPORT_ORDERS)
    assert imported.summary == (  # the inbox imported it; the run's poll read it again
        "Import Orders from Main Shop: 1 imported, 1 already imported."
    )
    return placed


def imported_and_allocated(world: World, placed: dict):
    """The order is imported once, approved and allocated at CHI with a shipment Ready to send,
    its stock change waiting for Second Shop only; → (order, shipment)."""
    [delivery] = WebhookDelivery.objects.filter(channel=world.main)
    assert (delivery.topic, delivery.status) == ("orders/create", DeliveryStatus.PROCESSED)
    [order] = SalesOrder.objects.filter(account=world.account)
    assert (order.order_number, order.external_ref, order.channel_id, order.source) == (
        "1001",
        placed["id"],
        world.main.pk,
        "channel",
    )
    assert (order.status, order.carrier_code, order.service_code) == (
        OrderStatus.FULFILLING,
        "UPS",
        "GND",
    )
    assert sorted(order.lines.values_list("sku", "quantity")) == [("MUG", 2), ("TEE", 3)]
    [shipment] = Shipment.objects.filter(order=order)
    assert (shipment.number, shipment.status, shipment.fulfillment_channel_id) == (
        "1001-1",
        ShipmentStatus.READY_TO_SEND,
        world.shipbob.pk,
    )
    assert levels(world) == {"TEE": (10, 3), "MUG": (10, 2)}
    # the allocation is waiting for Second Shop only, as deltas (Real-Time Adjustment)
    waiting = PendingPush.objects.filter(account=world.account)
    assert sorted(waiting.values_list("channel__name", "channel_sku", "delta", "full")) == [
        ("Second Shop", "MUG", -2, False),
        ("Second Shop", "TEE", -3, False),
    ]
    assert queued_types(world.account) == [PUSH, SEND]
    return order, shipment


def pushed_and_sent(world: World, shipment) -> None:
    """The worker pushes the stock change and sends the shipment: Second Shop heard -3 TEE and
    -2 MUG, Main Shop only its own checkout's; ShipBob has the order under the shipment's
    number."""
    assert [r.status for r in run_queued(world.account, PUSH)] == [RunStatus.SUCCEEDED]
    assert [r.status for r in run_queued(world.account, SEND)] == [RunStatus.SUCCEEDED]
    assert world.second_store.available(world.second_location) == {"TEE": 47, "MUG": 48}
    assert world.main_store.available(world.main_location) == {"TEE": 47, "MUG": 48}
    assert not PendingPush.objects.filter(account=world.account).exists()
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SENT_TO_WAREHOUSE
    shipbob_orders = world.shipbob_emulator.control("state")["orders"]
    assert [(o["reference_id"], str(pk)) for pk, o in shipbob_orders.items()] == [
        ("1001-1", shipment.external_ref)
    ]


def store_fulfillments(world: World, order_ref: str, tracking) -> tuple[str, list]:
    """The store's order: its fulfillment status, and each fulfillment's (SKU, quantity) lines
    with ``tracking(info)`` of each tracking info."""
    found = store_order(world, order_ref)
    return found["displayFulfillmentStatus"], [
        (
            [(n["lineItem"]["sku"], n["quantity"]) for n in f["fulfillmentLineItems"]["nodes"]],
            [tracking(t) for t in f["trackingInfo"]],
        )
        for f in found["fulfillments"]
    ]


def test_a_shopify_order_is_imported_allocated_shipped_through_shipbob_and_fulfilled_back(
    world: World, live_server
):
    # given: Main Shop's order webhooks and ShipBob's shipment webhooks reach OpenOMS
    subscribe_webhooks(world, live_server)

    # when a customer orders on Main Shop
    placed = customer_orders(world)

    # then it is imported once, approved and allocated, the change waiting for Second Shop
    order, shipment = imported_and_allocated(world, placed)

    # when the worker pushes the stock change and sends the shipment
    pushed_and_sent(world, shipment)

    # when ShipBob ships the 3 TEE, and Export Order Updates tells Main Shop
    shipped_back(world, shipment, [{"sku": "TEE", "quantity": 3}], TRACK_1)
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert (shipment.status, order.status) == (
        ShipmentStatus.SHORT_SHIPPED,
        OrderStatus.FULFILLING,
    )
    assert sorted(shipment.lines.values_list("variant__sku", "quantity", "shipped")) == [
        ("MUG", 2, 0),
        ("TEE", 3, 3),
    ]
    assert levels(world) == {"TEE": (7, 0), "MUG": (10, 2)}
    assert queued_types(world.account) == [EXPORT_UPDATES]
    fulfillments_exported(world)

    # then the store's order is partly fulfilled: 3 TEE, with the tracking number
    assert store_fulfillments(
        world, placed["id"], lambda t: (t["company"], t["number"], t["url"])
    ) == ("PARTIALLY_FULFILLED", [([("TEE", 3)], [("UPS", "1Z0001", "https://t.test/1")])])

    # when the rest ships
    shipped_back(world, shipment, [{"sku": "MUG", "quantity": 2}], TRACK_2)
    assert queued_types(world.account) == [EXPORT_UPDATES]
    fulfillments_exported(world)

    # then the order is Shipped in OpenOMS and fulfilled in the store
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert (shipment.status, order.status) == (ShipmentStatus.SHIPPED, OrderStatus.SHIPPED)
    assert sorted(order.lines.values_list("sku", "shipped")) == [("MUG", 2), ("TEE", 3)]
    assert [t["number"] for t in shipment.tracking] == ["1Z0001", "1Z0002"]
    assert store_fulfillments(world, placed["id"], lambda t: t["number"]) == (
        "FULFILLED",
        [([("TEE", 3)], ["1Z0001"]), ([("MUG", 2)], ["1Z0002"])],
    )
    reports = ChannelFulfillment.objects.filter(shipment=shipment).order_by("pk")
    assert [(r.channel_id, r.status) for r in reports] == [(world.main.pk, "sent")] * 2
    # and the stock: shipped left CHI, nothing is allocated, the ledger adds up
    assert levels(world) == {"TEE": (7, 0), "MUG": (8, 0)}
    assert ledger(world) == {
        ("TEE", "total"): 7,
        ("TEE", "allocated"): 0,
        ("MUG", "total"): 8,
        ("MUG", "allocated"): 0,
    }
    # and shipping sent the stores nothing more (Available did not move)
    assert queued_types(world.account) == []
    assert not PendingPush.objects.filter(account=world.account).exists()
    assert world.second_store.available(world.second_location) == {"TEE": 47, "MUG": 48}
    assert world.main_store.available(world.main_location) == {"TEE": 47, "MUG": 48}
    # and a poll of ShipBob, or a second import of Main Shop, changes nothing
    assert sync_now(world.shipbob, IMPORT_SHIPMENTS).counts.get("updated", 0) == 0
    assert sync_now(world.main, IMPORT_ORDERS).counts == {"already imported": 1}
    assert SalesOrder.objects.filter(account=world.account).count() == 1
