"""/api/v2/channels/{id}/sku-mappings: list, create, update and delete a channel's SKU mappings."""

import re
from urllib.parse import quote

import pytest

from openoms.channels.models import SkuMapping
from tests.api.channel_data import map_sku, mappings_state
from tests.api.helpers import ISO_UTC, api_get, api_post, api_put, api_send, error, field_paths


def path(outlets, tail=""):
    return f"/channels/{outlets.store.pk}/sku-mappings{tail}"


def stored(outlets) -> dict[str, str]:
    rows = SkuMapping.objects.filter(channel=outlets.store)
    return dict(rows.values_list("channel_sku", "variant__sku"))


def without_time(item: dict) -> dict:
    assert re.match(ISO_UTC, item["updated_at"]), item
    return {name: value for name, value in item.items() if name != "updated_at"}


def test_the_list_is_paginated_by_channel_sku(client, outlets, api_key):
    # when
    response = api_get(client, path(outlets, "?page_size=1"), api_key)

    # then
    assert response.status_code == 200
    body = response.json()
    assert [without_time(item) for item in body.pop("items")] == [
        {
            "channel_sku": "SHOP BAG 1",
            "sku": "BAG/ONE SIZE",
            "product_name": "Tee",
            "variant_name": "",
        }
    ]
    assert body == {
        "count": 2,
        "page": 1,
        "page_size": 1,
        "next": f"http://testserver/api/v2{path(outlets)}?page_size=1&page=2",
        "previous": None,
    }


@pytest.mark.parametrize(("q", "found"), [("tee", ["SHOP-TEE"]), ("bag/one", ["SHOP BAG 1"])])
def test_q_searches_the_channel_sku_and_the_openoms_sku(client, outlets, api_key, q, found):
    # when
    response = api_get(client, path(outlets, f"?q={quote(q)}"), api_key)

    # then
    assert [item["channel_sku"] for item in response.json()["items"]] == found


def test_a_new_mapping_is_201_and_created(client, outlets, api_key):
    # when
    response = api_post(client, path(outlets), {"channel_sku": "mug", "sku": "MUG-1"}, api_key)

    # then
    assert response.status_code == 201
    assert without_time(response.json()) == {
        "channel_sku": "mug",
        "sku": "MUG-1",
        "product_name": "Tee",
        "variant_name": "",
        "created": True,
    }
    assert stored(outlets) == {
        "SHOP-TEE": "TEE-RED-M",
        "SHOP BAG 1": "BAG/ONE SIZE",
        "mug": "MUG-1",
    }


def test_creating_an_existing_channel_sku_is_409_and_changes_nothing(client, outlets, api_key):
    # when
    response = api_post(client, path(outlets), {"channel_sku": "SHOP-TEE", "sku": "MUG-1"}, api_key)

    # then
    assert response.status_code == 409
    assert response.json() == error(
        "sku_already_mapped",
        "The channel SKU 'SHOP-TEE' is already mapped.",
        [
            {
                "field": "channel_sku",
                "message": "SHOP-TEE is already mapped (to TEE-RED-M): edit that mapping instead.",
            }
        ],
    )
    assert stored(outlets) == {"SHOP-TEE": "TEE-RED-M", "SHOP BAG 1": "BAG/ONE SIZE"}


def test_put_repoints_an_existing_channel_sku_with_200(client, outlets, api_key):
    # when
    response = api_put(client, f"{path(outlets)}/SHOP-TEE", {"sku": "MUG-1"}, api_key)

    # then
    assert response.status_code == 200
    assert without_time(response.json()) == {
        "channel_sku": "SHOP-TEE",
        "sku": "MUG-1",
        "product_name": "Tee",
        "variant_name": "",
        "created": False,
    }
    assert stored(outlets) == {"SHOP-TEE": "MUG-1", "SHOP BAG 1": "BAG/ONE SIZE"}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"channel_sku": "NEW", "sku": "NOPE"}, "sku", "Unknown OpenOMS SKU 'NOPE'."),
        (
            {"channel_sku": " NEW", "sku": "MUG-1"},
            "channel_sku",
            "The channel SKU ' NEW' starts or ends with a space; remove it.",
        ),
        ({"channel_sku": "", "sku": "MUG-1"}, "channel_sku", "The channel SKU is required."),
        ({"channel_sku": "NEW", "sku": "THEIRS-1"}, "sku", "Unknown OpenOMS SKU 'THEIRS-1'."),
    ],
    ids=["unknown-sku", "space", "empty", "other-tenants-sku"],
)
def test_an_invalid_mapping_is_422_and_changes_nothing(
    client, outlets, api_key, body, field, message
):
    # given
    before = mappings_state()

    # when
    response = api_post(client, path(outlets), body, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error", "Some values are not valid.", [{"field": field, "message": message}]
    )
    assert mappings_state() == before


@pytest.mark.parametrize("body", [{"channel_sku": "X"}, {"channel_sku": 5, "sku": "MUG-1"}, []])
def test_a_body_of_the_wrong_shape_is_422_and_changes_nothing(client, outlets, api_key, body):
    # given
    before = mappings_state()

    # when
    response = api_post(client, path(outlets), body, api_key)

    # then
    assert (response.status_code, response.json()["error"]["code"]) == (422, "validation_error")
    assert mappings_state() == before


def test_delete_removes_the_mapping_with_204(client, outlets, api_key):
    # when
    response = api_send(client, "delete", path(outlets, "/SHOP-TEE"), "", api_key)

    # then
    assert (response.status_code, response.content) == (204, b"")
    assert stored(outlets) == {"SHOP BAG 1": "BAG/ONE SIZE"}


def test_deleting_an_unmapped_channel_sku_is_404_and_changes_nothing(client, outlets, api_key):
    # given
    before = mappings_state()

    # when
    response = api_send(client, "delete", path(outlets, "/MUG-1"), "", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "No mapping for channel SKU 'MUG-1'.")
    assert mappings_state() == before


@pytest.mark.parametrize(
    "channel_sku",
    ["TEE/RED/M", "TEE RED M", "TEE,RED", 'TEE "RED" 12"', "it's", "import", "export", "50%"],
)
def test_any_channel_sku_can_be_created_and_deleted(client, outlets, api_key, channel_sku):
    # given
    created = api_post(client, path(outlets), {"channel_sku": channel_sku, "sku": "MUG-1"}, api_key)

    # when
    deleted = api_send(client, "delete", path(outlets, f"/{quote(channel_sku)}"), "", api_key)

    # then
    assert created.status_code == 201
    assert created.json()["channel_sku"] == channel_sku
    assert deleted.status_code == 204
    assert stored(outlets) == {"SHOP-TEE": "TEE-RED-M", "SHOP BAG 1": "BAG/ONE SIZE"}


def test_a_slash_may_be_sent_percent_encoded_too(client, outlets, api_key):
    # given
    map_sku(outlets.store, "A/B", outlets.shop.variants["MUG-1"])

    # when
    response = api_send(client, "delete", path(outlets, "/A%2FB"), "", api_key)

    # then
    assert response.status_code == 204
    assert "A/B" not in stored(outlets)


def test_a_nul_character_in_the_channel_sku_is_422_and_changes_nothing(client, outlets, api_key):
    # given
    before = mappings_state()

    # when
    deleted = api_send(client, "delete", path(outlets, "/SHOP%00TEE"), "", api_key)
    saved = api_post(client, path(outlets), {"channel_sku": "A\u0000B", "sku": "MUG-1"}, api_key)

    # then
    assert (deleted.status_code, field_paths(deleted)) == (422, ["path"])
    assert (saved.status_code, field_paths(saved)) == (422, ["channel_sku"])
    assert mappings_state() == before
