"""Products, variants, warehouses and inventory by API: another tenant's rows stay invisible and
untouched, and its SKUs and warehouses are simply unknown."""

from openoms.catalog.models import Product
from tests.api.helpers import api_get, api_patch, api_post, api_put, error
from tests.factories import make_api_key
from tests.inventory.stock import snapshot


def test_lists_of_the_other_tenant_hold_only_its_own_rows(client, shop, other_api_key):
    # when
    products = api_get(client, "/products", other_api_key).json()
    variants = api_get(client, "/variants?sku=TEE-RED-M", other_api_key).json()
    inventory = api_get(client, "/inventory", other_api_key).json()

    # then
    assert [p["name"] for p in products["items"]] == ["Globex Tee"]
    assert [(v["id"], v["product"]["name"]) for v in variants["items"]] == [
        (shop.other_variants["TEE-RED-M"].pk, "Globex Tee")
    ]
    assert [(r["sku"], r["warehouse"], r["total"]) for r in inventory["items"]] == [
        ("TEE-RED-M", "NYC-1", 50)
    ]


def test_our_product_is_404_for_the_other_tenant(client, shop, other_api_key):
    # given
    product_id = shop.variants["TEE-RED-M"].product_id
    names = list(Product.objects.order_by("pk").values_list("name", flat=True))

    # when
    read = api_get(client, f"/products/{product_id}", other_api_key)
    change = api_patch(client, {"name": "Mine"}, other_api_key, path=f"/products/{product_id}")

    # then
    assert read.json() == change.json() == error("not_found", "Product not found.")
    assert list(Product.objects.order_by("pk").values_list("name", flat=True)) == names


def test_the_same_sku_may_be_created_in_each_account(client, shop, other_api_key):
    # when
    response = api_post(
        client, "/products", {"name": "Mug", "variants": [{"sku": "MUG-1"}]}, other_api_key
    )

    # then
    assert response.status_code == 201


def test_our_warehouse_is_unknown_to_the_other_tenant(client, shop, other_api_key):
    # given
    before = snapshot()
    unknown = error("not_found", "Unknown warehouse 'TOR-1' (not enabled for this account).")

    # when
    read = api_get(client, "/inventory?warehouse=TOR-1", other_api_key)
    write = api_put(client, "/inventory/TOR-1/TEE-RED-M", {"total": 0}, other_api_key)

    # then
    assert (read.status_code, write.status_code) == (404, 404)
    assert read.json() == write.json() == unknown
    assert snapshot() == before


def test_bulk_rows_naming_our_warehouse_or_sku_are_rejected_as_unknown(client, shop, other_api_key):
    # given
    before = snapshot()
    rows = [
        {"warehouse": "TOR-1", "sku": "TEE-RED-M", "total": 0},
        {"warehouse": "NYC-1", "sku": "MUG-1", "total": 0},
    ]

    # when
    response = api_post(client, "/inventory/bulk", {"rows": rows}, other_api_key)

    # then
    assert response.json()["results"] == [
        {
            "line": 1,
            "status": "rejected",
            "error": "Unknown warehouse 'TOR-1' (not enabled for this account).",
        },
        {"line": 2, "status": "rejected", "error": "Unknown SKU 'MUG-1'."},
    ]
    assert snapshot() == before


def test_a_sibling_account_cannot_write_to_warehouses_it_has_not_enabled(client, shop, tenant):
    # given: same organization, but the second account enabled no warehouse
    sibling_key = make_api_key(tenant.second_account)
    before = snapshot()

    # when
    response = api_put(client, "/inventory/TOR-1/TEE-RED-M", {"total": 0}, sibling_key)

    # then
    assert response.status_code == 404
    assert snapshot() == before
