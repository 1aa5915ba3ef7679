"""Builders of the webhook tests: Shopify and ShipBob channels with their signing secrets,
deliveries signed as the senders sign them (computed here with ``hmac``, independently of
``connectors.webhooks``), a delivery received through ``webhook_receive`` and a delivery row
stored directly (for the list and panel tests)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from openoms.channels.models import Channel
from openoms.sync.models import WebhookDelivery
from openoms.sync.services.webhooks import webhook_receive
from openoms.tenancy.models import Account

SHOPIFY_SECRET = "shpss_test_client_secret"
SHIPBOB_SECRET = "whsec_" + base64.b64encode(b"shipbob-webhook-test-key-123456").decode()
NOW = datetime(2026, 12, 6, 7, 0, 0, tzinfo=UTC)
ORDER = {
    "id": 820982911946154508,
    "name": "#1001",
    "email": "jon@example.com",
    "line_items": [{"id": 866550311766439020, "sku": "TEE-RED-M", "quantity": 2}],
}


def shopify_channel(account: Account, name: str = "Acme Shopify", **fields) -> Channel:
    credentials = {"shop_domain": "acme.myshopify.com", "client_secret": SHOPIFY_SECRET}
    fields = {"kind": "shopify", "credentials": credentials} | fields
    return Channel.objects.create(account=account, name=name, type="sales", **fields)


def shipbob_channel(account: Account, name: str = "Acme ShipBob", **fields) -> Channel:
    credentials = {"channel_id": "7", "api_token": "pat", "webhook_secret": SHIPBOB_SECRET}
    fields.setdefault("credentials", credentials)
    return Channel.objects.create(
        account=account, name=name, kind="shipbob", type="fulfillment", **fields
    )


def encode(body: object) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


def shopify_headers(
    raw_body: bytes,
    webhook_id: str = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    topic: str = "orders/create",
    secret: str = SHOPIFY_SECRET,
) -> dict[str, str]:
    digest = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
    return {
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-SHA256": base64.b64encode(digest).decode(),
        "X-Shopify-Shop-Domain": "acme.myshopify.com",
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
        "X-Shopify-Triggered-At": "2026-12-06T06:59:58.123456789Z",
        "X-Shopify-API-Version": "2026-04",
    }


def shipbob_headers(
    raw_body: bytes,
    msg_id: str = "msg_31dXtqP3Ac",
    timestamp: int = int(NOW.timestamp()),
    secret: str = SHIPBOB_SECRET,
    topic: str = "order.shipped",
) -> dict[str, str]:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + raw_body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": f"v1,{signature}",
        "x-webhook-topic": topic,
    }


def receive(channel: Channel, headers: dict[str, str], raw_body: bytes, source="shopify", now=NOW):
    """``webhook_receive`` of one delivery to ``channel``: its outcome."""
    return webhook_receive(
        channel_id=channel.pk, source=source, headers=headers, raw_body=raw_body, now=now
    )


def stored_delivery(
    channel: Channel, delivery_id: str, *, minutes: int = 0, **fields
) -> WebhookDelivery:
    """A delivery row of ``channel`` received ``minutes`` after ``NOW`` (topic orders/create
    and body ``ORDER`` unless given)."""
    return WebhookDelivery.objects.create(
        account=channel.account,
        channel=channel,
        source=channel.kind,
        delivery_id=delivery_id,
        topic=fields.pop("topic", "orders/create"),
        received_at=NOW + timedelta(minutes=minutes),
        body=fields.pop("body", ORDER),
        **fields,
    )
