"""Cancelling a sent shipment at ShipBob (emulator, real HTTP): asking queues Send Shipments,
which cancels it there (stock released, the order back to Approved) or, once the warehouse
picked it, is refused with ShipBob's reason as a Warning while the shipment stays; a shipment
ShipBob cancelled by itself is read back as cancelled."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.orders.models import OrderStatus, ShipmentStatus
from openoms.orders.services.shipments import shipment_cancel
from tests.sync.runs import sync_now
from tests.sync.shipments.conftest import (
    ACTOR,
    IMPORT,
    SEND,
    allocated,
    fresh,
    is_queued,
    level,
    run_queued,
)

pytestmark = pytest.mark.django_db
NOT_CANCELLABLE = "The shipment has already been picked, packed or shipped and cannot be cancelled."


def sent(shop):
    shipment = allocated(shop.account, "1001")
    run_queued(shop.channel, SEND)
    return fresh(shipment)


def shipbob_statuses(emulator, shipment) -> list[str]:
    found = emulator.api("GET", f"/order/{shipment.external_ref}/shipment").json()
    return [s["status"] for s in found]


def test_a_sent_shipment_is_cancelled_at_shipbob_and_its_stock_released(shop, emulator):
    # given a sent shipment (MUG 4 and TEE-S 2 allocated)
    shipment = sent(shop)
    assert level(shop, "MUG") == (10, 4)
    # when a person cancels it
    shipment_cancel(actor=ACTOR, shipment=shipment)
    asked = fresh(shipment).status
    run = run_queued(shop.channel, SEND)
    # then
    done = fresh(shipment)
    assert asked == ShipmentStatus.CANCEL_REQUESTED
    assert (run.status, run.counts["cancelled"]) == ("succeeded", 1)
    assert shipbob_statuses(emulator, done) == ["Cancelled"]
    assert (done.status, done.order.status) == (ShipmentStatus.CANCELLED, OrderStatus.APPROVED)
    assert (level(shop, "MUG"), level(shop, "TEE-S")) == ((10, 0), (6, 0))
    assert ledger_mismatches(account=shop.account) == []


def test_a_picked_shipment_cannot_be_cancelled_and_the_user_is_told_why(shop, emulator):
    # given a sent shipment the warehouse has picked
    shipment = sent(shop)
    emulator.control("pick", {"order_id": int(shipment.external_ref)})
    # when
    shipment_cancel(actor=ACTOR, shipment=shipment)
    run = run_queued(shop.channel, SEND)
    # then it stays at the warehouse, allocated, with ShipBob's reason on the order
    kept = fresh(shipment)
    assert (run.status, run.counts["refused"]) == ("succeeded", 1)
    assert (kept.status, kept.order.status) == (
        ShipmentStatus.SENT_TO_WAREHOUSE,
        OrderStatus.FULFILLING,
    )
    assert level(shop, "MUG") == (10, 4)
    assert Event.objects.filter(
        entity_type="sales_order",
        entity_id=str(kept.order_id),
        level="warning",
        message=f"Shipment 1001-1 could not be cancelled: order_id: {NOT_CANCELLABLE}",
    ).exists()
    assert not is_queued(shop.channel, SEND)
    # and what the warehouse ships later is still read back
    emulator.control("ship", {"order_id": int(kept.external_ref)})
    sync_now(shop.channel, IMPORT)
    assert fresh(shipment).status == ShipmentStatus.SHIPPED


def test_a_shipment_shipbob_cancelled_by_itself_is_read_back(shop, emulator):
    # given a sent shipment cancelled at ShipBob by someone there
    shipment = sent(shop)
    emulator.api("POST", f"/order/{shipment.external_ref}:cancel")
    # when
    run = sync_now(shop.channel, IMPORT)
    # then it is cancelled in OpenOMS with a Warning, and its stock released
    done = fresh(shipment)
    assert (run.status, run.counts["updated"]) == ("succeeded", 1)
    assert done.status == ShipmentStatus.CANCELLED
    assert level(shop, "MUG") == (10, 0)
    assert Event.objects.filter(
        level="warning",
        message=f"{shop.channel.name} cancelled shipment 1001-1: it will not ship, and its stock "
        "was released.",
    ).exists()
