"""``GET /api/v2/channels/{id}/outbox`` and ``GET /api/v2/channels/{id}/inventory/{channel_sku}``:
the outbox by status with why and when due, paginated and searchable, with a number of queries
that does not grow with the rows; the explain of one channel SKU; both tenant-scoped."""

from __future__ import annotations

import pytest

from openoms.channels.models import Channel
from tests.api.helpers import api_get, error
from tests.query_counts import ListCase, World, check_flat, marker
from tests.sync.conftest import make_channel
from tests.sync.test_inventory_export_job import make_store
from tests.sync.test_outbox_reads import ITEM_TEE, T0, in_batch, pending, state, three_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tenant) -> Channel:
    return make_store(tenant.account)


def outbox(client, store, key, query: str = ""):
    return api_get(client, f"/channels/{store.pk}/outbox{query}", key)


def test_the_outbox_lists_each_row_with_why_and_when_due(client, api_key, store):
    three_rows(store)

    response = outbox(client, store, api_key)

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (3, None, None)
    assert body["items"] == [
        {
            "channel_sku": "SHOP-TEE-S",
            "location": "loc-1",
            "status": "pending",
            "change": "delta",
            "delta": -2,
            "version": 1,
            "queued_at": "2026-12-06T07:00:00Z",
            "due_at": "2026-12-06T07:00:00Z",
            "attempts": 0,
            "last_error": "",
            "batch_key": None,
            "in_flight_since": None,
        },
        {
            "channel_sku": "SHOP-MUG",
            "location": "loc-1",
            "status": "failed",
            "change": "full",
            "delta": 0,
            "version": 1,
            "queued_at": "2026-12-06T07:01:00Z",
            "due_at": "2026-12-06T07:10:00Z",
            "attempts": 2,
            "last_error": "Shopify answered 503 (Service Unavailable).",
            "batch_key": None,
            "in_flight_since": None,
        },
        {
            "channel_sku": "SHOP-TEE-S",
            "location": "loc-2",
            "status": "in_flight",
            "change": "delta",
            "delta": 4,
            "version": 1,
            "queued_at": "2026-12-06T07:02:00Z",
            "due_at": "2026-12-06T07:02:00Z",
            "attempts": 0,
            "last_error": "",
            "batch_key": "batch-1",
            "in_flight_since": "2026-12-06T07:05:00Z",
        },
    ]


def test_the_outbox_filters_by_status_and_searches_skus(client, api_key, store):
    three_rows(store)

    failed = outbox(client, store, api_key, "?status=failed").json()
    searched = outbox(client, store, api_key, "?search=tee").json()
    both = outbox(client, store, api_key, "?status=in_flight&search=TEE").json()

    assert [(i["channel_sku"], i["status"]) for i in failed["items"]] == [("SHOP-MUG", "failed")]
    assert [(i["location"], i["status"]) for i in searched["items"]] == [
        ("loc-1", "pending"),
        ("loc-2", "in_flight"),
    ]
    assert [(i["location"], i["status"]) for i in both["items"]] == [("loc-2", "in_flight")]


def test_the_outbox_is_paginated(client, api_key, store):
    three_rows(store)

    first = outbox(client, store, api_key, "?page_size=2").json()
    second = outbox(client, store, api_key, "?page_size=2&page=2").json()

    assert (first["count"], len(first["items"])) == (3, 2)
    assert (
        first["next"] == f"http://testserver/api/v2/channels/{store.pk}/outbox?page_size=2&page=2"
    )
    assert [i["location"] for i in second["items"]] == ["loc-2"]
    assert second["next"] is None


def test_an_unknown_status_is_refused(client, api_key, store):
    response = outbox(client, store, api_key, "?status=lost")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_explain_answers_why_the_channel_shows_what_it_shows(client, api_key, store):
    state(store, ITEM_TEE, "SHOP-TEE-S", "loc-1", 7, last_sent=7, last_sent_at=T0)
    pending(store, "SHOP-TEE-S", "loc-1", delta=-2)

    response = api_get(client, f"/channels/{store.pk}/inventory/SHOP-TEE-S", api_key)

    assert response.status_code == 200
    body = response.json()
    loc1, loc2 = body.pop("locations")
    assert body == {
        "channel_id": store.pk,
        "channel_sku": "SHOP-TEE-S",
        "sku": "TEE-S",
        "mode": "sync_with_fulfillment_channel",
        "mode_label": "Synchronize With Fulfillment Channel",
    }
    assert loc1 == {
        "location": "loc-1",
        "warehouse": "A",
        "is_virtual": False,
        "levels": [
            {
                "code": "A",
                "name": "Warehouse A",
                "total": 10,
                "allocated": 3,
                "on_hold": 1,
                "available": 6,
            }
        ],
        "available": 6,
        "to_send": 6,
        "listings": [
            {
                "listing_ref": ITEM_TEE,
                "known": 7,
                "last_sent": 7,
                "last_sent_at": "2026-12-06T07:00:00Z",
                "last_error": "",
                "last_error_at": None,
            }
        ],
        "pending": {
            "change": "delta",
            "delta": -2,
            "queued_at": "2026-12-06T07:00:00Z",
            "attempts": 0,
            "next_attempt_at": None,
            "last_error": "",
            "in_flight": False,
            "batch_key": None,
            "in_flight_since": None,
        },
    }
    assert (loc2["warehouse"], loc2["is_virtual"], loc2["available"]) == ("V", True, 10)
    assert [level["code"] for level in loc2["levels"]] == ["A", "B"]
    assert (loc2["listings"], loc2["pending"]) == ([], None)


def test_explain_reads_a_channel_sku_with_a_slash(client, api_key, store):
    mapping = store.sku_mappings.get(channel_sku="SHOP-MUG")
    mapping.channel_sku = "SHOP/MUG 1"
    mapping.save()

    response = api_get(client, f"/channels/{store.pk}/inventory/SHOP/MUG%201", api_key)

    assert response.status_code == 200
    assert (response.json()["channel_sku"], response.json()["sku"]) == ("SHOP/MUG 1", "MUG")


def test_explain_of_an_unmapped_channel_sku_is_404(client, api_key, store):
    response = api_get(client, f"/channels/{store.pk}/inventory/NOPE", api_key)
    assert response.status_code == 404
    assert response.json() == error("not_found", "NOPE has no SKU mapping on Demo Store.")


def test_another_tenants_channel_is_404(client, other_api_key, store):
    three_rows(store)
    listed = outbox(client, store, other_api_key)
    explained = api_get(client, f"/channels/{store.pk}/inventory/SHOP-TEE-S", other_api_key)
    assert listed.status_code == explained.status_code == 404
    assert listed.json() == explained.json() == error("not_found", "Channel not found.")


def test_another_account_of_the_same_organization_is_404(client, tenant, api_key):
    sibling = make_channel(tenant.second_account, "Sibling Store")
    pending(sibling, "SHOP-TEE-S", "loc-1", delta=1)
    response = api_get(client, f"/channels/{sibling.pk}/outbox", api_key)
    assert response.status_code == 404


def test_without_a_key_the_outbox_is_401(client, store):
    assert outbox(client, store, None).status_code == 401


def grow_outbox(world: World, start: int, stop: int) -> str:
    channel = world.store
    for number in range(start, stop):
        row = pending(channel, marker(number), "loc-1", minutes=number, delta=number)
        if number % 3 == 0:  # every third one in flight: its batch is read with it
            in_batch(channel, f"key-{number}", row)
    return f"/channels/{channel.pk}/outbox?page_size=200"


def test_the_outbox_queries_are_flat(client, tenant, api_key, django_assert_num_queries):
    case = ListCase("outbox", grow_outbox, 5)
    check_flat(
        case, World(tenant), lambda path: api_get(client, path, api_key), django_assert_num_queries
    )
