"""``GET /api/v2/channels/{id}/webhooks`` (and one delivery): paginated, filtered, tenant-scoped,
with a number of queries that does not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openoms.channels.models import Channel
from tests.api.helpers import api_get, error
from tests.query_counts import ListCase, World, check_flat, marker
from tests.sync.webhook_data import NOW, ORDER, shipbob_channel, shopify_channel, stored_delivery

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_deliveries_newest_first_without_bodies(client, tenant, api_key):
    channel = shopify_channel(tenant.account)
    stored_delivery(channel, "first", event_id="ev-1", triggered_at=NOW - timedelta(seconds=2))
    stored_delivery(channel, "second", minutes=1, topic="orders/updated", duplicates=2)

    response = api_get(client, f"/channels/{channel.pk}/webhooks", api_key)

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    assert [item["delivery_id"] for item in body["items"]] == ["second", "first"]
    first = body["items"][1]
    assert first == {
        "id": first["id"],
        "source": "shopify",
        "delivery_id": "first",
        "event_id": "ev-1",
        "topic": "orders/create",
        "triggered_at": "2026-12-06T06:59:58Z",
        "received_at": "2026-12-06T07:00:00Z",
        "status": "received",
        "note": "",
        "duplicates": 0,
    }
    assert body["items"][0]["duplicates"] == 2


def test_the_list_filters_by_status_and_topic(client, tenant, api_key):
    channel = shopify_channel(tenant.account)
    stored_delivery(channel, "a")
    stored_delivery(channel, "b", topic="orders/updated")
    stored_delivery(channel, "c", status="ignored", note="disabled")
    path = f"/channels/{channel.pk}/webhooks"

    def ids(query: str) -> list[str]:
        items = api_get(client, f"{path}?{query}", api_key).json()["items"]
        return sorted(item["delivery_id"] for item in items)

    assert ids("status=received") == ["a", "b"]
    assert ids("status=ignored") == ["c"]
    assert ids("topic=orders/updated") == ["b"]
    assert ids("status=received&topic=orders/create") == ["a"]
    assert api_get(client, f"{path}?status=lost", api_key).status_code == 422


def test_the_list_is_paginated(client, tenant, api_key):
    channel = shipbob_channel(tenant.account)
    for number in range(3):
        stored_delivery(channel, f"msg_{number}", minutes=number, topic="order.shipped")
    path = f"/channels/{channel.pk}/webhooks?page_size=2"

    first = api_get(client, path, api_key).json()
    second = api_get(client, f"{path}&page=2", api_key).json()

    assert [i["delivery_id"] for i in first["items"]] == ["msg_2", "msg_1"]
    assert first["next"].endswith("page=2") and first["count"] == 3
    assert [i["delivery_id"] for i in second["items"]] == ["msg_0"]


def test_one_delivery_is_read_with_its_body(client, tenant, api_key):
    channel = shopify_channel(tenant.account)
    delivery = stored_delivery(channel, "first")

    response = api_get(client, f"/channels/{channel.pk}/webhooks/{delivery.pk}", api_key)

    assert response.status_code == 200
    assert response.json()["body"] == ORDER
    assert response.json()["delivery_id"] == "first"


def test_another_tenants_channel_and_deliveries_are_not_found(
    client, tenant, other_tenant, api_key
):
    ours = shopify_channel(tenant.account)
    theirs = shopify_channel(other_tenant.account, "Globex Shopify")
    stored_delivery(ours, "ours")
    their_delivery = stored_delivery(theirs, "theirs")

    listed = api_get(client, f"/channels/{theirs.pk}/webhooks", api_key)
    read = api_get(client, f"/channels/{theirs.pk}/webhooks/{their_delivery.pk}", api_key)
    crossed = api_get(client, f"/channels/{ours.pk}/webhooks/{their_delivery.pk}", api_key)
    own = api_get(client, f"/channels/{ours.pk}/webhooks", api_key).json()

    assert listed.status_code == read.status_code == crossed.status_code == 404
    assert listed.json() == error("not_found", "Channel not found.")
    assert crossed.json() == error("not_found", "Webhook delivery not found.")
    assert [item["delivery_id"] for item in own["items"]] == ["ours"]


def test_another_account_of_the_same_organization_is_not_found(client, tenant, api_key):
    sibling = shopify_channel(tenant.second_account, "Sibling Shopify")
    stored_delivery(sibling, "sibling")
    response = api_get(client, f"/channels/{sibling.pk}/webhooks", api_key)
    assert response.status_code == 404


def test_without_a_key_the_list_is_401(client, tenant):
    channel = shopify_channel(tenant.account)
    assert api_get(client, f"/channels/{channel.pk}/webhooks", None).status_code == 401


def grow_deliveries(world: World, start: int, stop: int) -> str:
    channel = Channel.objects.filter(account=world.account, name="QC Shopify").first()
    channel = channel or shopify_channel(world.account, "QC Shopify")
    for number in range(start, stop):
        stored_delivery(channel, marker(number), minutes=number)
    return f"/channels/{channel.pk}/webhooks?page_size=200"


def test_the_list_queries_are_flat(client, tenant, api_key, django_assert_num_queries):
    case = ListCase("webhooks", grow_deliveries, 5)
    check_flat(
        case, World(tenant), lambda path: api_get(client, path, api_key), django_assert_num_queries
    )
