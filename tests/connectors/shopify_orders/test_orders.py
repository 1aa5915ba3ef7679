"""The order side over real HTTP against the Shopify emulator: orders changed since a time (pages,
the ``updated_at`` boundary, many lines), fulfillments with tracking (partial, complete, two
locations, refused), webhook subscriptions; every call's declared cost is the server's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from openoms.connectors.base import ConnectorError
from openoms.connectors.order_types import (
    ChannelOrderLine,
    Customer,
    PostalAddress,
    ShipmentLine,
    ShippingLine,
    Tracking,
)
from openoms.connectors.shopify.orders import LINES_PER_ORDER, ORDERS_PER_PAGE, orders_page

from .conftest import checkout

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
READ_BACK = """query R($id: ID!) { order(id: $id) {
  displayFulfillmentStatus
  fulfillments { totalQuantity trackingInfo { company number url }
    fulfillmentLineItems(first: 5) { nodes { quantity lineItem { sku } } } }
} }"""


def assert_costs_declared(side) -> None:
    for call, cost in side.answered:
        assert call.cost == cost["requestedQueryCost"], call.name


def test_three_orders_are_read_across_two_pages(side, stock, emulator):
    first = checkout(emulator, [("SH-S", 2), ("MUG", 1)])
    emulator.clock.advance(5)
    checkout(emulator, [("SH-M", 1)], email="b@example.com")
    emulator.clock.advance(5)
    checkout(emulator, [("MUG", 3)], email="c@example.com")
    side.orders.orders_per_page = 2
    orders = list(side.orders.orders_updated_since(LONG_AGO))
    assert [o.number for o in orders] == ["#1001", "#1002", "#1003"]
    assert side.names() == ["OrdersPage", "OrdersPage"]
    order = orders[0]
    assert order.ref == first["id"]
    assert order.updated_at == order.created_at == orders[1].created_at - timedelta(seconds=5)
    assert order.created_at.tzinfo is not None and order.cancelled_at is None
    assert (order.currency, order.email, order.fulfillment_status) == (
        "USD",
        "ada@example.com",
        "UNFULFILLED",
    )
    assert order.customer == Customer(
        ref=order.customer.ref, email="ada@example.com", first_name="Ada", last_name="Lovelace"
    )
    assert order.customer.ref.startswith("gid://shopify/Customer/")
    assert order.ship_to == PostalAddress(
        name="Ada Lovelace",
        company="Engines Ltd",
        address1="1 Analytical St",
        city="London",
        state="LND",
        zip_code="N1 1AA",
        country="GB",
        phone="+44 20 0000",
    )
    assert order.bill_to == order.ship_to
    assert order.lines == (
        ChannelOrderLine(first["line_items"][0]["id"], "SH-S", 2, Decimal("12.50"), "Shirt - S"),
        ChannelOrderLine(first["line_items"][1]["id"], "MUG", 1, Decimal("8"), "Mug"),
    )
    assert_costs_declared(side)


def test_a_polled_order_carries_its_shipping_line_and_one_without_none(side, stock, emulator):
    # given
    ups = {"title": "UPS", "code": "GND", "source": "ups_shipping"}
    checkout(emulator, [("SH-S", 1)], shipping_line=ups)
    emulator.clock.advance(5)
    checkout(emulator, [("MUG", 1)])
    emulator.clock.advance(5)
    checkout(emulator, [("MUG", 1)], shipping_line=None)
    # when
    orders = list(side.orders.orders_updated_since(LONG_AGO))
    # then
    assert [o.shipping for o in orders] == [
        ShippingLine("UPS", "GND", "ups_shipping"),
        ShippingLine("Standard Shipping", "Standard Shipping", "shopify"),
        None,
    ]
    assert_costs_declared(side)


def test_a_full_orders_page_stays_under_shopifys_cost_limit_of_a_query():
    # when
    query = "updated_at:>='2026-12-06T00:00:00Z'"
    call = orders_page(query, ORDERS_PER_PAGE, LINES_PER_ORDER, None)
    # then: 15 orders x (node, customer, 2 addresses, shipping line, 19 lines of 3) + 2
    assert (ORDERS_PER_PAGE, LINES_PER_ORDER) == (15, 19)
    assert call.cost == 2 + 15 * (5 + 2 + 19 * 3) == 962
    assert call.cost <= 1000


def test_an_update_after_since_appears_and_one_before_does_not(side, stock, emulator):
    old = checkout(emulator, [("SH-S", 1)])
    emulator.clock.advance(60)
    since = next(side.orders.orders_updated_since(LONG_AGO)).updated_at + timedelta(seconds=30)
    emulator.clock.advance(60)
    new = checkout(emulator, [("MUG", 1)])
    assert [o.ref for o in side.orders.orders_updated_since(since)] == [new["id"]]
    emulator.clock.advance(60)
    emulator.control("orders/cancel", {"id": old["id"]})
    seen = list(side.orders.orders_updated_since(since))
    assert [o.ref for o in seen] == [new["id"], old["id"]]
    assert seen[1].cancelled_at == seen[1].updated_at


def test_an_order_with_more_lines_than_a_page_is_read_whole(side, stock, emulator):
    checkout(emulator, [("SH-S", 1), ("SH-M", 1), ("MUG", 1)])
    side.orders.lines_per_order = 1
    [order] = side.orders.orders_updated_since(LONG_AGO)
    assert [line.sku for line in order.lines] == ["SH-S", "SH-M", "MUG"]
    assert side.names() == ["OrdersPage", "OrderLinesPage"]
    assert_costs_declared(side)


def test_partial_then_complete_fulfillment_with_tracking(side, stock, emulator):
    placed = checkout(emulator, [("SH-S", 3), ("SH-M", 1)])
    ups = Tracking("UPS", "1Z999", "https://ups.example/1Z999")
    [partial] = side.orders.fulfillment_send(placed["id"], [ShipmentLine("SH-S", 1)], ups)
    assert (partial.status, partial.lines, partial.tracking) == (
        "SUCCESS",
        (ShipmentLine("SH-S", 1),),
        (ups,),
    )
    order = emulator.data(READ_BACK, {"id": placed["id"]})["order"]
    assert order["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    dhl = Tracking("DHL", "JD01")
    rest = side.orders.fulfillment_send(
        placed["id"], [ShipmentLine("SH-S", 2), ShipmentLine("SH-M", 1)], dhl
    )
    assert [f.lines for f in rest] == [(ShipmentLine("SH-S", 2),), (ShipmentLine("SH-M", 1),)]
    order = emulator.data(READ_BACK, {"id": placed["id"]})["order"]
    assert order["displayFulfillmentStatus"] == "FULFILLED"
    assert [
        (
            f["totalQuantity"],
            f["trackingInfo"],
            [(n["lineItem"]["sku"], n["quantity"]) for n in f["fulfillmentLineItems"]["nodes"]],
        )
        for f in order["fulfillments"]
    ] == [
        (
            1,
            [{"company": "UPS", "number": "1Z999", "url": "https://ups.example/1Z999"}],
            [("SH-S", 1)],
        ),
        (2, [{"company": "DHL", "number": "JD01", "url": None}], [("SH-S", 2)]),
        (1, [{"company": "DHL", "number": "JD01", "url": None}], [("SH-M", 1)]),
    ]
    [order_read] = side.orders.orders_updated_since(LONG_AGO)
    assert order_read.fulfillment_status == "FULFILLED"
    assert_costs_declared(side)


def test_more_than_is_left_to_fulfil_is_refused_before_sending(side, stock, emulator):
    placed = checkout(emulator, [("SH-S", 2)])
    with pytest.raises(ConnectorError) as refused:
        side.orders.fulfillment_send(placed["id"], [ShipmentLine("SH-S", 3)])
    assert refused.value.message == (
        f"Shopify order {placed['id']} has 2 of SH-S left to fulfil, not 3: nothing was sent."
    )
    assert side.names() == ["OrderFulfillmentOrders"]
    with pytest.raises(ConnectorError, match="has 0 of NOPE left to fulfil"):
        side.orders.fulfillment_send(placed["id"], [ShipmentLine("NOPE", 1)])
    order = emulator.data(READ_BACK, {"id": placed["id"]})["order"]
    assert (order["displayFulfillmentStatus"], order["fulfillments"]) == ("UNFULFILLED", [])


def test_the_open_fulfillment_orders_say_what_is_left_per_line(side, stock, emulator):
    # given an order from two locations, the shirt in S partly fulfilled
    placed = checkout(emulator, [("SH-S", 3), ("SH-M", 1)])
    side.orders.fulfillment_send(placed["id"], [ShipmentLine("SH-S", 1)])
    # when
    found = side.orders.open_fulfillment_orders(placed["id"])
    # then
    left = [
        (
            fo["status"],
            [(n["lineItem"]["sku"], n["remainingQuantity"]) for n in fo["lineItems"]["nodes"]],
        )
        for fo in found
    ]
    assert left == [("IN_PROGRESS", [("SH-S", 2)]), ("OPEN", [("SH-M", 1)])]
    assert all(fo["assignedLocation"]["location"]["id"] for fo in found)
    with pytest.raises(ConnectorError, match="Shopify has no order gid://shopify/Order/999999"):
        side.orders.open_fulfillment_orders("gid://shopify/Order/999999")
    assert_costs_declared(side)


def test_webhook_subscriptions_are_created_once(side, emulator):
    uri = "https://openoms.example/webhooks/shopify/9"
    ids = side.orders.webhooks_subscribe(uri)
    assert side.orders.webhooks_subscribe(uri) == ids
    listed = emulator.data("{ webhookSubscriptions(first: 5) { nodes { id topic callbackUrl } } }")
    assert listed["webhookSubscriptions"]["nodes"] == [
        {"id": ids[0], "topic": "ORDERS_CREATE", "callbackUrl": uri},
        {"id": ids[1], "topic": "ORDERS_UPDATED", "callbackUrl": uri},
    ]
    assert side.names().count("WebhookSubscriptionCreate") == 2
    with pytest.raises(ConnectorError, match="Address is invalid"):
        side.orders.webhooks_subscribe("ftp://openoms.example/x", ["ORDERS_CREATE"])
    assert_costs_declared(side)
