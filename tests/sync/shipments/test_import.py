"""Import Shipments over real HTTP from the ShipBob emulator: the warehouse ships part (its
control API) → Short Shipped, the order Fulfilling; then the rest → Shipped, the order Shipped,
Total and Allocated fell by what shipped and the ledger adds up; a ShipBob order OpenOMS did not
send is one Warning; another account's shipments are untouched."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.connectors.fulfillment_types import FulfillmentOrder, OrderLine
from openoms.connectors.order_types import PostalAddress
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.orders.models import OrderStatus, ShipmentStatus
from tests.sync.runs import run_events, sync_now
from tests.sync.shipments.conftest import (
    IMPORT,
    SEND,
    allocated,
    fresh,
    level,
    run_queued,
    shipbob_setup,
)

pytestmark = pytest.mark.django_db


def sent(shop, number: str = "1001", *lines):
    """An order allocated and sent to ShipBob: its shipment."""
    shipment = allocated(shop.account, number, *lines)
    assert run_queued(shop.channel, SEND).counts["sent"] == 1
    return fresh(shipment)


def ship(emulator, shipment, lines=None, number: str = "1Z1") -> None:
    body = {
        "order_id": int(shipment.external_ref),
        "tracking": {"carrier": "UPS", "tracking_number": number},
    }
    if lines:
        body["lines"] = [{"sku": sku, "quantity": qty} for sku, qty in lines]
    emulator.control("ship", body)


def shipped_lines(shipment) -> dict[str, int]:
    return {line.variant.sku: line.shipped for line in shipment.lines.select_related("variant")}


def test_a_partial_then_complete_shipment_is_read_back(shop, emulator):
    # given a sent shipment of MUG 4 and TEE-S 2; ShipBob ships 1 MUG-1
    shipment = sent(shop)
    ship(emulator, shipment, [("MUG-1", 1)], "1Z1")
    # when
    first = sync_now(shop.channel, IMPORT)
    # then
    partly = fresh(shipment)
    assert (first.status, first.counts) == (
        "succeeded",
        {"updated": 1, "unchanged": 0, "webhooks": 0, "unknown": 0},
    )
    assert (partly.status, partly.order.status) == (
        ShipmentStatus.SHORT_SHIPPED,
        OrderStatus.FULFILLING,
    )
    assert shipped_lines(partly) == {"MUG": 1, "TEE-S": 0}
    assert (level(shop, "MUG"), level(shop, "TEE-S")) == ((9, 3), (6, 2))
    # when the rest ships, and the import runs twice
    ship(emulator, shipment, None, "1Z2")
    second = sync_now(shop.channel, IMPORT)
    again = sync_now(shop.channel, IMPORT)
    # then shipped once: Total and Allocated fell by what shipped, the ledger adds up
    done = fresh(shipment)
    assert second.counts["updated"] == 1
    assert (again.status, again.counts["updated"]) == ("succeeded", 0)
    assert (done.status, done.order.status) == (ShipmentStatus.SHIPPED, OrderStatus.SHIPPED)
    assert shipped_lines(done) == {"MUG": 4, "TEE-S": 2}
    assert (level(shop, "MUG"), level(shop, "TEE-S")) == ((6, 0), (4, 0))
    assert sorted(t["number"] for t in done.tracking) == ["1Z1", "1Z2"]
    assert ledger_mismatches(account=shop.account) == []


def test_nothing_open_means_nothing_is_asked(shop, emulator):
    # given a shipment not sent yet (nothing is open at ShipBob)
    allocated(shop.account, "1001")
    calls = emulator.control("state")
    # when
    run = sync_now(shop.channel, IMPORT)
    # then
    assert (run.status, run.counts["updated"]) == ("succeeded", 0)
    assert emulator.control("state")["orders"] == calls["orders"]


def test_a_shipbob_order_openoms_did_not_send_is_one_warning(shop, emulator):
    # given one of ours open, and an order created in ShipBob by someone else, shipped
    sent(shop)
    other = emulator.connector().order_send(
        FulfillmentOrder(
            "HAND-7",
            (OrderLine("TEE-S", 1),),
            PostalAddress(name="Bob", address1="2 Side St", city="Austin", country="US"),
        )
    )
    emulator.control("ship", {"order_id": int(other.order_id)})
    # when
    run = sync_now(shop.channel, IMPORT)
    # then the run goes on, with one Warning naming it
    assert (run.status, run.counts["unknown"]) == ("succeeded", 1)
    assert (
        "warning",
        f"{shop.channel.name} reported shipments OpenOMS did not send it: HAND-7. They were "
        "left alone.",
    ) in run_events(run)
    assert level(shop, "TEE-S") == (6, 2)


def test_another_accounts_shipments_are_untouched(shop, emulator, other_tenant):
    # given another organization's account with the same order number, on ShipBob channel 2
    emulator.seed(channels=[{"id": 2, "name": "Globex"}])
    theirs_setup = shipbob_setup(other_tenant.account, emulator, shipbob_channel="2")
    mine = sent(shop)
    theirs = sent(theirs_setup)
    assert (mine.number, theirs.number) == ("1001-1", "1001-1")
    # when ours ships in full and both accounts import
    ship(emulator, mine)
    sync_now(shop.channel, IMPORT)
    other_run = sync_now(theirs_setup.channel, IMPORT)
    # then ours shipped; theirs is as it was, their stock still allocated
    assert fresh(mine).status == ShipmentStatus.SHIPPED
    assert fresh(theirs).status == ShipmentStatus.SENT_TO_WAREHOUSE
    assert shipped_lines(fresh(theirs)) == {"MUG": 0, "TEE-S": 0}
    assert level(theirs_setup, "MUG") == (10, 4)
    assert other_run.counts["updated"] == 0
    assert not Event.objects.filter(account=other_tenant.account, message__contains="shipped (")
