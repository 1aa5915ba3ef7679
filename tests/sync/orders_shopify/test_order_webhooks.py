"""Order webhooks from the inbox: the bodies are the emulator's own (its ``orders/create`` and
``orders/updated`` payloads, captured at an address nobody answers), POSTed to OpenOMS's webhook
address signed as Shopify signs them; Import Orders (queued when a delivery is stored) processes
them. Out of order, twice, cancelled, not an order, for another account."""

from __future__ import annotations

import pytest

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.core.errors import NotFound
from openoms.orders.models import OrderStatus, SalesOrder
from openoms.orders.selectors import OrderFilters, sales_order_get, sales_orders
from openoms.sync.models import DeliveryStatus, WebhookDelivery
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role

from .conftest import (
    Shop,
    capture_order_webhooks,
    captured_bodies,
    deliveries,
    make_shop,
    post_webhook,
    relax_carrier_rules,
    run_queued,
)


def placed_with_bodies(shop: Shop, *lines) -> tuple[dict, list[dict]]:
    capture_order_webhooks(shop.store)
    placed = shop.place(*lines)
    return placed, captured_bodies(shop.store)


def test_orders_paid_before_orders_create_imports_the_order_once(shop, client):
    # given: the store's orders/create body, delivered as orders/paid first
    placed, [create] = placed_with_bodies(shop, ("TEE", 2))
    body = create["body"]

    # when
    assert post_webhook(client, shop.channel, "orders/paid", body, "w-paid").status_code == 200
    assert post_webhook(client, shop.channel, "orders/create", body, "w-create").status_code == 200
    runs = run_queued(shop.account)

    # then
    [order] = SalesOrder.objects.filter(account=shop.account)
    assert (order.order_number, order.external_ref) == ("1001", placed["id"])
    assert list(order.lines.values_list("external_ref", "quantity")) == [
        (placed["line_items"][0]["id"], 2)
    ]
    assert [run.job_type for run in runs] == ["import_orders"]
    assert [(topic, status) for topic, status, _ in deliveries(shop.channel)] == [
        ("orders/paid", DeliveryStatus.PROCESSED),
        ("orders/create", DeliveryStatus.PROCESSED),
    ]


def test_each_delivery_of_an_imported_order_is_marked_processed(shop, client):
    # given
    _, [create] = placed_with_bodies(shop, ("TEE", 1))
    post_webhook(client, shop.channel, "orders/create", create["body"], "w-1")
    run_queued(shop.account)

    # when: the same order again, by another delivery
    post_webhook(client, shop.channel, "orders/updated", create["body"], "w-2")
    run_queued(shop.account)

    # then
    assert SalesOrder.objects.filter(account=shop.account).count() == 1
    assert deliveries(shop.channel)[1] == (
        "orders/updated",
        DeliveryStatus.PROCESSED,
        "Order #1001: already imported (OpenOMS order 1001).",
    )


def test_the_same_webhook_delivered_twice_is_one_delivery_and_one_order(shop, client):
    # given
    _, [create] = placed_with_bodies(shop, ("TEE", 1))

    # when
    post_webhook(client, shop.channel, "orders/create", create["body"], "same-id")
    post_webhook(client, shop.channel, "orders/create", create["body"], "same-id")
    run_queued(shop.account)

    # then
    assert SalesOrder.objects.filter(account=shop.account).count() == 1
    assert WebhookDelivery.objects.get(channel=shop.channel).duplicates == 1


def test_a_cancellation_by_orders_updated_cancels_the_imported_order(shop, client):
    # given
    placed, [create] = placed_with_bodies(shop, ("TEE", 1))
    post_webhook(client, shop.channel, "orders/create", create["body"], "w-1")
    run_queued(shop.account)

    # when
    shop.store.control("orders/cancel", {"id": placed["id"]})
    updated = captured_bodies(shop.store)[-1]
    assert updated["topic"] == "orders/updated" and updated["body"]["cancelled_at"]
    post_webhook(client, shop.channel, "orders/updated", updated["body"], "w-2")
    run_queued(shop.account)

    # then
    assert SalesOrder.objects.get(account=shop.account).status == OrderStatus.CANCELLED


def test_a_create_arriving_after_the_cancellation_does_not_import_the_order(shop, client):
    # given: the order is cancelled before OpenOMS heard of it
    placed, [create] = placed_with_bodies(shop, ("TEE", 1))
    shop.store.control("orders/cancel", {"id": placed["id"]})
    cancelled = captured_bodies(shop.store)[-1]["body"]
    post_webhook(client, shop.channel, "orders/updated", cancelled, "w-cancel")
    run_queued(shop.account)

    # when: the older orders/create comes late
    post_webhook(client, shop.channel, "orders/create", create["body"], "w-late")
    run_queued(shop.account)

    # then
    assert not SalesOrder.objects.filter(account=shop.account).exists()
    assert deliveries(shop.channel)[1][:2] == ("orders/create", DeliveryStatus.PROCESSED)


def test_the_shipping_line_gives_the_carrier_and_service(shop, client):
    # given
    ups = Carrier.objects.create(account=shop.account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    relax_carrier_rules(shop.account, "error")
    _, [create] = placed_with_bodies(shop, ("TEE", 1))
    body = create["body"] | {"shipping_lines": [{"title": "UPS", "code": "GND"}]}

    # when
    post_webhook(client, shop.channel, "orders/create", body, "w-1")
    run_queued(shop.account)

    # then
    order = SalesOrder.objects.get(account=shop.account)
    assert (order.carrier_code, order.service_code) == ("UPS", "GND")


@pytest.mark.parametrize(
    "body, reason",
    [
        ({"id": 5, "title": "a product"}, "Not an order: the body has no order id and name"),
        ({"id": 5, "name": "#9", "line_items": "x"}, "Not an order: order #9 has no line_items"),
        (
            {"id": 5, "name": "#9", "created_at": "yesterday", "line_items": [{"id": 1}]},
            "Not an order: its created_at is not a date and time",
        ),
    ],
)
def test_a_delivery_whose_body_is_not_an_order_fails_with_the_reason(shop, client, body, reason):
    # when
    response = post_webhook(client, shop.channel, "orders/create", body, "w-bad")
    [run] = run_queued(shop.account)

    # then
    assert response.status_code == 200
    assert run.status == "succeeded"
    [(_, status, note)] = deliveries(shop.channel)
    assert status == DeliveryStatus.FAILED and note.startswith(reason)
    assert not SalesOrder.objects.exists()


def test_malformed_and_oversized_bodies_are_refused_at_intake(shop, client, settings):
    # given
    settings.OPENOMS_WEBHOOK_MAX_BODY_BYTES = 1000

    # when
    malformed = post_webhook(client, shop.channel, "orders/create", b'{"id": 1,', "w-1")
    oversized = post_webhook(client, shop.channel, "orders/create", {"note": "x" * 2000}, "w-2")

    # then
    assert (malformed.status_code, malformed.json()["error"]["code"]) == (400, "malformed_json")
    assert oversized.status_code == 413
    assert not WebhookDelivery.objects.exists()
    assert run_queued(shop.account) == []


def test_an_order_of_another_account_is_never_visible(shop, client, tenant, other_tenant):
    # given: the other organization's Shopify channel on the same store
    theirs = make_shop(
        other_tenant.account,
        shop.store,
        shop.channel.warehouse_mappings.get().external_id,
        name="Their Shop",
    )
    relax_carrier_rules(other_tenant.account)
    _, [create] = placed_with_bodies(shop, ("TEE", 1))

    # when: the delivery reaches their channel only
    post_webhook(client, theirs.channel, "orders/create", create["body"], "w-1")
    run_queued(other_tenant.account)

    # then
    [their_order] = SalesOrder.objects.all()
    assert their_order.account_id == other_tenant.account.pk
    ours = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    assert list(sales_orders(ours, shop.account, OrderFilters())) == []
    with pytest.raises(NotFound):
        sales_order_get(ours, shop.account, their_order.pk)
    assert run_queued(shop.account) == []
    assert not WebhookDelivery.objects.filter(channel=shop.channel).exists()
