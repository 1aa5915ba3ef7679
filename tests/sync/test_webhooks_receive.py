"""Receiving webhooks (``webhook_receive``): what is stored, answered and logged for each kind of
delivery, for Shopify (HMAC of the raw body) and ShipBob (Standard Webhooks)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from openoms.activity.models import Event
from openoms.sync.models import WebhookDelivery, WebhookRefusal
from openoms.sync.services.webhooks import webhook_receive
from tests.sync.webhook_data import (
    NOW,
    ORDER,
    encode,
    receive,
    shipbob_channel,
    shipbob_headers,
    shopify_channel,
    shopify_headers,
)

pytestmark = pytest.mark.django_db


def events(channel) -> list[tuple[str, str]]:
    rows = Event.objects.filter(channel_id=channel.pk).order_by("id")
    return list(rows.values_list("level", "message"))


def test_a_valid_shopify_delivery_is_stored_once_with_its_ids(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)

    outcome = receive(channel, shopify_headers(raw), raw)

    assert (outcome.status, outcome.code) == (200, "stored")
    delivery = WebhookDelivery.objects.get()
    assert delivery.account_id == tenant.account.pk
    assert delivery.channel_id == channel.pk
    assert delivery.source == "shopify"
    assert delivery.delivery_id == "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"
    assert delivery.event_id == "98880550-7158-44d4-b7cd-2c97c8a091b5"
    assert delivery.topic == "orders/create"
    assert delivery.triggered_at == datetime(2026, 12, 6, 6, 59, 58, 123456, tzinfo=UTC)
    assert delivery.received_at == NOW
    assert delivery.body == ORDER
    assert (delivery.status, delivery.note, delivery.duplicates) == ("received", "", 0)
    assert events(channel) == []  # a delivery is no event: the channel page counts them


def test_the_same_delivery_id_again_is_answered_200_and_logged_once(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    receive(channel, shopify_headers(raw), raw)

    again = [receive(channel, shopify_headers(raw), raw) for _ in range(3)]

    assert [(o.status, o.code) for o in again] == [(200, "duplicate")] * 3
    assert WebhookDelivery.objects.get().duplicates == 3
    assert events(channel) == [
        (
            "info",
            "Shopify sent webhook b54557e4-bdd9-4b37-8a5f-bf7d70bcd043 (orders/create) again: it "
            "was already received, so the repeat was ignored. Further repeats of it are counted "
            "on the delivery, not logged.",
        )
    ]


def test_each_delivery_id_is_its_own_delivery(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    for webhook_id in ("one", "two"):
        receive(channel, shopify_headers(raw, webhook_id=webhook_id), raw)
    ids = sorted(WebhookDelivery.objects.values_list("delivery_id", flat=True))
    assert ids == ["one", "two"]


def test_the_same_delivery_id_on_two_channels_is_two_deliveries(tenant):
    first, second = shopify_channel(tenant.account), shopify_channel(tenant.account, "Outlet")
    raw = encode(ORDER)
    for channel in (first, second):
        assert receive(channel, shopify_headers(raw), raw).code == "stored"
    assert WebhookDelivery.objects.count() == 2


def test_a_bad_hmac_is_401_stores_nothing_and_is_one_warning(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)

    outcome = receive(channel, shopify_headers(raw, secret="not-the-secret"), raw)

    assert (outcome.status, outcome.code) == (401, "bad_signature")
    assert WebhookDelivery.objects.count() == 0
    assert events(channel) == [
        (
            "warning",
            "A Shopify webhook was refused, nothing was stored: its signature does not match its "
            "body and the channel's Client Secret: a forged delivery, or Client Secret is not the "
            "client secret of the store's app, which signs its webhooks.",
        )
    ]


def test_a_body_changed_after_signing_is_refused(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    outcome = receive(channel, shopify_headers(raw), raw.replace(b"#1001", b"#1002"))
    assert (outcome.status, WebhookDelivery.objects.count()) == (401, 0)


def test_a_flood_of_refusals_is_one_event_a_minute_with_the_count(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    forged = shopify_headers(raw, secret="forger")
    for second in range(0, 50, 10):  # 5 refusals in the first minute
        receive(channel, forged, raw, now=NOW + timedelta(seconds=second))
    receive(channel, shopify_headers(b"[1]"), b"[1]", now=NOW + timedelta(seconds=55))

    assert [level for level, _ in events(channel)] == ["warning"]
    assert events(channel)[0][1] == (
        "6 Shopify webhooks were refused between 07:00:00 and 07:00:55 UTC (one event a minute "
        "at most), nothing was stored: bad signature (5), not an object (1). The last one: its "
        "body is JSON but not an object."
    )

    receive(channel, forged, raw, now=NOW + timedelta(seconds=60))  # a new minute

    assert len(events(channel)) == 2
    assert events(channel)[1][1].startswith("A Shopify webhook was refused, nothing was stored")
    assert WebhookDelivery.objects.count() == 0


def test_refusals_of_two_channels_are_counted_apart(tenant):
    first, second = shopify_channel(tenant.account), shopify_channel(tenant.account, "Outlet")
    raw = encode(ORDER)
    for channel in (first, second, first):
        receive(channel, shopify_headers(raw, secret="forger"), raw)
    assert len(events(first)) == 1
    assert events(first)[0][1].startswith("2 Shopify webhooks were refused")
    assert len(events(second)) == 1


def test_a_channel_without_a_client_secret_is_401_and_says_what_to_set(tenant):
    channel = shopify_channel(tenant.account, credentials={"shop_domain": "a.myshopify.com"})
    raw = encode(ORDER)

    outcome = receive(channel, shopify_headers(raw), raw)

    assert (outcome.status, outcome.code) == (401, "no_secret")
    assert WebhookDelivery.objects.count() == 0
    assert events(channel) == [
        (
            "warning",
            "A Shopify webhook was refused, nothing was stored: the channel has no Client Secret "
            "to check its signature. Set Client Secret in the channel's Main Settings → "
            "Credentials to the client secret of the store's app, which signs its webhooks.",
        )
    ]


@pytest.mark.parametrize(
    ("raw", "code", "detail"),
    [
        (b'{"id": 1,', "malformed_json", "its body is not valid JSON (UTF-8)."),
        (b"", "malformed_json", "its body is not valid JSON (UTF-8)."),
        (b"\xff\xfe{}", "malformed_json", "its body is not valid JSON (UTF-8)."),
        (b'{"total": NaN}', "malformed_json", "its body is not valid JSON (UTF-8)."),
        (b'{"total": 1e400}', "malformed_json", "its body is not valid JSON (UTF-8)."),
        (b"[" * 100_000 + b"]" * 100_000, "malformed_json", "its body is not valid JSON (UTF-8)."),
        (b'[{"id": 1}]', "not_an_object", "its body is JSON but not an object."),
        (b'"text"', "not_an_object", "its body is JSON but not an object."),
    ],
    ids=["truncated", "empty", "not-utf8", "nan", "infinite", "too-deep", "list", "string"],
)
def test_a_signed_body_that_is_not_a_json_object_is_400(tenant, raw, code, detail):
    channel = shopify_channel(tenant.account)

    outcome = receive(channel, shopify_headers(raw), raw)

    assert (outcome.status, outcome.code) == (400, code)
    assert WebhookDelivery.objects.count() == 0
    assert events(channel) == [
        ("warning", f"A Shopify webhook was refused, nothing was stored: {detail}")
    ]


def test_a_delivery_without_a_webhook_id_is_400(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    headers = shopify_headers(raw)
    del headers["X-Shopify-Webhook-Id"]

    outcome = receive(channel, headers, raw)

    assert (outcome.status, outcome.code) == (400, "missing_delivery_id")
    assert WebhookDelivery.objects.count() == 0
    assert events(channel)[0][1].endswith(
        "it has no X-Shopify-Webhook-Id header, so it cannot be deduplicated."
    )


def test_nul_characters_and_lone_surrogates_are_replaced_to_store_the_body(tenant):
    channel = shopify_channel(tenant.account)
    raw = b'{"note": "a\\u0000b", "name\\u0000": "\\ud800x", "ok": "\\ud83d\\ude00"}'

    outcome = receive(channel, shopify_headers(raw), raw)

    assert outcome.code == "stored"
    delivery = WebhookDelivery.objects.get()
    assert delivery.body == {"note": "a\ufffdb", "name\ufffd": "?x", "ok": "\U0001f600"}
    assert delivery.note == (
        "NUL characters or lone surrogates in the body were replaced by U+FFFD to store it."
    )


def test_a_body_over_the_limit_is_413(tenant, settings):
    settings.OPENOMS_WEBHOOK_MAX_BODY_BYTES = 100
    channel = shopify_channel(tenant.account)
    raw = encode({"pad": "x" * 100})

    outcome = receive(channel, shopify_headers(raw), raw)

    assert (outcome.status, outcome.code) == (413, "payload_too_large")
    assert WebhookDelivery.objects.count() == 0
    assert events(channel)[0][1].endswith("its body is larger than 100 bytes.")


def test_a_disabled_channel_keeps_its_deliveries_as_ignored(tenant):
    channel = shopify_channel(tenant.account, is_enabled=False)
    raw = encode(ORDER)

    outcome = receive(channel, shopify_headers(raw), raw)

    assert (outcome.status, outcome.code) == (200, "ignored")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "ignored"
    assert delivery.note == "The channel was disabled when this arrived: kept, and never processed."


@pytest.mark.parametrize("source", ["shopify", "shipbob", "woocommerce"])
def test_an_unknown_channel_or_one_of_another_kind_is_404_without_a_trace(tenant, source):
    store = shopify_channel(tenant.account)
    sandbox = shopify_channel(tenant.account, "Sandbox", kind="sandbox_sales")
    raw = encode(ORDER)
    headers = shopify_headers(raw)
    channels = [sandbox.pk, store.pk + 1000, 0, -1, 2**63]
    if source != "shopify":
        channels.append(store.pk)

    outcomes = [
        webhook_receive(channel_id=pk, source=source, headers=headers, raw_body=raw, now=NOW)
        for pk in channels
    ]

    assert {(o.status, o.code) for o in outcomes} == {(404, "not_found")}
    assert WebhookDelivery.objects.count() == 0
    assert Event.objects.count() == 0


def test_a_valid_shipbob_delivery_is_stored(tenant):
    channel = shipbob_channel(tenant.account)
    raw = encode({"id": 1234, "status": "Completed"})

    outcome = receive(channel, shipbob_headers(raw), raw, source="shipbob")

    assert (outcome.status, outcome.code) == (200, "stored")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.source, delivery.delivery_id) == ("shipbob", "msg_31dXtqP3Ac")
    assert (delivery.topic, delivery.event_id) == ("order.shipped", "")
    assert delivery.triggered_at == NOW
    assert delivery.body == {"id": 1234, "status": "Completed"}


def test_a_shipbob_topic_may_come_from_the_body(tenant):
    channel = shipbob_channel(tenant.account)
    raw = encode({"type": "order.shipment.cancelled", "data": {}})
    headers = shipbob_headers(raw)
    del headers["x-webhook-topic"]
    receive(channel, headers, raw, source="shipbob")
    assert WebhookDelivery.objects.get().topic == "order.shipment.cancelled"


def test_a_bad_shipbob_signature_is_401(tenant):
    channel = shipbob_channel(tenant.account)
    raw = encode({"id": 1})
    other = "whsec_" + "QUJD" * 8
    outcome = receive(channel, shipbob_headers(raw, secret=other), raw, source="shipbob")
    assert (outcome.status, outcome.code) == (401, "bad_signature")
    assert WebhookDelivery.objects.count() == 0
    assert events(channel)[0][1].startswith(
        "A ShipBob webhook was refused, nothing was stored: its signature does not match its "
        "body and the channel's Webhook Secret"
    )


def test_a_stale_shipbob_timestamp_is_401_even_with_a_valid_signature(tenant):
    channel = shipbob_channel(tenant.account)
    raw = encode({"id": 1})
    old = int((NOW - timedelta(minutes=6)).timestamp())

    outcome = receive(channel, shipbob_headers(raw, timestamp=old), raw, source="shipbob")

    assert (outcome.status, outcome.code) == (401, "stale_timestamp")
    assert WebhookDelivery.objects.count() == 0
    assert events(channel) == [
        (
            "warning",
            "A ShipBob webhook was refused, nothing was stored: its webhook-timestamp is more "
            "than 5 minutes away from this server's clock (a replayed delivery, or a wrong "
            "clock).",
        )
    ]


def test_a_shipbob_retry_with_a_fresh_timestamp_is_a_duplicate(tenant):
    channel = shipbob_channel(tenant.account)
    raw = encode({"id": 1})
    receive(channel, shipbob_headers(raw), raw, source="shipbob")
    later = NOW + timedelta(minutes=30)
    headers = shipbob_headers(raw, timestamp=int(later.timestamp()))

    outcome = receive(channel, headers, raw, source="shipbob", now=later)

    assert (outcome.status, outcome.code) == (200, "duplicate")
    assert WebhookDelivery.objects.get().duplicates == 1


def test_a_shipbob_channel_without_a_webhook_secret_says_what_to_set(tenant):
    channel = shipbob_channel(tenant.account, credentials={"channel_id": "7", "api_token": "t"})
    raw = encode({"id": 1})
    outcome = receive(channel, shipbob_headers(raw), raw, source="shipbob")
    assert (outcome.status, outcome.code) == (401, "no_secret")
    assert events(channel)[0][1].endswith(
        "Set Webhook Secret in the channel's Main Settings → Credentials to the whsec_… secret "
        "of the ShipBob webhook subscription."
    )


def test_deep_nesting_and_huge_numbers_are_stored_as_sent(tenant):
    channel = shopify_channel(tenant.account)
    body: dict = {"leaf": 10**100, "price": 19.99, "rate": -0.125}
    for _ in range(400):
        body = {"a": body}
    raw = encode(body)

    outcome = receive(channel, shopify_headers(raw), raw)

    assert outcome.code == "stored"
    assert WebhookDelivery.objects.get().body == body


def test_refusal_windows_older_than_30_days_are_deleted_when_a_new_one_opens(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    forged = shopify_headers(raw, secret="forger")
    receive(channel, forged, raw, now=NOW - timedelta(days=31))
    receive(channel, forged, raw, now=NOW - timedelta(days=29))

    receive(channel, forged, raw, now=NOW)

    kept = WebhookRefusal.objects.order_by("started_at").values_list("started_at", flat=True)
    assert list(kept) == [NOW - timedelta(days=29), NOW]
    assert len(events(channel)) == 3  # the Events log keeps its lines
