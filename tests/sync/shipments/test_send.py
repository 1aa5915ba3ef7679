"""Send Shipments over real HTTP to the ShipBob emulator: an allocated shipment queues the run,
which sends it once (reference = the shipment's number, the FC's SKUs, its fulfillment center,
the carrier's service); a lost answer or a send repeated after a worker died is still one
ShipBob order; a shipment ShipBob cannot take waits out a backoff while the others go."""

from __future__ import annotations

import pytest
from django.utils import timezone

from openoms.activity.models import Event
from openoms.orders.models import OrderStatus, ShipmentStatus
from openoms.sync.services.shipment_orders import fulfillment_order
from openoms.sync.services.work_queue import channel_job as shipment_job
from tests.connectors.shipbob.emulator import FC_EAST
from tests.sync.shipments.conftest import (
    SEND,
    allocated,
    fresh,
    is_queued,
    level,
    run_queued,
    shipbob_orders,
)

pytestmark = pytest.mark.django_db


def shipbob_order(emulator, reference: str) -> dict:
    found = emulator.api("GET", "/order", params={"ReferenceIds": reference}).json()
    assert len(found) == 1, found
    return found[0]


def test_an_allocated_shipment_is_sent_to_shipbob_once(shop, emulator):
    # given an order allocated at CHI (the allocation queued Send Shipments)
    shipment = allocated(shop.account, "1001")
    assert is_queued(shop.channel, SEND)
    # when the run is executed
    run = run_queued(shop.channel, SEND)
    # then ShipBob has one order under the shipment's number, with the FC's SKUs
    sent = fresh(shipment)
    at_shipbob = shipbob_order(emulator, "1001-1")
    assert (run.status, run.counts) == (
        "succeeded",
        {"sent": 1, "failed": 0, "cancelled": 0, "refused": 0},
    )
    assert (sent.status, sent.external_ref) == (
        ShipmentStatus.SENT_TO_WAREHOUSE,
        str(at_shipbob["id"]),
    )
    assert sorted((p["reference_id"], p["quantity"]) for p in at_shipbob["products"]) == [
        ("MUG-1", 4),
        ("TEE-S", 2),
    ]
    assert at_shipbob["shipments"][0]["location"]["id"] == FC_EAST
    assert (at_shipbob["shipping_method"], at_shipbob["order_number"]) == ("GND", "1001")
    assert at_shipbob["recipient"]["address"]["city"] == "Austin"
    assert (sent.order.status, level(shop, "MUG")) == (OrderStatus.FULFILLING, (10, 4))
    assert not is_queued(shop.channel, SEND)  # nothing left: no next run
    assert emulator.violations() == []


def test_a_lost_answer_is_retried_and_stays_one_shipbob_order(shop, emulator):
    # given ShipBob creates the order, then the connection drops before the answer
    shipment = allocated(shop.account, "1001")
    emulator.control("config", {"drop_next": 1})
    # when
    run = run_queued(shop.channel, SEND)
    # then the retry met "already sent": one order, the shipment sent with its id
    assert run.counts["sent"] == 1
    assert shipbob_orders(emulator) == [("1001-1", 1)]
    assert fresh(shipment).external_ref == str(shipbob_order(emulator, "1001-1")["id"])


def test_a_send_repeated_after_the_worker_died_is_the_same_order(shop, emulator):
    # given ShipBob already has the order (a run died after sending it, before recording it)
    shipment = allocated(shop.account, "1001")
    first = emulator.connector().order_send(fulfillment_order(shop.channel, fresh(shipment)))
    # when the run sends it again
    run = run_queued(shop.channel, SEND)
    # then it is recognised: still one ShipBob order, the shipment holds its id
    assert (run.status, run.counts["sent"]) == ("succeeded", 1)
    assert shipbob_orders(emulator) == [("1001-1", 1)]
    assert fresh(shipment).external_ref == first.order_id


def test_a_shipment_shipbob_cannot_take_waits_and_the_next_one_goes(shop, emulator):
    # given two shipments: the first without a street address, the second fine
    bad = allocated(shop.account, "1001", ("MUG", 1), ship_to={"name": "Ada", "country": "US"})
    good = allocated(shop.account, "1002", ("MUG", 1))
    before = timezone.now()
    # when
    run = run_queued(shop.channel, SEND)
    # then the first failed with a backoff and a Warning on its order; the second was sent
    bad, good = fresh(bad), fresh(good)
    assert (run.status, run.counts) == (
        "succeeded",
        {"sent": 1, "failed": 1, "cancelled": 0, "refused": 0},
    )
    assert (bad.status, bad.attempts, bad.external_ref) == (ShipmentStatus.READY_TO_SEND, 1, "")
    assert bad.last_error == (
        "Order 1001-1 cannot be sent to ShipBob: its ship-to address needs a first address "
        "line, a city."
    )
    assert bad.next_attempt_at > before
    assert good.status == ShipmentStatus.SENT_TO_WAREHOUSE
    assert shipbob_orders(emulator) == [("1002-1", 1)]
    warning = Event.objects.get(
        entity_type="sales_order", entity_id=str(bad.order_id), level="warning"
    )
    assert warning.message.startswith(
        f"Shipment 1001-1 could not be sent to {shop.channel.name} (attempt 1): Order 1001-1 "
        "cannot be sent to ShipBob"
    )
    # and the next run is queued for the end of the backoff (not at once)
    assert shipment_job(shop.channel, SEND).active_run.due_at == bad.next_attempt_at


def test_a_failed_shipment_is_sent_when_its_backoff_is_over(shop, emulator):
    # given a shipment that failed once, now fixed and due
    shipment = allocated(shop.account, "1001", ("MUG", 1), ship_to={"name": "Ada", "country": "US"})
    run_queued(shop.channel, SEND)
    order = fresh(shipment).order
    order.ship_to = {**order.ship_to, "address1": "1 Main St", "city": "Austin"}
    order.save(update_fields=["ship_to"])
    type(shipment).objects.filter(pk=shipment.pk).update(next_attempt_at=timezone.now())
    # when the queued retry runs
    run = run_queued(shop.channel, SEND)
    # then
    assert run.counts["sent"] == 1
    assert (fresh(shipment).status, fresh(shipment).last_error) == (
        ShipmentStatus.SENT_TO_WAREHOUSE,
        "",
    )
    assert shipbob_orders(emulator) == [("1001-1", 1)]


def test_an_order_found_already_at_shipbob_brings_what_shipped_meanwhile(shop, emulator):
    # given ShipBob got the order long ago (the answer was lost) and has shipped 1 MUG-1 since
    shipment = allocated(shop.account, "1001")
    first = emulator.connector().order_send(fulfillment_order(shop.channel, fresh(shipment)))
    emulator.control(
        "ship", {"order_id": int(first.order_id), "lines": [{"sku": "MUG-1", "quantity": 1}]}
    )
    # when the send is retried
    run = run_queued(shop.channel, SEND)
    # then it is recorded as sent and what shipped is applied at once
    done = fresh(shipment)
    assert (run.counts["sent"], done.external_ref) == (1, first.order_id)
    assert (done.status, done.order.status) == (
        ShipmentStatus.SHORT_SHIPPED,
        OrderStatus.FULFILLING,
    )
    assert level(shop, "MUG") == (9, 3)
