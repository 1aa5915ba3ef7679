"""A shipment's progress: cumulative shipped quantities applied once (Total and Allocated fall
together), Short Shipped then Shipped, the order Shipped; a report for the sales channel per
increase; over-shipping refused with nothing changed; cancellation asked of the warehouse."""

from __future__ import annotations

import pytest

from openoms.core.errors import Conflict, ValidationFailed
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.orders.models import ChannelFulfillment, OrderStatus, SalesOrder, ShipmentStatus
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.orders import sales_order_create
from openoms.orders.services.shipments import (
    shipment_cancel,
    shipment_cancel_confirmed,
    shipment_cancel_refused,
    shipment_progress,
    shipment_sent,
)
from openoms.orders.services.workflow import sales_order_cancel
from tests.orders.conftest import draft, level
from tests.sync.conftest import make_channel

pytestmark = pytest.mark.django_db
TRACK = {"number": "1Z999", "carrier": "UPS", "url": "https://ups.example/1Z999"}


def allocated(shop, *lines, channel=None):
    order = sales_order_create(
        actor=shop.actor,
        account=shop.account,
        draft=draft(
            "1001",
            *lines,
            channel_id=channel.pk if channel else None,
            external_ref="ext-1" if channel else "",
        ),
        source="channel" if channel else "api",
        approve=True,
    )
    shipment = sales_order_allocate(actor=shop.actor, order=order)
    lines = {line.variant.sku: line.pk for line in shipment.lines.select_related("variant")}
    return order, shipment, lines


def test_a_partial_then_complete_shipment(shop):
    # given
    store = make_channel(shop.account, "Store")
    order, shipment, lines = allocated(shop, ("TEE", 3), ("MUG", 2), channel=store)
    shipment_sent(actor=shop.actor, shipment=shipment, external_ref="SB-1")

    # when part ships, then the rest (cumulative totals, the first repeated)
    shipment_progress(
        actor=shop.actor, shipment=shipment, shipped={lines["TEE"]: 2}, tracking=[TRACK]
    )
    shipment.refresh_from_db()
    order.refresh_from_db()
    partly = (shipment.status, order.status, level(shop, "TEE"), level(shop, "MUG"))
    shipment_progress(
        actor=shop.actor, shipment=shipment, shipped={lines["TEE"]: 3, lines["MUG"]: 2}
    )

    # then
    assert partly == (ShipmentStatus.SHORT_SHIPPED, OrderStatus.FULFILLING, (8, 1), (5, 2))
    shipment.refresh_from_db()
    order.refresh_from_db()
    assert (shipment.status, order.status) == (ShipmentStatus.SHIPPED, OrderStatus.SHIPPED)
    assert (level(shop, "TEE"), level(shop, "MUG")) == ((7, 0), (3, 0))
    assert list(order.lines.values_list("sku", "shipped")) == [("TEE", 3), ("MUG", 2)]
    assert shipment.tracking == [TRACK]
    reports = list(ChannelFulfillment.objects.order_by("id").values_list("lines", "tracking"))
    assert [[(line["sku"], line["quantity"]) for line in rows] for rows, _ in reports] == [
        [("TEE", 2)],
        [("TEE", 1), ("MUG", 2)],
    ]
    assert ledger_mismatches(account=shop.account) == []


def test_the_same_totals_twice_change_nothing(shop):
    _, shipment, lines = allocated(shop, ("TEE", 3))
    shipment_progress(actor=shop.actor, shipment=shipment, shipped={lines["TEE"]: 1})
    shipment_progress(actor=shop.actor, shipment=shipment, shipped={lines["TEE"]: 1})
    assert level(shop, "TEE") == (9, 2)
    assert not ChannelFulfillment.objects.exists()  # not a channel order


def test_shipping_more_than_the_line_is_refused_and_nothing_changes(shop):
    _, shipment, lines = allocated(shop, ("TEE", 3))
    with pytest.raises(ValidationFailed):
        shipment_progress(actor=shop.actor, shipment=shipment, shipped={lines["TEE"]: 4})
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.READY_TO_SEND and level(shop, "TEE") == (10, 3)


def test_a_sent_shipment_is_cancelled_through_the_warehouse(shop):
    # given
    order, shipment, _ = allocated(shop, ("TEE", 3))
    shipment.fulfillment_channel = make_channel(shop.account, "3PL", kind="sandbox_fulfillment")
    shipment.save()
    shipment_sent(actor=shop.actor, shipment=shipment, external_ref="SB-1")

    # when the order is cancelled: the warehouse is asked first
    sales_order_cancel(actor=shop.actor, order=order)
    shipment.refresh_from_db()
    asked = (shipment.status, SalesOrder.objects.get().status, level(shop, "TEE"))
    shipment_cancel_confirmed(actor=shop.actor, shipment=shipment)

    # then
    assert asked == (ShipmentStatus.CANCEL_REQUESTED, OrderStatus.FULFILLING, (10, 3))
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.CANCELLED
    assert SalesOrder.objects.get().status == OrderStatus.CANCELLED
    assert level(shop, "TEE") == (10, 0)


def test_a_refused_cancellation_keeps_the_shipment_and_says_why(shop):
    _, shipment, _ = allocated(shop, ("TEE", 3))
    shipment.fulfillment_channel = make_channel(shop.account, "3PL", kind="sandbox_fulfillment")
    shipment.save()
    shipment_sent(actor=shop.actor, shipment=shipment, external_ref="SB-1")
    shipment_cancel(actor=shop.actor, shipment=shipment)
    shipment_cancel_refused(actor=shop.actor, shipment=shipment, reason="Already packed.")
    shipment.refresh_from_db()
    assert (shipment.status, shipment.last_error) == (
        ShipmentStatus.SENT_TO_WAREHOUSE,
        "Already packed.",
    )
    assert level(shop, "TEE") == (10, 3)


def test_a_cancelled_shipment_reopens_the_order_for_allocation(shop):
    order, shipment, _ = allocated(shop, ("TEE", 3))
    shipment_cancel(actor=shop.actor, shipment=shipment)
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED and level(shop, "TEE") == (10, 0)
    again = sales_order_allocate(actor=shop.actor, order=order)
    assert again.number == "1001-2" and level(shop, "TEE") == (10, 3)


def test_an_order_with_shipped_items_cannot_be_cancelled(shop):
    order, shipment, lines = allocated(shop, ("TEE", 3))
    shipment_progress(actor=shop.actor, shipment=shipment, shipped={lines["TEE"]: 1})
    with pytest.raises(Conflict):
        sales_order_cancel(actor=shop.actor, order=order)
    assert SalesOrder.objects.get().status == OrderStatus.FULFILLING
