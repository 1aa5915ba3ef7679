"""The requested cost the connector declares for every call equals the server's
``extensions.cost.requestedQueryCost``: the bucket is asked for the right number before sending."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openoms.connectors.shopify import costs
from openoms.connectors.shopify.catalog import (
    MORE_VARIANTS_PER_PAGE,
    PRODUCTS_PER_PAGE,
    VARIANTS_PER_PAGE,
)
from openoms.connectors.shopify.documents import DOCUMENTS
from openoms.connectors.types import ProductData, QuantityDelta, QuantitySet, StockLevel
from tests.connectors.shopify_emulator import item_of, location_of

SENT = {
    "ProductsPage",
    "ProductVariantsPage",
    "ShopCheck",
    "ProductSet",
    "LocationsPage",
    "InventorySetQuantities",
    "InventoryAdjustQuantities",
    "InventoryBySku",
    "AvailableQuantities",
    "VariantsBySku",
    "InventoryItemsUpdate",
    "VariantsCount",
    "BulkOperationRunQuery",
    "BulkOperationStatus",
}


def test_every_call_declares_the_cost_shopify_charges(connect, shop, emulator):
    main, overflow = location_of(shop, "Main"), location_of(shop, "Overflow")
    built = connect()
    connector = built.connector
    connector.catalog.variants_per_page = 1
    # every kind of call the connector sends
    list(connector.fetch_products())
    connector.catalog.bulk_threshold = 0
    list(connector.fetch_products())
    connector.refresh_authorization()
    connector.push_products(
        [ProductData(sku="NEW-1", name="New", weight_g=Decimal(5), product_ref="1")]
    )
    connector.push_inventory([StockLevel("SH-S", main, 4), StockLevel("SH-S", overflow, 2)])
    connector.set_quantities([QuantitySet(item_of(shop, "MUG"), main, 1, compare=99)])
    connector.adjust_quantities([QuantityDelta(item_of(shop, "MUG"), main, 1, compare=1)])
    # then each answered call was charged exactly what it declared
    assert {call.name for call, _ in built.answered} == SENT
    assert [(c.name, c.cost) for c, cost in built.answered] == [
        (c.name, cost["requestedQueryCost"]) for c, cost in built.answered
    ]


@pytest.mark.parametrize(
    "call",
    [
        costs.products_page(PRODUCTS_PER_PAGE, VARIANTS_PER_PAGE, None),
        costs.product_variants_page("gid://shopify/Product/1", MORE_VARIANTS_PER_PAGE, None),
        costs.locations_page(250, None),
        costs.inventory_by_sku([costs.sku_search(f"S{n}") for n in range(33)], ["1", "2", "3"]),
        costs.available_quantities([("gid://shopify/InventoryItem/1", "1")] * 250),
        costs.variants_by_sku([costs.sku_search(f"S{n}") for n in range(100)]),
    ],
    ids=lambda call: call.name,
)
def test_the_largest_calls_stay_under_the_cost_limit_as_declared(connect, emulator, call):
    built = connect()
    built.connector.client.run(call)
    [(_, cost)] = built.answered
    assert call.cost == cost["requestedQueryCost"] <= 1000


def test_every_document_sent_is_contract_tested():
    assert SENT - set(DOCUMENTS) == set()
