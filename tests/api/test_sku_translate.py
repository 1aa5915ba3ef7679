"""GET /api/v2/channels/{id}/translate: the OpenOMS SKU a channel SKU stands for."""

from urllib.parse import urlencode

import pytest

from tests.api.channel_data import map_sku
from tests.api.helpers import api_get, error, field_paths


def translate(client, channel, api_key, channel_sku):
    query = urlencode({"channel_sku": channel_sku})
    return api_get(client, f"/channels/{channel.pk}/translate?{query}", api_key)


@pytest.mark.parametrize(
    ("channel_sku", "sku"),
    [("SHOP-TEE", "TEE-RED-M"), ("SHOP BAG 1", "BAG/ONE SIZE"), ("MUG-1", "MUG-1")],
    ids=["mapped", "mapped-with-space", "identical-openoms-sku"],
)
def test_a_channel_sku_translates_to_its_openoms_sku(client, outlets, api_key, channel_sku, sku):
    # when
    response = translate(client, outlets.store, api_key, channel_sku)

    # then
    assert response.status_code == 200
    assert response.json() == {"channel_sku": channel_sku, "sku": sku}


def test_a_mapping_wins_over_an_openoms_sku_spelled_the_same(client, outlets, api_key):
    # given
    map_sku(outlets.store, "MUG-1", outlets.shop.variants["TEE-RED-M"])

    # when
    response = translate(client, outlets.store, api_key, "MUG-1")

    # then
    assert response.json() == {"channel_sku": "MUG-1", "sku": "TEE-RED-M"}


def test_mappings_belong_to_their_channel(client, outlets, api_key):
    # when
    response = translate(client, outlets.threepl, api_key, "SHOP-TEE")

    # then
    assert response.status_code == 422
    assert (
        response.json()["error"]["message"] == "Unknown SKU 'SHOP-TEE' on channel 'Acme ShipBob'."
    )


@pytest.mark.parametrize("channel_sku", ["NOPE", "THEIRS-1", "mug-1"])
def test_anything_else_is_422_unknown_sku_naming_channel_and_sku(
    client, outlets, api_key, channel_sku
):
    # when
    response = translate(client, outlets.store, api_key, channel_sku)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "unknown_sku",
        f"Unknown SKU {channel_sku!r} on channel 'Acme Shopify'.",
        [
            {
                "field": "sku",
                "message": f"Unknown SKU {channel_sku!r} on channel 'Acme Shopify': map it under "
                "SKU Mappings or create it in OpenOMS.",
            }
        ],
    )


@pytest.mark.parametrize("query", ["", "?channel_sku=", f"?channel_sku={'x' * 256}"])
def test_a_missing_empty_or_too_long_channel_sku_is_422(client, outlets, api_key, query):
    # when
    response = api_get(client, f"/channels/{outlets.store.pk}/translate{query}", api_key)

    # then
    assert (response.status_code, field_paths(response)) == (422, ["channel_sku"])


def test_a_nul_character_is_422_naming_the_parameter(client, outlets, api_key):
    # when
    response = api_get(client, f"/channels/{outlets.store.pk}/translate?channel_sku=A%00B", api_key)

    # then
    assert response.status_code == 422
    assert field_paths(response) == ["channel_sku"]
