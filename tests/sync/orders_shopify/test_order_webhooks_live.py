"""The whole way over real HTTP: Import Orders subscribes the store's order webhooks to
OpenOMS's address (``OPENOMS_PUBLIC_URL``, a live server here), an order placed on the store is
POSTed by the emulator's own dispatcher (signed by its code, each delivery sent twice), stored
once, queues Import Orders, and is imported once."""

from __future__ import annotations

import pytest

from openoms.orders.models import SalesOrder
from openoms.sync.models import DeliveryStatus, OrderImportState, WebhookDelivery

from .conftest import run_queued

SUBSCRIPTIONS = "{ webhookSubscriptions(first: 10) { nodes { topic callbackUrl } } }"


@pytest.mark.django_db(transaction=True)
def test_an_order_placed_on_the_store_arrives_by_webhook_and_is_imported_once(
    shop, live_server, settings
):
    # given: the first Import Orders subscribes the webhooks
    settings.OPENOMS_PUBLIC_URL = live_server.url + "/"
    address = f"{live_server.url}/webhooks/shopify/{shop.channel.pk}/"
    first = shop.import_orders()
    listed = shop.store.graphql(SUBSCRIPTIONS)["webhookSubscriptions"]["nodes"]
    assert listed == [
        {"topic": topic, "callbackUrl": address}
        for topic in ("ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID")
    ]
    assert first.counts == {}
    assert OrderImportState.objects.get(channel=shop.channel).webhooks_url == address
    shop.store.control("config", {"webhooks_duplicate": True})

    # when
    placed = shop.place(("TEE", 2))
    sent = shop.store.control("webhooks/wait", {"timeout": 20})
    runs = run_queued(shop.account)

    # then
    assert sent["idle"] and {d["outcomes"][0] for d in sent["deliveries"]} == {"200"}
    [order] = SalesOrder.objects.filter(account=shop.account)
    assert (order.external_ref, order.order_number) == (placed["id"], "1001")
    [delivery] = WebhookDelivery.objects.filter(channel=shop.channel)
    assert (delivery.topic, delivery.status, delivery.duplicates) == (
        "orders/create",
        DeliveryStatus.PROCESSED,
        1,
    )
    assert [run.summary for run in runs] == [  # the inbox imported it; the poll read it too
        "Import Orders from Proof Shop: 1 imported, 1 already imported."
    ]
    again = shop.import_orders()
    assert again.counts == {"already imported": 1}
    assert len(shop.store.graphql(SUBSCRIPTIONS)["webhookSubscriptions"]["nodes"]) == 3
