"""Webhooks racing on PostgreSQL: the same delivery sent by several senders at once is stored
once and logged once; a flood of forged ones is one Warning with the exact count."""

from __future__ import annotations

from openoms.activity.models import Event
from openoms.sync.models import WebhookDelivery
from tests.concurrency import POSTGRES_RACE, in_parallel
from tests.sync.webhook_data import ORDER, encode, receive, shopify_channel, shopify_headers

pytestmark = POSTGRES_RACE
SENDERS = 8


def test_one_delivery_sent_at_once_by_many_is_stored_once(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)

    def send(_: int):
        return receive(channel, shopify_headers(raw), raw).code

    codes, errors = in_parallel(send, SENDERS)

    assert errors == []
    assert sorted(codes) == ["duplicate"] * (SENDERS - 1) + ["stored"]
    assert WebhookDelivery.objects.get().duplicates == SENDERS - 1
    assert Event.objects.filter(channel_id=channel.pk, level="info").count() == 1


def test_forged_deliveries_at_once_are_one_warning_with_their_count(tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)

    def send(_: int):
        return receive(channel, shopify_headers(raw, secret="forged"), raw).status

    statuses, errors = in_parallel(send, SENDERS)

    assert errors == []
    assert statuses == [401] * SENDERS
    messages = list(Event.objects.filter(channel_id=channel.pk).values_list("message", flat=True))
    assert len(messages) == 1
    assert messages[0].startswith(f"{SENDERS} Shopify webhooks were refused between")
    assert WebhookDelivery.objects.count() == 0
