"""Inventory mutations of 2026-04 over real HTTP, state read back through GraphQL queries."""

from __future__ import annotations

from . import shopify_fixtures as fx
from .shopify_fixtures import ADJUST, SET, quantities, set_input

# pytest fixtures, shared through the module (not a conftest the ShipBob tests would see)
client, clock, running, shop, shopify_schema = (
    fx.client,
    fx.clock,
    fx.running,
    fx.shop,
    fx.shopify_schema,
)


def ids(shop: dict) -> tuple[str, str, str, str]:
    small, medium = shop["products"][0]["variants"]
    return (
        small["inventoryItemId"],
        medium["inventoryItemId"],
        shop["locations"][0]["id"],
        shop["locations"][1]["id"],
    )


def adjust_input(item: str, location: str, delta: int, change_from=None) -> dict:
    return {
        "name": "available",
        "reason": "correction",
        "changes": [
            {
                "inventoryItemId": item,
                "locationId": location,
                "delta": delta,
                "changeFromQuantity": change_from,
            }
        ],
    }


def test_set_then_adjust_read_back_through_inventory_level(client, shop):
    small, _, main, _ = ids(shop)
    payload = client.data(SET, {"input": set_input(small, main, 12, change_from=5), "key": "k-set"})
    group = payload["inventorySetQuantities"]["inventoryAdjustmentGroup"]
    assert payload["inventorySetQuantities"]["userErrors"] == []
    assert (
        group["id"].startswith("gid://shopify/InventoryAdjustmentGroup/")
        and group["reason"] == "correction"
    )
    assert group["changes"] == [
        {"name": "available", "delta": 7, "quantityAfterChange": 12},
        {"name": "on_hand", "delta": 7, "quantityAfterChange": 12},
    ]
    assert quantities(client, small, main) == {"available": 12, "on_hand": 12, "committed": 0}
    adjusted = client.data(
        ADJUST, {"input": adjust_input(small, main, -3, change_from=None), "key": "k-adj"}
    )
    assert adjusted["inventoryAdjustQuantities"]["userErrors"] == []
    assert quantities(client, small, main) == {"available": 9, "on_hand": 9, "committed": 0}
    level = client.data(
        'query($id: ID!) { location(id: $id) { inventoryLevels(first: 5) { nodes { item { sku } quantities(names: ["available"]) { quantity } } } } }',
        {"id": main},
    )["location"]["inventoryLevels"]["nodes"]
    assert level == [
        {"item": {"sku": "SH-S"}, "quantities": [{"quantity": 9}]},
        {"item": {"sku": "SH-M"}, "quantities": [{"quantity": 0}]},
    ]


def test_setting_on_hand_moves_available_by_the_same_amount(client, shop):
    small, _, main, _ = ids(shop)
    data = {**set_input(small, main, 8, change_from=5), "name": "on_hand"}
    assert (
        client.data(SET, {"input": data, "key": "k"})["inventorySetQuantities"]["userErrors"] == []
    )
    assert quantities(client, small, main) == {"available": 8, "on_hand": 8, "committed": 0}


def test_replay_with_the_same_key_applies_once_and_other_parameters_are_refused(client, shop):
    small, _, main, _ = ids(shop)
    first = client.data(ADJUST, {"input": adjust_input(small, main, 4), "key": "same"})
    again = client.data(ADJUST, {"input": adjust_input(small, main, 4), "key": "same"})
    assert again == first  # the first result, nothing applied again
    assert quantities(client, small, main)["available"] == 9
    other = client.data(ADJUST, {"input": adjust_input(small, main, 5), "key": "same"})[
        "inventoryAdjustQuantities"
    ]
    assert other == {
        "inventoryAdjustmentGroup": None,
        "userErrors": [
            {
                "code": "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
                "field": ["input"],
                "message": "The idempotency key was already used with different parameters.",
            }
        ],
    }
    assert quantities(client, small, main)["available"] == 9
    fresh = client.data(ADJUST, {"input": adjust_input(small, main, 4), "key": "new"})
    assert fresh["inventoryAdjustQuantities"]["userErrors"] == []
    assert quantities(client, small, main)["available"] == 13


def test_missing_idempotent_directive_is_refused_and_nothing_applied(client, shop):
    small, _, main, _ = ids(shop)
    query = SET.replace(" @idempotent(key: $key)", "").replace(", $key: String!", "")
    status, body = client.gql(query, {"input": set_input(small, main, 50, change_from=None)})
    assert status == 200
    assert body["data"] == {"inventorySetQuantities": None}
    assert (
        body["errors"][0]["message"] == "The @idempotent directive is required for this mutation."
    )
    assert body["errors"][0]["path"] == ["inventorySetQuantities"]
    assert quantities(client, small, main)["available"] == 5


def test_missing_change_from_quantity_key_is_refused_but_explicit_null_skips_the_check(
    client, shop
):
    small, _, main, _ = ids(shop)
    data = set_input(small, main, 50)
    del data["quantities"][0]["changeFromQuantity"]
    body = client.gql(SET, {"input": data, "key": "k1"})[1]
    assert body["data"] == {"inventorySetQuantities": None}
    assert "changeFromQuantity field is required" in body["errors"][0]["message"]
    assert quantities(client, small, main)["available"] == 5
    adjust = adjust_input(small, main, 1)
    del adjust["changes"][0]["changeFromQuantity"]
    body = client.gql(ADJUST, {"input": adjust, "key": "k2"})[1]
    assert "changeFromQuantity field is required" in body["errors"][0]["message"]
    null = client.data(SET, {"input": set_input(small, main, 50, change_from=None), "key": "k3"})
    assert null["inventorySetQuantities"]["userErrors"] == []
    assert quantities(client, small, main)["available"] == 50


def test_a_stale_compare_refuses_the_whole_mutation(client, shop):
    small, medium, main, _ = ids(shop)
    data = set_input(small, main, 20, change_from=5)
    data["quantities"].append(
        {"inventoryItemId": medium, "locationId": main, "quantity": 3, "changeFromQuantity": 1}
    )
    payload = client.data(SET, {"input": data, "key": "k"})["inventorySetQuantities"]
    assert payload["inventoryAdjustmentGroup"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("CHANGE_FROM_QUANTITY_STALE", ["input", "quantities", "1", "changeFromQuantity"])
    ]
    assert (
        quantities(client, small, main)["available"] == 5
    )  # the fresh entry was not applied either
    assert quantities(client, medium, main)["available"] == 0
    stale_adjust = client.data(
        ADJUST, {"input": adjust_input(small, main, 1, change_from=4), "key": "k2"}
    )
    assert (
        stale_adjust["inventoryAdjustQuantities"]["userErrors"][0]["code"]
        == "CHANGE_FROM_QUANTITY_STALE"
    )
    assert quantities(client, small, main)["available"] == 5


def test_more_than_250_items_are_refused(client, shop):
    small, _, main, _ = ids(shop)
    data = set_input(small, main, 1, change_from=None)
    data["quantities"] = data["quantities"] * 251
    status, body = client.gql(SET, {"input": data, "key": "k"})
    assert status == 200 and "data" not in body
    assert (
        body["errors"][0]["message"]
        == "The input array size of 251 is greater than the maximum allowed of 250."
    )
    assert body["errors"][0]["extensions"] == {"code": "MAX_INPUT_SIZE_EXCEEDED"}
    assert body["errors"][0]["path"] == ["inventorySetQuantities", "input", "quantities"]
    assert quantities(client, small, main)["available"] == 5


def test_a_non_mutable_item_fails_its_batch_naming_it(client, shop):
    small, medium, main, _ = ids(shop)
    client.control("config", {"non_mutable_inventory_items": [medium]})
    data = set_input(small, main, 30, change_from=None)
    data["quantities"].append(
        {"inventoryItemId": medium, "locationId": main, "quantity": 2, "changeFromQuantity": None}
    )
    payload = client.data(SET, {"input": data, "key": "k"})["inventorySetQuantities"]
    assert payload["inventoryAdjustmentGroup"] is None
    assert len(payload["userErrors"]) == 1
    error = payload["userErrors"][0]
    assert error["code"] == "NON_MUTABLE_INVENTORY_ITEM"
    assert error["field"] == ["input", "quantities", "1", "inventoryItemId"]
    assert medium in error["message"]
    assert quantities(client, small, main)["available"] == 5
    data["quantities"].pop()  # the batch without the refused item goes through
    assert (
        client.data(SET, {"input": data, "key": "k2"})["inventorySetQuantities"]["userErrors"] == []
    )
    assert quantities(client, small, main)["available"] == 30


def test_invalid_entries_limits_and_unstocked_locations(client, shop):
    small, _, main, overflow = ids(shop)
    cases = [
        (set_input(small, overflow, 1), "ITEM_NOT_STOCKED_AT_LOCATION"),
        (set_input("gid://shopify/InventoryItem/9", main, 1), "INVALID_INVENTORY_ITEM"),
        (set_input(small, "gid://shopify/Location/9", 1), "INVALID_LOCATION"),
        (set_input(small, main, -1), "INVALID_QUANTITY_NEGATIVE"),
        (set_input(small, main, 1_000_000_001), "INVALID_QUANTITY_TOO_HIGH"),
        ({**set_input(small, main, 1), "reason": "because"}, "INVALID_REASON"),
        ({**set_input(small, main, 1), "name": "committed"}, "INVALID_NAME"),
    ]
    for index, (data, code) in enumerate(cases):
        payload = client.data(SET, {"input": data, "key": f"k{index}"})["inventorySetQuantities"]
        assert [e["code"] for e in payload["userErrors"]] == [code]
    too_low = client.data(
        ADJUST, {"input": adjust_input(small, main, -1_000_000_006), "key": "low"}
    )
    assert (
        too_low["inventoryAdjustQuantities"]["userErrors"][0]["code"] == "INVALID_QUANTITY_TOO_LOW"
    )
    assert quantities(client, small, main)["available"] == 5
    activate = """mutation($item: ID!, $loc: ID!) { inventoryActivate(inventoryItemId: $item, locationId: $loc, available: 4) @idempotent(key: "act") {
      inventoryLevel { location { name } quantities(names: ["available"]) { quantity } } userErrors { message } } }"""
    activated = client.data(activate, {"item": small, "loc": overflow})["inventoryActivate"]
    assert activated == {
        "inventoryLevel": {"location": {"name": "Overflow"}, "quantities": [{"quantity": 4}]},
        "userErrors": [],
    }
    assert quantities(client, small, overflow)["available"] == 4


def test_a_failed_keys_replay_is_its_errors_or_previous_attempt_failed_as_configured(client, shop):
    # given a first attempt refused (stale compare) under key "k", and one applied under "ok"
    small, _, main, _ = ids(shop)
    stale = {"input": adjust_input(small, main, 1, change_from=4), "key": "k"}
    fine = {"input": adjust_input(small, main, 2, change_from=5), "key": "ok"}
    first = client.data(ADJUST, stale)["inventoryAdjustQuantities"]
    applied = client.data(ADJUST, fine)
    # when: the default mode, then Shopify's other answer
    replayed = client.data(ADJUST, stale)["inventoryAdjustQuantities"]
    config = client.control("config", {"failed_key_replay": "previous_attempt_failed"})
    refused = client.data(ADJUST, stale)["inventoryAdjustQuantities"]
    success_again = client.data(ADJUST, fine)
    # then
    assert first["userErrors"][0]["code"] == "CHANGE_FROM_QUANTITY_STALE"
    assert replayed == first
    assert config["failed_key_replay"] == "previous_attempt_failed"
    assert refused == {
        "inventoryAdjustmentGroup": None,
        "userErrors": [
            {
                "code": "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED",
                "field": ["input"],
                "message": "A previous request with this idempotency key failed. Retry with a "
                "new idempotency key.",
            }
        ],
    }
    assert success_again == applied  # an applied key still replays its result
    assert quantities(client, small, main)["available"] == 7


def test_the_failed_key_replay_knob_takes_only_its_two_modes_and_reset_restores_it(client):
    # when
    status, answer = client.request("POST", "/_emulator/config", {"failed_key_replay": "x"})
    client.control("config", {"failed_key_replay": "previous_attempt_failed"})
    client.control("reset")
    # then
    assert status == 400
    assert answer["error"] == (
        "failed_key_replay must be one of ['user_errors', 'previous_attempt_failed']"
    )
    assert client.control("config")["failed_key_replay"] == "user_errors"
