"""The emulators' webhooks reach OpenOMS: the ShipBob emulator's own dispatcher posts a signed
delivery over real HTTP to a live server (Standard Webhooks, signed by the emulator's code, not
ours), and the Shopify emulator's signature of a raw body is accepted by the endpoint."""

from __future__ import annotations

import json
import time

import pytest

from openoms.sync.models import WebhookDelivery
from openoms_emulator.shipbob.state import Subscription
from openoms_emulator.shipbob.webhooks import Dispatcher
from openoms_emulator.shopify.webhooks import sign as shopify_sign
from tests.sync.webhook_data import (
    ORDER,
    SHIPBOB_SECRET,
    SHOPIFY_SECRET,
    shipbob_channel,
    shopify_channel,
)

DELIVERY_WAIT_SECONDS = 10


@pytest.mark.django_db(transaction=True)
def test_the_shipbob_emulator_delivers_a_signed_webhook_over_http(live_server, tenant):
    channel = shipbob_channel(tenant.account)
    url = f"{live_server.url}/webhooks/shipbob/{channel.pk}/"
    dispatcher = Dispatcher(retry_delays=())
    try:
        subscription = Subscription("sub-1", url, SHIPBOB_SECRET, ["order.shipped"])
        delivery = dispatcher.enqueue(
            subscription, "order.shipped", {"id": 42, "status": "Completed"}
        )
        deadline = time.monotonic() + DELIVERY_WAIT_SECONDS
        while not delivery.attempts and time.monotonic() < deadline:
            time.sleep(0.02)  # a real HTTP round trip from the emulator's thread
    finally:
        dispatcher.stop()

    assert delivery.attempts == ["200"]
    stored = WebhookDelivery.objects.get()
    assert (stored.delivery_id, stored.topic) == (delivery.msg_id, "order.shipped")
    assert stored.body == {"id": 42, "status": "Completed"}


@pytest.mark.django_db
def test_a_body_signed_by_the_shopify_emulator_is_accepted(client, tenant):
    channel = shopify_channel(tenant.account)
    raw = json.dumps(ORDER, separators=(",", ":")).encode()
    headers = {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-SHA256": shopify_sign(SHOPIFY_SECRET, raw),
        "X-Shopify-Webhook-Id": "emulated-1",
    }

    response = client.post(
        f"/webhooks/shopify/{channel.pk}/", raw, content_type="application/json", headers=headers
    )

    assert response.status_code == 200
    assert WebhookDelivery.objects.get().delivery_id == "emulated-1"
