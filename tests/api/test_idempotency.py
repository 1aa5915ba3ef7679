"""Idempotency-Key: a retry gets the first response and applies nothing twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.api.idempotency import idempotency_keys_prune
from openoms.api.models import IdempotencyKey
from openoms.catalog.models import Product
from openoms.inventory.models import InventoryMovement
from tests.api.helpers import api_get, api_post, api_put, error
from tests.inventory.stock import snapshot

LEVEL = "/inventory/TOR-1/TEE-RED-M"


def key(value):
    return {"Idempotency-Key": value}


def test_a_retry_gets_the_first_response_and_applies_once(client, shop, api_key):
    # given
    first = api_put(client, LEVEL, {"adjust": 5}, api_key, **key("retry-1"))

    # when
    retry = api_put(client, LEVEL, {"adjust": 5}, api_key, **key("retry-1"))

    # then
    assert (first.status_code, retry.status_code) == (200, 200)
    assert (
        retry.json()
        == first.json()
        == {
            "sku": "TEE-RED-M",
            "warehouse": "TOR-1",
            "total": 15,
            "allocated": 0,
            "on_hold": 0,
            "available": 15,
            "incoming": 0,
            "changed": True,
        }
    )
    assert (first.get("Idempotent-Replayed"), retry["Idempotent-Replayed"]) == (None, "true")
    movements = InventoryMovement.objects.filter(trigger="api_single_row_update")
    assert list(movements.values_list("change", "reference")) == [(5, "retry-1")]


def test_a_created_product_is_created_once(client, tenant, api_key):
    # given
    body = {"name": "Cap", "variants": [{"sku": "CAP-1"}]}
    first = api_post(client, "/products", body, api_key, **key("create-cap"))

    # when
    retry = api_post(client, "/products", body, api_key, **key("create-cap"))

    # then
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.content == first.content
    assert Product.objects.count() == 1


def test_a_stored_error_is_replayed_too(client, shop, api_key):
    # given: the domain refused it after the endpoint ran
    first = api_put(client, LEVEL, {"adjust": -50}, api_key, **key("too-many"))
    api_put(client, LEVEL, {"total": 100}, api_key)

    # when
    retry = api_put(client, LEVEL, {"adjust": -50}, api_key, **key("too-many"))

    # then
    assert (first.status_code, retry.status_code) == (422, 422)
    assert retry.json() == first.json()
    assert shop.variants["TEE-RED-M"].levels.get(warehouse__code="TOR-1").total == 100


@pytest.mark.parametrize(
    ("path", "body"),
    [(LEVEL, {"adjust": 6}), ("/inventory/MTL-1/TEE-RED-M", {"adjust": 5})],
    ids=["other-body", "other-address"],
)
def test_the_same_key_for_another_request_is_422_and_applies_nothing(
    client, shop, api_key, path, body
):
    # given
    api_put(client, LEVEL, {"adjust": 5}, api_key, **key("k-1"))
    before = snapshot()

    # when
    response = api_put(client, path, body, api_key, **key("k-1"))

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "idempotency_key_reused",
        "This Idempotency-Key was already used for another request; use a new key.",
    )
    assert snapshot() == before


def test_accounts_use_the_same_key_independently(client, shop, api_key, other_api_key):
    # when
    ours = api_put(client, LEVEL, {"adjust": 1}, api_key, **key("shared"))
    theirs = api_put(
        client, "/inventory/NYC-1/TEE-RED-M", {"adjust": 1}, other_api_key, **key("shared")
    )

    # then
    assert (ours.status_code, theirs.status_code) == (200, 200)
    assert (ours.json()["total"], theirs.json()["total"]) == (11, 51)
    assert IdempotencyKey.objects.filter(key="shared").count() == 2


def test_a_retry_while_the_first_request_runs_is_409(client, shop, api_key, monkeypatch):
    # given: while the first request runs, the client retries it
    from openoms.api.routers import inventory

    retries = []
    level_adjust = inventory.level_adjust

    def adjust_and_get_retried(**kwargs):
        retries.append(api_put(client, LEVEL, {"adjust": 5}, api_key, **key("slow")))
        return level_adjust(**kwargs)

    monkeypatch.setattr(inventory, "level_adjust", adjust_and_get_retried)

    # when
    first = api_put(client, LEVEL, {"adjust": 5}, api_key, **key("slow"))

    # then
    assert first.status_code == 200
    assert retries[0].status_code == 409
    assert retries[0].json() == error(
        "idempotency_key_in_progress",
        "A request with this Idempotency-Key is still in progress; retry in a moment.",
    )
    assert InventoryMovement.objects.filter(trigger="api_single_row_update").count() == 1


def test_a_request_refused_before_it_ran_leaves_the_key_free(client, shop, api_key):
    # given: a body of the wrong shape is not stored
    refused = api_put(client, LEVEL, {"adjust": 1.5}, api_key, **key("fix-me"))

    # when
    fixed = api_put(client, LEVEL, {"adjust": 2}, api_key, **key("fix-me"))

    # then
    assert (refused.status_code, fixed.status_code) == (422, 200)
    assert fixed.json()["total"] == 12


def test_a_server_error_is_rolled_back_and_leaves_the_key_free(client, shop, api_key, monkeypatch):
    # given: the request fails after writing its movement
    from openoms.api.routers import inventory

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(inventory, "inventory_rows", broken)
    failed = api_put(client, LEVEL, {"adjust": 3}, api_key, **key("retry-after-500"))
    monkeypatch.undo()

    # when
    retried = api_put(client, LEVEL, {"adjust": 3}, api_key, **key("retry-after-500"))

    # then
    assert (failed.status_code, retried.status_code) == (500, 200)
    assert retried.json()["total"] == 13
    assert InventoryMovement.objects.filter(trigger="api_single_row_update").count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * 256, "The Idempotency-Key is longer than 255 characters."),
        ("café", "The Idempotency-Key may contain printable ASCII characters only."),
        (" ", "The Idempotency-Key is empty; send a unique value such as a UUID."),
    ],
    ids=["too-long", "not-ascii", "blank"],
)
def test_an_invalid_key_is_422_and_applies_nothing(client, shop, api_key, value, message):
    # given
    before = snapshot()

    # when
    response = client.put(
        f"/api/v2{LEVEL}",
        data='{"adjust": 1}',
        content_type="application/json",
        headers={"X-API-Key": api_key, "Idempotency-Key": value},
    )

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [{"field": "Idempotency-Key", "message": message}],
    )
    assert snapshot() == before


def test_a_key_of_255_characters_is_accepted(client, shop, api_key):
    # when
    response = api_put(client, LEVEL, {"adjust": 1}, api_key, **key("k" * 255))

    # then
    assert response.status_code == 200


def test_reads_and_unauthenticated_writes_store_no_key(client, shop, api_key):
    # when
    read = api_get(client, "/inventory", api_key)
    unauthenticated = client.put(
        f"/api/v2{LEVEL}",
        data='{"adjust": 1}',
        content_type="application/json",
        headers={"Idempotency-Key": "anon"},
    )

    # then
    assert (read.status_code, unauthenticated.status_code) == (200, 401)
    assert not IdempotencyKey.objects.exists()


def test_keys_older_than_24_hours_are_pruned_when_a_key_is_claimed(client, shop, api_key):
    # given
    api_put(client, LEVEL, {"adjust": 1}, api_key, **key("old"))
    api_put(client, LEVEL, {"adjust": 1}, api_key, **key("recent"))
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=24, seconds=1)
    )
    IdempotencyKey.objects.filter(key="recent").update(
        created_at=timezone.now() - timedelta(hours=23, minutes=59)
    )

    # when
    api_put(client, LEVEL, {"adjust": 1}, api_key, **key("new"))

    # then
    assert sorted(IdempotencyKey.objects.values_list("key", flat=True)) == ["new", "recent"]


def test_prune_returns_how_many_keys_it_deleted(client, shop, api_key):
    # given
    api_put(client, LEVEL, {"adjust": 1}, api_key, **key("a"))

    # when
    now_count = idempotency_keys_prune()
    later_count = idempotency_keys_prune(now=timezone.now() + timedelta(hours=25))

    # then
    assert (now_count, later_count) == (0, 1)


def test_an_error_while_authenticating_is_a_json_500_and_stores_nothing(
    client, shop, api_key, monkeypatch
):
    # given
    def broken(raw_key):
        raise RuntimeError("database gone")

    monkeypatch.setattr("openoms.api.auth.api_key_authenticate", broken)

    # when
    response = api_put(client, LEVEL, {"adjust": 1}, api_key, **key("auth-fails"))

    # then
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert not IdempotencyKey.objects.exists()
