"""Bulk queries: ``bulkOperationRunQuery``, the operation's status on the clock, the JSONL file
with ``__parentId``, Shopify's limits on the inner query, and the cost of the mutation alone."""

from __future__ import annotations

import json
import urllib.request

import pytest

from . import shopify_fixtures as fx

client, clock, running, shopify_schema = fx.client, fx.clock, fx.running, fx.shopify_schema

RUN = """mutation Run($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status url }
    userErrors { code field message }
  }
}"""
CURRENT = """{ currentBulkOperation {
  id status objectCount rootObjectCount url fileSize errorCode type completedAt query } }"""
CATALOG = """{ products { edges { node { id title
  variants { edges { node { id sku inventoryItem { id } } } } } } } }"""
STOCK = """{ inventoryItems { nodes { id sku
  inventoryLevels { nodes { location { id } quantities(names: ["available", "on_hand"]) {
    name quantity } } } } } }"""


@pytest.fixture
def catalog(client) -> dict:
    """Three products of two variants each, stocked at one location."""
    products = [
        {
            "title": f"Shirt {p}",
            "variants": [
                {
                    "sku": f"SH-{p}-{v}",
                    "option": v,
                    "levels": [{"location": "Main", "available": p * 10 + len(v)}],
                }
                for v in ("S", "ML")
            ],
        }
        for p in (1, 2, 3)
    ]
    return client.control("seed", {"locations": [{"name": "Main"}], "products": products})


def run(client, query: str) -> dict:
    return client.data(RUN, {"query": query})["bulkOperationRunQuery"]


def download(url: str) -> list[dict]:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Type"] == "application/jsonl"
        return [json.loads(line) for line in response.read().decode().splitlines()]


def test_products_and_variants_come_back_as_jsonl_with_parent_ids(client, catalog):
    started = run(client, CATALOG)
    assert started["userErrors"] == [] and started["bulkOperation"]["status"] == "CREATED"
    current = client.data(CURRENT)["currentBulkOperation"]
    assert current["id"] == started["bulkOperation"]["id"]
    assert (current["status"], current["objectCount"], current["rootObjectCount"]) == (
        "COMPLETED",
        "9",
        "3",
    )
    assert (current["type"], current["errorCode"], current["query"]) == ("QUERY", None, CATALOG)
    lines = download(current["url"])
    assert int(current["fileSize"]) == sum(
        len(json.dumps(line, separators=(",", ":"))) + 1 for line in lines
    )
    first = catalog["products"][0]
    assert lines[0] == {"id": first["id"], "title": "Shirt 1"}
    assert lines[1] == {
        "id": first["variants"][0]["id"],
        "sku": "SH-1-S",
        "inventoryItem": {"id": first["variants"][0]["inventoryItemId"]},
        "__parentId": first["id"],
    }
    assert [line.get("__parentId") for line in lines[:3]] == [None, first["id"], first["id"]]
    assert [line["sku"] for line in lines if "sku" in line] == [
        f"SH-{p}-{v}" for p in (1, 2, 3) for v in ("S", "ML")
    ]


def test_a_whole_locations_stock_reads_inventory_items_and_levels(client, catalog):
    run(client, STOCK)
    lines = download(client.data(CURRENT)["currentBulkOperation"]["url"])
    assert len(lines) == 12
    item = catalog["products"][1]["variants"][1]
    assert lines[6] == {"id": item["inventoryItemId"], "sku": "SH-2-ML"}
    assert lines[7] == {
        "location": {"id": catalog["locations"][0]["id"]},
        "quantities": [{"name": "available", "quantity": 22}, {"name": "on_hand", "quantity": 22}],
        "__parentId": item["inventoryItemId"],
    }


def test_an_operation_runs_until_the_configured_delay_passed(client, catalog, clock):
    client.control("config", {"bulk_delay_seconds": 30})
    operation_id = run(client, CATALOG)["bulkOperation"]["id"]
    current = client.data(CURRENT)["currentBulkOperation"]
    assert (current["status"], current["url"], current["objectCount"]) == ("RUNNING", None, "0")
    clock.advance(30)
    node = client.data(
        "query N($id: ID!) { node(id: $id) { ... on BulkOperation { status objectCount } } }",
        {"id": operation_id},
    )["node"]
    assert node == {"status": "COMPLETED", "objectCount": "9"}


def test_only_the_mutation_is_charged(client, catalog):
    status, body = client.gql(RUN, {"query": STOCK})
    assert status == 200
    cost = body["extensions"]["cost"]
    assert (cost["requestedQueryCost"], cost["actualQueryCost"]) == (10, 10)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "{ products { nodes { id variants { nodes { id "
            "inventoryItem { inventoryLevels { nodes { id } } } } } } } }",
            "Bulk queries cannot contain connections with a nesting depth greater than 2.",
        ),
        (
            "{ a: products { nodes { id } } b: products { nodes { id } } c: locations { nodes "
            "{ id } } d: inventoryItems { nodes { id } } e: productVariants { nodes { id } } "
            "f: orders { nodes { id } } }",
            "Bulk queries cannot contain more than 5 connections.",
        ),
        ("{ shop { name } }", "Bulk queries must contain at least one connection."),
        (
            '{ node(id: "gid://shopify/Product/1") { id } }',
            "The top-level node and nodes fields can't be used in bulk queries.",
        ),
        (
            "{ products { nodes { colour } } }",
            "Invalid bulk query: Cannot query field 'colour' on type 'Product'.",
        ),
        ("mutation { productSet(input: {}) { userErrors { message } } }", None),
        ("{ products { nodes { id }", None),
    ],
)
def test_shopifys_rules_for_the_inner_query_are_user_errors(client, query, message):
    answer = run(client, query)
    assert answer["bulkOperation"] is None
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["query"])
    if message is not None:
        assert error["message"] == message
    else:
        assert error["message"].startswith(
            ("Invalid bulk query: ", "Bulk queries must contain exactly one query operation.")
        )
    assert client.data(CURRENT)["currentBulkOperation"] is None


def test_five_running_operations_at_most(client, catalog):
    client.control("config", {"bulk_delay_seconds": 60})
    for _ in range(5):
        assert run(client, CATALOG)["userErrors"] == []
    [error] = run(client, CATALOG)["userErrors"]
    assert (error["code"], error["field"]) == ("OPERATION_IN_PROGRESS", ["query"])


def test_fragments_are_followed(client, catalog):
    query = """query { products { nodes { ...P } } }
    fragment P on Product { handle variants { edges { node { ...V } } } }
    fragment V on ProductVariant { sku }"""
    assert run(client, query)["userErrors"] == []
    lines = download(client.data(CURRENT)["currentBulkOperation"]["url"])
    product = catalog["products"][2]
    assert lines[6:] == [
        {"handle": "shirt-3"},
        {"sku": "SH-3-S", "__parentId": product["id"]},
        {"sku": "SH-3-ML", "__parentId": product["id"]},
    ]
