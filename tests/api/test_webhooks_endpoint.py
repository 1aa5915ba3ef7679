"""The webhook addresses over HTTP: ``POST /webhooks/shopify/<id>/`` and
``POST /webhooks/shipbob/<id>/`` answer every input with a deliberate status, never a 500, with
no session, no CSRF token and no API key."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from openoms.sync.models import WebhookDelivery
from tests.sync.webhook_data import (
    ORDER,
    encode,
    shipbob_channel,
    shipbob_headers,
    shopify_channel,
    shopify_headers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sender() -> Client:
    """A client like Shopify's: no cookies, and CSRF checked as for any browser."""
    return Client(enforce_csrf_checks=True)


def post(client: Client, path: str, raw: bytes, headers: dict[str, str] | None = None):
    return client.post(path, data=raw, content_type="application/json", headers=headers or {})


def test_a_valid_shopify_delivery_is_200_and_stored(sender, tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)

    response = post(sender, f"/webhooks/shopify/{channel.pk}/", raw, shopify_headers(raw))

    assert response.status_code == 200
    assert response.json() == {"result": "stored", "message": "Stored; it will be processed."}
    assert WebhookDelivery.objects.get().body == ORDER


def test_the_trailing_slash_is_optional(sender, tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    response = post(sender, f"/webhooks/shopify/{channel.pk}", raw, shopify_headers(raw))
    assert (response.status_code, WebhookDelivery.objects.count()) == (200, 1)


def test_a_repeat_is_200_duplicate(sender, tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    for _ in range(2):
        response = post(sender, f"/webhooks/shopify/{channel.pk}/", raw, shopify_headers(raw))
    assert response.status_code == 200
    assert response.json()["result"] == "duplicate"
    assert WebhookDelivery.objects.count() == 1


def test_a_valid_shipbob_delivery_is_200(sender, tenant):
    channel = shipbob_channel(tenant.account)
    raw = encode({"id": 55})
    headers = shipbob_headers(raw, timestamp=int(time.time()))

    response = post(sender, f"/webhooks/shipbob/{channel.pk}/", raw, headers)

    assert response.status_code == 200
    assert WebhookDelivery.objects.get().delivery_id == "msg_31dXtqP3Ac"


def test_errors_use_the_api_error_format(sender, tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    response = post(sender, f"/webhooks/shopify/{channel.pk}/", raw, {"X-Shopify-Hmac-SHA256": "x"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"


@pytest.mark.parametrize(
    ("raw", "signed", "status"),
    [
        (b"", False, 401),
        (b"", True, 400),
        (bytes(range(256)) * 8, False, 401),
        (bytes(range(256)) * 8, True, 400),
        (b"\x00" * 64, True, 400),
        (b'{"a":"\\u0000"}', True, 200),
        (b"null", True, 400),
        (b"[" * 2000, True, 400),
        (b"x" * 3000, False, 413),
    ],
    ids=[
        "empty",
        "empty-signed",
        "binary",
        "binary-signed",
        "nul-bytes",
        "nul-escape",
        "null",
        "deep",
        "huge",
    ],
)
def test_any_body_gets_a_deliberate_answer(sender, tenant, settings, raw, signed, status):
    settings.OPENOMS_WEBHOOK_MAX_BODY_BYTES = 2048
    channel = shopify_channel(tenant.account)
    headers = shopify_headers(raw) if signed else {}

    response = post(sender, f"/webhooks/shopify/{channel.pk}/", raw, headers)

    assert response.status_code == status
    assert WebhookDelivery.objects.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Shopify-Hmac-SHA256": ""},
        {"X-Shopify-Hmac-SHA256": "ä"},
        {"webhook-id": "x", "webhook-timestamp": "1", "webhook-signature": "v1,xx"},
    ],
)
def test_missing_or_odd_signature_headers_are_401(sender, tenant, headers):
    store, threepl = shopify_channel(tenant.account), shipbob_channel(tenant.account)
    raw = encode(ORDER)
    for path in (f"/webhooks/shopify/{store.pk}/", f"/webhooks/shipbob/{threepl.pk}/"):
        assert post(sender, path, raw, headers).status_code == 401
    assert WebhookDelivery.objects.count() == 0


def test_other_methods_are_405(sender, tenant):
    channel = shopify_channel(tenant.account)
    path = f"/webhooks/shopify/{channel.pk}/"
    for response in (sender.get(path), sender.put(path, b"{}"), sender.delete(path)):
        assert response.status_code == 405
        assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    "path",
    [
        "/webhooks/shopify/0/",
        "/webhooks/shopify/999999999999999999/",
        "/webhooks/shopify/99999999999999999999999999/",
        "/webhooks/shopify/abc/",
        "/webhooks/woocommerce/1/",
        "/webhooks/",
    ],
)
def test_unknown_addresses_are_404(sender, tenant, path):
    raw = encode(ORDER)
    assert post(sender, path, raw, shopify_headers(raw)).status_code == 404


def test_a_channel_of_the_other_kind_is_404(sender, tenant):
    store = shopify_channel(tenant.account)
    raw = encode(ORDER)
    response = post(sender, f"/webhooks/shipbob/{store.pk}/", raw, shopify_headers(raw))
    assert response.status_code == 404
    assert WebhookDelivery.objects.count() == 0
