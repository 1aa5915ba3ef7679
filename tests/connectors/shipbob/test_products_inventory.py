"""Products imported from and exported to the ShipBob emulator, stock read per fulfillment
center, over real HTTP (127.0.0.1)."""

from __future__ import annotations

from decimal import Decimal

from openoms.connectors.base import InventorySource, Notice, ProductSource, ProductTarget
from openoms.connectors.types import ProductData, StockLevel
from tests.connectors.shipbob.emulator import FC_EAST, FC_WEST, seed_two_centers


def test_the_catalog_is_imported_with_every_sku(emulator):
    # given
    ids = seed_two_centers(emulator)
    shipbob = emulator.connector()
    # when
    products = list(shipbob.fetch_products())
    # then
    assert isinstance(shipbob, ProductSource) and isinstance(shipbob, ProductTarget)
    refs = [p.product_ref for p in products]
    assert products == [
        ProductData("MUG-1", "Enamel Mug", product_ref=refs[0]),
        ProductData("TEE-S", "Tee", "S", product_ref=refs[1]),
        ProductData("CAP", "Canvas Cap", product_ref=refs[2]),
    ]
    assert len(set(refs)) == 3 and all(ref.isdigit() for ref in refs)
    assert sorted(ids) == ["CAP", "MUG-1", "TEE-S"]


def test_export_creates_missing_skus_once_and_they_read_back(emulator):
    # given MUG-1 already at ShipBob
    emulator.seed(products=[{"name": "Enamel Mug", "sku": "MUG-1"}])
    shipbob = emulator.connector()
    sent = [
        ProductData("HOOD-S", "Zip Hoodie", "S", weight_g=Decimal(520), product_ref="p1"),
        ProductData("HOOD-M", "Zip Hoodie", "M", barcode="2000000000008", product_ref="p1"),
        ProductData("MUG-1", "Enamel Mug"),
    ]
    # when sent twice
    first = shipbob.push_products(sent)
    second = shipbob.push_products(sent)
    # then
    assert (first, second) == (3, 3)
    assert emulator.notices == [
        Notice("info", "ShipBob received 3 SKUs: 2 created, 1 already there."),
        Notice("info", "ShipBob received 3 SKUs: 0 created, 3 already there."),
    ]
    back = {p.sku: p for p in shipbob.fetch_products()}
    assert sorted(back) == ["HOOD-M", "HOOD-S", "MUG-1"]
    hoodie = back["HOOD-S"]
    assert (hoodie.name, hoodie.variant_name, hoodie.weight_g) == ("Zip Hoodie", "S", Decimal(520))
    assert (back["HOOD-M"].barcode, back["HOOD-M"].product_ref) == (
        "2000000000008",
        hoodie.product_ref,
    )
    assert emulator.violations() == []


def test_on_hand_is_read_per_fulfillment_center_with_zero_where_shipbob_has_none(emulator):
    # given MUG-1: 20 east, 5 west, 3 of the east ones committed to an order
    seed_two_centers(emulator)
    shipbob = emulator.connector()
    committed = emulator.api(
        "POST",
        "/order",
        headers={"shipbob_channel_id": "1"},
        json={
            "reference_id": "SO-1",
            "shipping_method": "Standard",
            "type": "DTC",
            "location_id": FC_EAST,
            "recipient": {
                "name": "A",
                "address": {"address1": "1 St", "city": "X", "country": "US"},
            },
            "products": [{"reference_id": "MUG-1", "name": "Mug", "quantity": 3}],
        },
    )
    assert committed.status_code == 201
    # when
    levels = shipbob.fetch_inventory(["MUG-1", "TEE-S"], [str(FC_EAST), str(FC_WEST)])
    # then on hand counts the committed units (they are still on the shelf)
    assert isinstance(shipbob, InventorySource)
    assert levels == [
        StockLevel("MUG-1", "10", 20),
        StockLevel("MUG-1", "11", 5),
        StockLevel("TEE-S", "10", 0),
        StockLevel("TEE-S", "11", 7),
        StockLevel("CAP", "10", 0),
        StockLevel("CAP", "11", 0),
    ]
    assert shipbob.fulfillment_centers() == [("10", "Cicero (IL)"), ("11", "Moreno Valley (CA)")]


def test_every_page_of_products_and_stock_is_read(emulator):
    # given 260 products (two pages of 250), each with 1 unit east
    skus = [f"SKU-{n:03d}" for n in range(260)]
    emulator.seed(
        fulfillment_centers=[{"id": FC_EAST, "name": "Cicero (IL)"}],
        products=[{"name": f"Item {sku}", "sku": sku} for sku in skus],
        inventory=[{"sku": sku, "fulfillment_center_id": FC_EAST, "on_hand": 1} for sku in skus],
    )
    shipbob = emulator.connector()
    # when
    products = [p.sku for p in shipbob.fetch_products()]
    levels = shipbob.fetch_inventory(skus, [str(FC_EAST)])
    # then
    assert products == skus
    assert levels == [StockLevel(sku, "10", 1) for sku in skus]
