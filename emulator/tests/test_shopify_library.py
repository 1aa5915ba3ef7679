"""An independent client: Shopify's own Python library (``ShopifyAPI``) against the emulator."""

from __future__ import annotations

import json
import uuid

import pytest
import shopify

from . import shopify_fixtures as fx
from .shopify_fixtures import TOKEN

# pytest fixtures, shared through the module (not a conftest the ShipBob tests would see)
client, clock, running, shopify_schema = fx.client, fx.clock, fx.running, fx.shopify_schema

PRODUCT_SET = """mutation ProductSet($input: ProductSetInput!) {
  productSet(input: $input) {
    product { id variants(first: 5) { nodes { sku inventoryItem { id } } } }
    userErrors { code message }
  }
}"""
SET = """mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}"""
ADJUST = """mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code message }
  }
}"""
READ = """query Read($item: ID!, $location: ID!) {
  inventoryItem(id: $item) { sku inventoryLevel(locationId: $location) {
    quantities(names: ["available", "on_hand"]) { name quantity } } }
}"""


@pytest.fixture
def library(running):
    shopify.ShopifyResource.activate_session(
        shopify.Session("demo.myshopify.com", "2026-04", TOKEN)
    )
    shopify.ShopifyResource.site = f"{running.url}/admin/api/2026-04"
    yield shopify.GraphQL()
    shopify.ShopifyResource.clear_session()


def run(library, query: str, **variables) -> dict:
    body = json.loads(library.execute(query, variables=variables or None))
    assert "errors" not in body, body["errors"]
    assert body["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 2000.0
    return body["data"]


def test_shopify_api_library_product_inventory_and_stale_compare(client, library):
    location = client.control("seed", {"locations": [{"name": "Main"}]})["locations"][0]["id"]
    created = run(
        library,
        PRODUCT_SET,
        input={
            "title": "Library mug",
            "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
            "variants": [
                {
                    "sku": "MUG-1",
                    "price": "9.50",
                    "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                    "inventoryQuantities": [
                        {"locationId": location, "name": "available", "quantity": 0}
                    ],
                }
            ],
        },
    )["productSet"]
    assert created["userErrors"] == []
    item = created["product"]["variants"]["nodes"][0]["inventoryItem"]["id"]

    def level() -> dict:
        read = run(library, READ, item=item, location=location)["inventoryItem"]
        assert read["sku"] == "MUG-1"
        return {q["name"]: q["quantity"] for q in read["inventoryLevel"]["quantities"]}

    quantity = {
        "inventoryItemId": item,
        "locationId": location,
        "quantity": 40,
        "changeFromQuantity": 0,
    }
    set_input = {"name": "available", "reason": "correction", "quantities": [quantity]}
    assert (
        run(library, SET, input=set_input, key=str(uuid.uuid4()))["inventorySetQuantities"][
            "userErrors"
        ]
        == []
    )
    assert level() == {"available": 40, "on_hand": 40}

    change = {
        "inventoryItemId": item,
        "locationId": location,
        "delta": -6,
        "changeFromQuantity": 40,
    }
    adjust_input = {"name": "available", "reason": "correction", "changes": [change]}
    assert (
        run(library, ADJUST, input=adjust_input, key=str(uuid.uuid4()))[
            "inventoryAdjustQuantities"
        ]["userErrors"]
        == []
    )
    assert level() == {"available": 34, "on_hand": 34}

    stale = {**quantity, "quantity": 100, "changeFromQuantity": 40}  # the level is 34 now
    refused = run(library, SET, input={**set_input, "quantities": [stale]}, key=str(uuid.uuid4()))
    assert refused["inventorySetQuantities"] == {
        "inventoryAdjustmentGroup": None,
        "userErrors": [
            {
                "code": "CHANGE_FROM_QUANTITY_STALE",
                "field": ["input", "quantities", "0", "changeFromQuantity"],
                "message": "The changeFromQuantity does not match the persisted quantity.",
            }
        ],
    }
    assert level() == {"available": 34, "on_hand": 34}
