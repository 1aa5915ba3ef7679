"""Orders whose lines OpenOMS refuses, delivered by webhook: a negative quantity (the order waits
with an Error naming the line), an order of more lines than an order may hold (the delivery
fails with an Error saying why). Nothing of either is stored: no order, no line, no
reservation."""

from __future__ import annotations

import copy

from openoms.activity.models import Event
from openoms.inventory.models import InventoryMovement
from openoms.orders.models import SalesOrder, SalesOrderLine

from .conftest import capture_order_webhooks, captured_bodies, post_webhook, run_queued


def a_created_body(shop) -> dict:
    """The store's orders/create body, made an order the store does not have (the Import
    Orders run also polls the store: the real order is imported by the poll)."""
    capture_order_webhooks(shop.store)
    shop.place(("TEE", 2))
    [create] = captured_bodies(shop.store)
    body = create["body"]
    body["id"] = body["id"] + 100_000
    body["admin_graphql_api_id"] = f"gid://shopify/Order/{body['id']}"
    body["name"], body["order_number"] = "#9001", 9001
    return body


def forged_orders(shop):
    return SalesOrder.objects.filter(account=shop.account, order_number="9001")


def errors_of(shop) -> list[str]:
    rows = Event.objects.filter(account=shop.account, level="error").order_by("id")
    return list(rows.values_list("message", flat=True))


def test_a_negative_quantity_keeps_the_order_out_with_the_reason(shop, client):
    # given the store's body, its line's quantity made negative
    body = a_created_body(shop)
    body["line_items"][0]["quantity"] = -3
    allocations = InventoryMovement.objects.filter(quantity="allocated").count()

    # when
    assert post_webhook(client, shop.channel, "orders/create", body, "w-neg").status_code == 200
    run_queued(shop.account)

    # then
    assert not forged_orders(shop).exists()
    assert not SalesOrderLine.objects.filter(quantity__lte=0).exists()
    assert InventoryMovement.objects.filter(quantity="allocated").count() == allocations
    assert errors_of(shop) == [
        "Order #9001 of Proof Shop was not imported: The order was not created: "
        "lines.0.quantity: The quantity must be at least 1."
    ]


def test_a_huge_order_is_refused_whole_with_the_reason(shop, client):
    # given the store's body with 501 lines
    body = a_created_body(shop)
    line = body["line_items"][0]
    body["line_items"] = [dict(copy.deepcopy(line), id=line["id"] + n) for n in range(501)]

    # when
    assert post_webhook(client, shop.channel, "orders/create", body, "w-huge").status_code == 200
    run_queued(shop.account)

    # then
    assert not forged_orders(shop).exists()
    assert SalesOrderLine.objects.count() <= 1  # the store's own order, polled
    assert errors_of(shop) == [
        "A orders/create webhook of Proof Shop was not imported (delivery w-huge): not an "
        "order: order #9001 has 501 lines (at most 500)."
    ]
