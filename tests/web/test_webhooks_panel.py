"""The Webhooks panel of a Shopify or ShipBob channel's page: the address to give the channel,
the count, the last deliveries, the last refusals; absent on kinds that receive no webhooks."""

from __future__ import annotations

import pytest

from openoms.tenancy.roles import Role
from tests.sync.webhook_data import (
    ORDER,
    encode,
    receive,
    shipbob_channel,
    shopify_channel,
    shopify_headers,
    stored_delivery,
)
from tests.web.channel_data import channel_url, make_channel

pytestmark = pytest.mark.django_db


def test_the_panel_shows_the_address_and_the_last_deliveries(signed_in, tenant):
    channel = shopify_channel(tenant.account)
    stored_delivery(channel, "wh-created-0001")
    stored_delivery(channel, "wh-updated-0002", minutes=1, topic="orders/updated", status="ignored")

    page = signed_in(Role.ACCOUNT_USER).get(channel_url(channel)).content.decode()

    assert 'id="webhooks-title">Webhooks</h2>' in page
    assert f"http://testserver/webhooks/shopify/{channel.pk}/</code>" in page
    assert f'data-copy="#webhook-url-{channel.pk}"' in page
    assert "2 deliveries received." in page
    assert page.index("wh-updated-0002") < page.index("wh-created-0001")  # newest first
    assert "<code>orders/updated</code>" in page
    assert ">Ignored</span>" in page and ">Received</span>" in page


def test_the_panel_lists_the_last_ten(signed_in, tenant):
    channel = shopify_channel(tenant.account)
    for number in range(12):
        stored_delivery(channel, f"wh-{number:04d}", minutes=number)

    page = signed_in(Role.ACCOUNT_USER).get(channel_url(channel)).content.decode()

    assert "12 deliveries received." in page
    shown = [number for number in range(12) if f"wh-{number:04d}" in page]
    assert shown == list(range(2, 12))


def test_the_panel_tells_of_refusals(signed_in, tenant):
    channel = shopify_channel(tenant.account)
    raw = encode(ORDER)
    for _ in range(3):
        receive(channel, shopify_headers(raw, secret="forged"), raw)

    page = signed_in(Role.ACCOUNT_USER).get(channel_url(channel)).content.decode()

    assert "0 deliveries received. Last refused: 3 between" in page
    assert "No webhook has arrived yet." in page


def test_a_shipbob_channel_shows_its_own_address(signed_in, tenant):
    channel = shipbob_channel(tenant.account)
    page = signed_in(Role.ACCOUNT_USER).get(channel_url(channel)).content.decode()
    assert f"http://testserver/webhooks/shipbob/{channel.pk}/</code>" in page
    assert "<strong>Webhook Secret</strong>" in page


def test_a_sandbox_channel_has_no_panel(signed_in, tenant):
    channel = make_channel(tenant.account, "Sandbox")
    page = signed_in(Role.ACCOUNT_USER).get(channel_url(channel)).content.decode()
    assert "webhooks-title" not in page
