"""PUT /api/v2/inventory/{warehouse}/{sku}: set or adjust one level, with its ledger movement."""

import pytest

from openoms.inventory.models import InventoryLevel, InventoryMovement
from tests.api.helpers import api_put, key_prefix


def ledger(shop, sku, code):
    level = InventoryLevel.objects.get(variant=shop.variants[sku], warehouse=shop.warehouses[code])
    rows = InventoryMovement.objects.filter(level=level).order_by("id")
    return list(rows.values_list("change", "resulting", "trigger", "reason", "reference"))


def test_total_sets_the_level_and_writes_one_movement(client, shop, api_key):
    # when
    response = api_put(
        client, "/inventory/TOR-1/TEE-RED-M", {"total": 25, "reason": "Cycle count"}, api_key
    )

    # then
    assert response.status_code == 200
    assert response.json() == {
        "sku": "TEE-RED-M",
        "warehouse": "TOR-1",
        "total": 25,
        "allocated": 0,
        "on_hold": 0,
        "available": 25,
        "incoming": 0,
        "changed": True,
    }
    assert ledger(shop, "TEE-RED-M", "TOR-1") == [
        (10, 10, "import_inventory_level", "", ""),
        (15, 25, "api_single_row_update", "Cycle count", ""),
    ]


def test_the_movement_names_the_api_key_as_actor(client, shop, api_key):
    # when
    api_put(client, "/inventory/TOR-1/TEE-RED-M", {"adjust": 1}, api_key)

    # then
    movement = InventoryMovement.objects.order_by("id").last()
    assert (movement.actor, movement.actor_label) == (
        None,
        f"API key Test key ({key_prefix(api_key)}…)",
    )


def test_adjust_adds_a_delta_to_the_total(client, shop, api_key):
    # when
    response = api_put(client, "/inventory/MTL-1/TEE-RED-M", {"adjust": -3}, api_key)

    # then
    assert response.json() == {
        "sku": "TEE-RED-M",
        "warehouse": "MTL-1",
        "total": 1,
        "allocated": 1,
        "on_hold": 0,
        "available": 0,
        "incoming": 0,
        "changed": True,
    }
    assert ledger(shop, "TEE-RED-M", "MTL-1")[-1] == (-3, 1, "api_single_row_update", "", "")


def test_a_new_level_is_created_in_an_enabled_warehouse(client, shop, api_key):
    # when
    response = api_put(client, "/inventory/mtl-1/MUG-1", {"total": 6}, api_key)

    # then
    assert (response.json()["warehouse"], response.json()["total"]) == ("MTL-1", 6)
    assert ledger(shop, "MUG-1", "MTL-1") == [(6, 6, "api_single_row_update", "", "")]


@pytest.mark.parametrize("path", ["BAG/ONE%20SIZE", "BAG%2FONE%20SIZE"])
def test_a_sku_with_a_slash_and_a_space_is_the_rest_of_the_path(client, shop, api_key, path):
    # when
    response = api_put(client, f"/inventory/TOR-1/{path}", {"adjust": 2}, api_key)

    # then
    assert response.status_code == 200
    assert (response.json()["sku"], response.json()["total"]) == ("BAG/ONE SIZE", 5)


@pytest.mark.parametrize("body", [{"total": 10}, {"adjust": 0}])
def test_the_same_quantity_changes_nothing(client, shop, api_key, body):
    # given
    before = InventoryMovement.objects.count()

    # when
    response = api_put(client, "/inventory/TOR-1/TEE-RED-M", body, api_key)

    # then
    assert response.status_code == 200
    assert (response.json()["total"], response.json()["changed"]) == (10, False)
    assert InventoryMovement.objects.count() == before


def test_setting_zero_on_a_missing_level_answers_zeros(client, shop, api_key):
    # when
    response = api_put(client, "/inventory/MTL-1/MUG-1", {"total": 0}, api_key)

    # then
    assert response.json() == {
        "sku": "MUG-1",
        "warehouse": "MTL-1",
        "total": 0,
        "allocated": 0,
        "on_hold": 0,
        "available": 0,
        "incoming": 0,
        "changed": False,
    }
