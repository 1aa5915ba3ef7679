"""The sandbox 3PL's orders: accepted, shipped in full once ``OPENOMS_SANDBOX_SHIP_SECONDS`` have
passed (a pretend clock here), cancellable until then, one order per reference, per 3PL name."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from openoms.connectors import sandbox_orders
from openoms.connectors.base import ChannelAccess, ShipmentSender, ShipmentSource
from openoms.connectors.fulfillment_types import CancelResult, FulfillmentOrder, OrderLine
from openoms.connectors.order_types import PostalAddress, ShipmentLine, Tracking
from openoms.connectors.sandbox import Sandbox3PL

TO = PostalAddress(name="Ada", address1="1 Main St", city="Austin", country="US")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(sandbox_orders.time, "time", clock)
    monkeypatch.setenv(sandbox_orders.SHIP_SECONDS_ENV, "60")
    return clock


def three_pl(name: str = "") -> Sandbox3PL:
    name = name or f"3PL {uuid.uuid4().hex}"
    return Sandbox3PL(ChannelAccess({"warehouse_name": name}, "channel 1"))


def order(reference: str = "1001-1") -> FulfillmentOrder:
    lines = (OrderLine("SBX-TEE-S", 2), OrderLine("SBX-CAP", 1))
    return FulfillmentOrder(reference, lines, TO, location="CHI")


def test_it_plays_both_shipment_roles():
    assert isinstance(three_pl(), ShipmentSender)
    assert isinstance(three_pl(), ShipmentSource)


def test_an_order_ships_in_full_once_its_seconds_have_passed(clock):
    # given
    tpl = three_pl()
    sent = tpl.order_send(order())
    # when
    before = tpl.shipments(sent.order_id)
    clock.now += 60
    after = tpl.shipments(sent.order_id)
    # then
    assert [(s.status, s.shipped, s.tracking) for s in before] == [("Processing", False, None)]
    assert [(s.status, s.shipped, s.reference, s.location, s.lines) for s in after] == [
        (
            "Completed",
            True,
            "1001-1",
            "CHI",
            (ShipmentLine("SBX-TEE-S", 2), ShipmentLine("SBX-CAP", 1)),
        )
    ]
    assert after[0].tracking == Tracking("Sandbox Post", f"SBX{int(sent.order_id):010d}")
    assert after[0].shipped_at == datetime.fromtimestamp(clock.now, tz=UTC)


def test_the_same_reference_is_one_order_per_3pl(clock):
    # given
    tpl, other = three_pl(), three_pl()
    # when
    first, again, elsewhere = (
        tpl.order_send(order()),
        tpl.order_send(order()),
        other.order_send(order()),
    )
    # then
    assert (first.already_sent, again.already_sent, elsewhere.already_sent) == (
        False,
        True,
        False,
    )
    assert first.order_id == again.order_id != elsewhere.order_id
    assert other.shipments(first.order_id) == []


def test_cancelled_before_it_ships_refused_after(clock):
    # given
    tpl = three_pl()
    early, late = tpl.order_send(order("A-1")), tpl.order_send(order("B-1"))
    # when
    cancelled = tpl.order_cancel(early.order_id)
    clock.now += 61
    refused = tpl.order_cancel(late.order_id)
    # then
    assert cancelled == CancelResult(early.order_id, True, "Cancelled")
    assert refused == CancelResult(
        late.order_id, False, "Completed", sandbox_orders.ALREADY_SHIPPED
    )
    assert [(s.cancelled, s.shipped) for s in tpl.shipments(early.order_id)] == [(True, False)]
    assert tpl.order_cancel("999999").cancelled is False


def test_shipments_since_lists_what_changed_from_then(clock):
    # given one order shipped 60 s after it was sent, another sent later and still open
    tpl = three_pl()
    first = tpl.order_send(order("A-1"))
    clock.now += 30
    second = tpl.order_send(order("B-1"))
    clock.now += 40  # the first shipped 10 s ago
    start = datetime.fromtimestamp(clock.now, tz=UTC)
    # when
    recent = tpl.shipments_since(start - timedelta(seconds=15))
    everything = tpl.shipments_since(start - timedelta(hours=1))
    # then
    assert [(s.order_id, s.shipped) for s in recent] == [(first.order_id, True)]
    assert sorted(s.order_id for s in everything) == sorted([first.order_id, second.order_id])


def test_an_unreadable_wait_falls_back_to_the_default(monkeypatch):
    monkeypatch.setenv(sandbox_orders.SHIP_SECONDS_ENV, "soon")
    assert sandbox_orders.ship_seconds() == sandbox_orders.DEFAULT_SHIP_SECONDS
