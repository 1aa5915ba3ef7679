"""Query cost, the leaky bucket and THROTTLED, with an injected clock (no sleeping)."""

from __future__ import annotations

import pytest

from openoms_emulator.shopify.throttle import Bucket, ManualClock, RateCut

from . import shopify_fixtures as fx
from .shopify_fixtures import ADJUST

# pytest fixtures, shared through the module (not a conftest the ShipBob tests would see)
client, clock, running, shop, shopify_schema = (
    fx.client,
    fx.clock,
    fx.running,
    fx.shop,
    fx.shopify_schema,
)

# variants: 2 + 5 x 1 = 7; a product node: 1 + 7 = 8; products: 2 + 10 x 8 = 82
KNOWN = "{ products(first: 10) { edges { node { id title variants(first: 5) { nodes { sku } } } } pageInfo { hasNextPage } } }"


def adjust(shop: dict, key: str) -> dict:
    item = shop["products"][0]["variants"][0]["inventoryItemId"]
    change = {
        "inventoryItemId": item,
        "locationId": shop["locations"][0]["id"],
        "delta": 1,
        "changeFromQuantity": None,
    }
    return {"input": {"name": "available", "reason": "correction", "changes": [change]}, "key": key}


def available(client) -> int:
    item = 'inventoryItem(id: $id) { inventoryLevels(first: 1) { nodes { quantities(names: ["available"]) { quantity } } } }'
    body = client.gql("query($id: ID!) { " + item + " }", {"id": client.item})[1]
    return body["data"]["inventoryItem"]["inventoryLevels"]["nodes"][0]["quantities"][0]["quantity"]


def test_requested_and_actual_cost_are_exact_and_only_the_actual_is_kept(client, shop):
    client.control(
        "seed",
        {
            "products": [
                {
                    "title": "Two",
                    "variants": [{"sku": "A", "option": "A"}, {"sku": "B", "option": "B"}],
                }
            ]
        },
    )
    status, body = client.gql(KNOWN)
    assert status == 200
    # two products of two variants: 2 + 2 x (1 + (2 + 2 x 1)) = 12
    assert body["extensions"]["cost"] == {
        "requestedQueryCost": 82,
        "actualQueryCost": 12,
        "throttleStatus": {
            "maximumAvailable": 2000.0,
            "currentlyAvailable": 1988,
            "restoreRate": 100.0,
        },
    }
    status, body = client.gql(
        ADJUST.replace("changes { name delta quantityAfterChange }", "id"), adjust(shop, "k")
    )
    assert body["extensions"]["cost"]["requestedQueryCost"] == 10
    assert body["extensions"]["cost"]["actualQueryCost"] == 10
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 1978


@pytest.mark.parametrize(
    ("plan", "rate"),
    [("standard", 100.0), ("advanced", 200.0), ("plus", 1000.0), ("enterprise", 2000.0)],
)
def test_plan_presets(client, plan, rate):
    client.control("config", {"plan": plan})
    status = client.gql("{ shop { name } }")[1]["extensions"]["cost"]["throttleStatus"]
    assert status == {
        "maximumAvailable": rate * 20,
        "currentlyAvailable": int(rate * 20) - 1,
        "restoreRate": rate,
    }


def test_over_1000_requested_is_refused_and_charges_nothing(client):
    query = "{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }"
    status, body = client.gql(query)
    assert status == 200 and "data" not in body
    error = body["errors"][0]
    assert error["extensions"] == {"code": "MAX_COST_EXCEEDED", "cost": 63252, "maxCost": 1000}
    assert error["message"].startswith(
        "Query cost is 63252, which exceeds the single query max cost limit (1000)."
    )
    assert body["extensions"]["cost"]["actualQueryCost"] is None
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 2000


def test_throttled_when_the_bucket_is_short_nothing_applied_and_the_clock_refills_it(
    client, shop, clock
):
    client.control("config", {"restore_rate": 5})  # bucket of 100 points
    client.item = shop["products"][0]["variants"][0]["inventoryItemId"]
    assert (
        client.gql(KNOWN)[1]["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"]
        == 100 - 7
    )
    for key in ("a", "b", "c", "d", "e", "f", "g", "h", "i"):
        assert (
            client.gql(ADJUST, adjust(shop, key))[1]["data"]["inventoryAdjustQuantities"][
                "userErrors"
            ]
            == []
        )
    # 93 - 9 x 10 = 3 left: a mutation (10) no longer fits
    status, body = client.gql(ADJUST, adjust(shop, "j"))
    assert status == 200
    assert body == {
        "errors": [
            {
                "message": "Throttled",
                "extensions": {
                    "code": "THROTTLED",
                    "documentation": "https://shopify.dev/api/usage/rate-limits",
                },
            }
        ],
        "extensions": {
            "cost": {
                "requestedQueryCost": 10,
                "actualQueryCost": None,
                "throttleStatus": {
                    "maximumAvailable": 100.0,
                    "currentlyAvailable": 3,
                    "restoreRate": 5.0,
                },
            }
        },
    }
    clock.advance(0.4)  # 3 + 2 = 5 points, what this read costs
    assert available(client) == 5 + 9  # the throttled adjust was not applied
    assert client.gql(ADJUST, adjust(shop, "j"))[1]["errors"][0]["message"] == "Throttled"
    clock.advance(2)  # 0 + 10
    assert (
        client.gql(ADJUST, adjust(shop, "j"))[1]["data"]["inventoryAdjustQuantities"]["userErrors"]
        == []
    )


def test_a_rate_cut_slows_the_restore_until_it_ends(client, clock):
    client.control("config", {"rate_cut": {"factor": 0.1, "seconds": 10}})
    assert (
        client.gql("{ shop { name } }")[1]["extensions"]["cost"]["throttleStatus"]["restoreRate"]
        == 10.0
    )
    clock.advance(10)
    assert (
        client.gql("{ shop { name } }")[1]["extensions"]["cost"]["throttleStatus"]["restoreRate"]
        == 100.0
    )


def test_bucket_refill_across_the_end_of_a_cut():
    clock = ManualClock()
    bucket = Bucket(clock, restore_rate=100, maximum=2000)
    assert bucket.try_charge(2000) and not bucket.try_charge(1)
    bucket.cut = RateCut(factor=0.5, until=4)
    clock.advance(6)  # 4 s at 50/s, then 2 s at 100/s
    assert bucket.status()["currentlyAvailable"] == 400
    clock.advance(100)
    assert bucket.status()["currentlyAvailable"] == 2000
