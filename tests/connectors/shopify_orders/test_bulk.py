"""Bulk reads over real HTTP against the Shopify emulator: a catalog of 600 variants and a
location's whole stock for the cost of one mutation, polling on the test clock, refusals."""

from __future__ import annotations

import pytest

from openoms.connectors.base import ConnectorError
from openoms.connectors.shopify import documents as docs
from openoms.connectors.shopify.bulk import nest


def seed_catalog(emulator, products: int, variants: int) -> dict:
    return emulator.control(
        "seed",
        {
            "locations": [{"name": "Main"}],
            "products": [
                {
                    "title": f"Product {p}",
                    "variants": [
                        {
                            "sku": f"P{p:03}-{v}",
                            "option": str(v),
                            "levels": [{"location": "Main", "available": p + v}],
                        }
                        for v in range(variants)
                    ],
                }
                for p in range(products)
            ],
        },
    )


def test_a_bulk_read_of_600_variants(side, emulator):
    seed_catalog(emulator, 100, 6)
    products = side.bulk.read_tree(docs.BULK_PRODUCTS)
    assert len(products) == 100
    skus = [v.record["sku"] for p in products for v in p.children_of("ProductVariant")]
    assert len(skus) == 600 and len(set(skus)) == 600
    assert skus[:7] == [f"P000-{v}" for v in range(6)] + ["P001-0"]
    first = products[0]
    assert first.kind == "Product" and first.record["title"] == "Product 0"
    variant = first.children[0].record
    assert variant["inventoryItem"]["id"].startswith("gid://shopify/InventoryItem/")
    assert side.names() == ["BulkOperationRunQuery", "BulkOperationStatus"]
    assert [cost["requestedQueryCost"] for _, cost in side.answered] == [10, 1]


def test_a_whole_locations_stock(side, emulator):
    seeded = seed_catalog(emulator, 3, 2)
    main = seeded["locations"][0]["id"]
    [location] = side.bulk.read_tree(docs.bulk_location_levels(main))
    assert location.record == {"id": main}
    levels = {
        level.record["item"]["sku"]: {q["name"]: q["quantity"] for q in level.record["quantities"]}
        for level in location.children
    }
    assert levels == {
        "P000-0": {"available": 0, "on_hand": 0},
        "P000-1": {"available": 1, "on_hand": 1},
        "P001-0": {"available": 1, "on_hand": 1},
        "P001-1": {"available": 2, "on_hand": 2},
        "P002-0": {"available": 2, "on_hand": 2},
        "P002-1": {"available": 3, "on_hand": 3},
    }


def test_a_running_operation_is_polled_on_the_injected_clock(side, emulator):
    seed_catalog(emulator, 2, 1)
    emulator.control("config", {"bulk_delay_seconds": 5})
    started = emulator.clock.now()
    records = list(side.bulk.read(docs.BULK_PRODUCTS))
    assert len(records) == 4
    assert emulator.clock.now() - started == 7  # slept 1 + 2 + 4 seconds
    assert side.names() == ["BulkOperationRunQuery"] + ["BulkOperationStatus"] * 4


def test_a_refused_query_and_an_empty_result(side, emulator):
    too_deep = (
        "{ products { nodes { id variants { nodes { id "
        "inventoryItem { inventoryLevels { nodes { id } } } } } } } }"
    )
    with pytest.raises(ConnectorError) as refused:
        side.bulk.run(too_deep)
    assert refused.value.message == (
        "Shopify refused the bulk query: Bulk queries cannot contain connections with a nesting "
        "depth greater than 2."
    )
    assert side.bulk.read_tree(docs.BULK_PRODUCTS) == []


def test_a_line_whose_parent_was_not_listed_is_an_error():
    with pytest.raises(ConnectorError, match="a parent it has not listed: gid://shopify/Product/9"):
        nest([{"id": "gid://shopify/ProductVariant/1", "__parentId": "gid://shopify/Product/9"}])
