"""Products over real HTTP: import by cursor pages (and a product's further variant pages), export
with productSet (create, then update the same product), read back with ordinary queries."""

from __future__ import annotations

from decimal import Decimal

from openoms.connectors.types import ProductData

READ_BACK = """query ReadBack($query: String!) {
  products(first: 5, query: $query) {
    nodes {
      id title descriptionHtml status
      options { name values }
      variants(first: 10) {
        nodes {
          sku barcode price title
          inventoryItem { measurement { weight { unit value } } }
        }
      }
    }
  }
}"""


def read_back(emulator, handle_or_title: str) -> list[dict]:
    return emulator.data(READ_BACK, {"query": handle_or_title})["products"]["nodes"]


def test_the_catalog_is_imported_across_pages(connect, shop, emulator):
    # given a third product, pages of two products and of one variant
    emulator.control(
        "seed", {"products": [{"title": "Cap", "variants": [{"sku": "CAP", "price": "15"}]}]}
    )
    built = connect()
    built.connector.catalog.products_per_page = 2
    built.connector.catalog.variants_per_page = 1
    # when
    products = list(built.connector.fetch_products())
    # then every variant, with its product's GID, weight in grams and price
    refs = [p.product_ref for p in products]
    assert [p.sku for p in products] == ["SH-S", "SH-M", "MUG", "CAP"]
    assert products[0] == ProductData(
        sku="SH-S",
        name="Shirt",
        variant_name="S",
        barcode="2000000000015",
        weight_g=Decimal(250),
        price=Decimal("20.00"),
        product_ref=shop["products"][0]["id"],
    )
    assert products[2].weight_g == Decimal(300) and products[2].price == Decimal("9.00")
    assert products[1].weight_g is None
    assert refs[0] == refs[1] != refs[2] != refs[3]
    names = [call.name for call, _ in built.answered]
    assert names == ["VariantsCount", "ProductsPage", "ProductVariantsPage", "ProductsPage"]
    assert built.notices == []


def test_a_big_catalog_is_read_with_one_bulk_query(connect, shop, emulator):
    # given a catalog over the bulk threshold (lowered to 2 variants here)
    paged = list(connect().connector.fetch_products())
    built = connect()
    built.connector.catalog.bulk_threshold = 2
    # when
    products = list(built.connector.fetch_products())
    # then the same products as the pages give, from one bulk operation
    assert products == paged
    assert [p.sku for p in products] == ["SH-S", "SH-M", "MUG"]
    names = [call.name for call, _ in built.answered]
    assert names[:2] == ["VariantsCount", "BulkOperationRunQuery"]
    assert set(names[2:]) == {"BulkOperationStatus"}


def test_variants_without_sku_are_left_out_with_one_warning(connect, emulator):
    emulator.control(
        "seed",
        {"products": [{"title": "Gift", "variants": [{"option": "A"}, {"sku": "GIFT-B"}]}]},
    )
    built = connect()
    assert [p.sku for p in built.connector.fetch_products()] == ["GIFT-B"]
    assert built.warnings() == ["1 Shopify variant(s) have no SKU and were not imported: Gift / A."]


def tee(sku: str, variant: str, price: str, weight: int | None = 180) -> ProductData:
    return ProductData(
        sku=sku,
        name="Organic Tee",
        variant_name=variant,
        description="A soft tee.",
        barcode=f"20000{sku[-1]}",
        weight_g=Decimal(weight) if weight is not None else None,
        price=Decimal(price),
        product_ref="41",
    )


def test_products_are_created_then_updated_in_place(connect, emulator):
    built = connect()
    # when two variants are exported
    assert built.connector.push_products([tee("TEE-S", "S", "24.00"), tee("TEE-M", "M", "25.00")])
    # then one active product with both, weights in grams
    [created] = read_back(emulator, 'title:"Organic Tee"')
    assert created["status"] == "ACTIVE"
    assert created["descriptionHtml"] == "A soft tee."
    assert created["options"] == [{"name": "Variant", "values": ["S", "M"]}]
    assert [
        (v["sku"], v["price"], v["title"], v["inventoryItem"]["measurement"]["weight"])
        for v in created["variants"]["nodes"]
    ] == [
        ("TEE-S", "24.00", "S", {"unit": "GRAMS", "value": 180.0}),
        ("TEE-M", "25.00", "M", {"unit": "GRAMS", "value": 180.0}),
    ]
    # when exported again with a new price, a third size and one weight changed
    again = connect()
    sent = again.connector.push_products(
        [tee("TEE-S", "S", "22.00"), tee("TEE-M", "M", "25.00", 200), tee("TEE-L", "L", "26")]
    )
    # then the same product was updated: no second product
    assert sent == 3
    [updated] = read_back(emulator, 'title:"Organic Tee"')
    assert updated["id"] == created["id"]
    assert [
        (v["sku"], v["price"], v["inventoryItem"]["measurement"]["weight"]["value"])
        for v in updated["variants"]["nodes"]
    ] == [("TEE-S", "22.00", 180.0), ("TEE-M", "25.00", 200.0), ("TEE-L", "26", 180.0)]
    assert [call.name for call, _ in again.answered] == [
        "VariantsBySku",
        "ProductSet",
        "InventoryItemsUpdate",
    ]
    assert again.sent("InventoryItemsUpdate")[0]["w0"] == {"unit": "GRAMS", "value": 200.0}
    assert len(again.sent("InventoryItemsUpdate")[0]) == 4  # TEE-M and the new TEE-L


def test_a_refused_product_is_a_warning_and_the_others_continue(connect, emulator):
    # given three products, the second without a title (Shopify refuses it)
    built = connect()
    lone = ProductData(sku="SOLO", name="Solo", product_ref="7", price=Decimal("3"))
    blank = ProductData(sku="BLANK-1", name="", product_ref="9")
    other = ProductData(sku="DUO", name="Duo", product_ref="8")
    # when they are exported
    sent = built.connector.push_products([lone, blank, other])
    # then the two others are on the store, one Warning names the refused SKU
    assert sent == 2
    assert built.warnings() == [
        "Shopify refused the product of SKU(s) BLANK-1: Title can't be blank."
    ]
    assert [p["title"] for p in read_back(emulator, "title:Solo")] == ["Solo"]
    assert [p["title"] for p in read_back(emulator, "title:Duo")] == ["Duo"]
