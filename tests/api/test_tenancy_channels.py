"""Channels by API: another account's channels, mappings and products are invisible and untouched."""

import pytest

from tests.api.channel_data import sync_state
from tests.api.helpers import api_get, api_send, error
from tests.factories import make_api_key

# Every channel route, with a body that would change something on our own channel.
ROUTES = [
    ("get", "", None),
    ("get", "/sku-mappings", None),
    ("post", "/sku-mappings", {"channel_sku": "G-TEE", "sku": "TEE-RED-M"}),
    ("delete", "/sku-mappings/G-TEE", None),
    ("post", "/sku-mappings/import", "SKU,Channel SKU\nTEE-RED-M,G-TEE\n"),
    ("get", "/sku-mappings/export", None),
    ("get", "/translate?channel_sku=G-TEE", None),
    ("post", "/sync/import_products", None),
    ("post", "/sync/export_products", None),
]


def test_the_list_holds_only_the_keys_own_channels(client, outlets, other_api_key):
    # when
    response = api_get(client, "/channels", other_api_key)

    # then
    assert [(row["id"], row["name"]) for row in response.json()] == [
        (outlets.theirs.pk, "Globex Shop")
    ]


@pytest.mark.parametrize(("method", "tail", "body"), ROUTES)
def test_another_accounts_channel_is_404_everywhere_and_unchanged(
    client, outlets, api_key, method, tail, body
):
    # given
    before = sync_state()

    # when
    response = api_send(client, method, f"/channels/{outlets.theirs.pk}{tail}", body or "", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Channel not found.")
    assert sync_state() == before


@pytest.mark.parametrize(("method", "tail", "body"), ROUTES)
def test_a_sibling_account_of_the_organization_cannot_reach_our_channel(
    client, outlets, tenant, method, tail, body
):
    # given
    sibling_key = make_api_key(tenant.second_account)
    before = sync_state()

    # when
    response = api_send(
        client, method, f"/channels/{outlets.store.pk}{tail}", body or "", sibling_key
    )

    # then
    assert response.status_code == 404
    assert sync_state() == before


def test_our_skus_are_unknown_to_the_other_accounts_channel(client, outlets, other_api_key):
    # given
    before = sync_state()

    # when
    response = api_send(
        client,
        "post",
        f"/channels/{outlets.theirs.pk}/sku-mappings",
        {"channel_sku": "X", "sku": "MUG-1"},
        other_api_key,
    )

    # then
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "sku", "message": "Unknown OpenOMS SKU 'MUG-1'."}
    ]
    assert sync_state() == before
