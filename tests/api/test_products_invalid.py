"""Refused product requests: 422 naming every bad field by its path, 404 for others' products,
and nothing stored or changed."""

import pytest

from openoms.catalog.models import Product, ProductVariant
from tests.api.helpers import api_get, api_patch, api_post, error


def catalog_snapshot():
    products = Product.objects.order_by("pk").values_list("pk", "name", "description", "status")
    variants = ProductVariant.objects.order_by("pk").values_list(
        "pk", "product_id", "sku", "name", "barcode", "weight_g", "price"
    )
    return list(products), list(variants)


def invalid(*fields):
    return error(
        "validation_error",
        "Some values are not valid.",
        [{"field": field, "message": message} for field, message in fields],
    )


@pytest.fixture
def tee(client, tenant, api_key):
    body = {"name": "Trail Tee", "variants": [{"sku": "TT-S"}, {"sku": "TT-M"}]}
    return api_post(client, "/products", body, api_key).json()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"name": "Cap", "variants": [{"sku": "CAP-1"}, {"sku": "TT-M"}]},
            invalid(("variants.1.sku", "SKU 'TT-M' already exists in product 'Trail Tee'.")),
        ),
        (
            {"name": "Cap", "variants": [{"sku": "CAP-1"}, {"sku": "CAP-1"}]},
            invalid(("variants.1.sku", "SKU 'CAP-1' is also on variant 1.")),
        ),
        (
            {"name": "Cap", "variants": [{"sku": " CAP-1"}]},
            invalid(("variants.0.sku", "The SKU ' CAP-1' starts or ends with a space; remove it.")),
        ),
        (
            {"name": "Cap", "variants": [{"sku": "CAP-1 "}]},
            invalid(("variants.0.sku", "The SKU 'CAP-1 ' starts or ends with a space; remove it.")),
        ),
        (
            {
                "name": " ",
                "variants": [{"sku": "C", "weight": -1, "barcode": "123", "price": 1.234}],
            },
            invalid(
                ("name", "The product name is required."),
                (
                    "variants.0.barcode",
                    "The barcode '123' is not a UPC/EAN: use 8, 12, 13 or 14 digits.",
                ),
                ("variants.0.weight", "The weight must be zero or more."),
                ("variants.0.price", "The price has more than 2 decimals."),
            ),
        ),
        (
            {"name": "Cap", "variants": []},
            invalid(("variants", "Add at least one variant with its SKU.")),
        ),
        ({"name": "Cap"}, invalid(("variants", "Field required"))),
        (
            {"name": "Cap", "variants": [{"sku": "C", "colour": "red"}], "id": 5},
            invalid(
                ("variants.0.colour", "Unknown or read-only field."),
                ("id", "Unknown or read-only field."),
            ),
        ),
        (
            {"name": None, "variants": [{"sku": 5, "weight": "heavy"}]},
            invalid(
                ("name", "Input should be a valid string"),
                ("variants.0.sku", "Input should be a valid string"),
                ("variants.0.weight", "The weight must be a number; got 'heavy'."),
            ),
        ),
        (
            {"name": "Cap", "status": "deleted", "variants": [{"sku": "C"}]},
            invalid(("status", "Input should be 'active' or 'archived'")),
        ),
    ],
    ids=[
        "sku-of-another-product",
        "sku-twice",
        "leading-space",
        "trailing-space",
        "several",
        "no-variants",
        "variants-missing",
        "unknown-fields",
        "types",
        "status",
    ],
)
def test_create_refusals_store_nothing(client, tee, api_key, body, expected):
    # given
    before = catalog_snapshot()

    # when
    response = api_post(client, "/products", body, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == expected
    assert catalog_snapshot() == before


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"name": None}, invalid(("name", "Input should be a valid string"))),
        (
            {"variants": [{"id": 999_999, "sku": "X"}]},
            invalid(("variants.0.id", "This variant does not belong to the product.")),
        ),
        (
            {"variants": [{"sku": "TT-S"}]},
            invalid(("variants.0.sku", "SKU 'TT-S' already exists in product 'Trail Tee'.")),
        ),
        (
            {"variants": [{"id": "1"}]},
            invalid(("variants.0.id", "Input should be a valid integer")),
        ),
        (
            {"created_at": "2020-01-01T00:00:00Z"},
            invalid(("created_at", "Unknown or read-only field.")),
        ),
    ],
    ids=["null-name", "foreign-variant", "sku-taken", "string-id", "read-only"],
)
def test_patch_refusals_change_nothing(client, tee, api_key, body, expected):
    # given
    before = catalog_snapshot()

    # when
    response = api_patch(client, body, api_key, path=f"/products/{tee['id']}")

    # then
    assert response.status_code == 422
    assert response.json() == expected
    assert catalog_snapshot() == before


def test_patch_cannot_take_over_a_variant_of_another_product(client, tee, api_key):
    # given
    cap = api_post(client, "/products", {"name": "Cap", "variants": [{"sku": "CAP-1"}]}, api_key)
    cap_variant_id = cap.json()["variants"][0]["id"]
    before = catalog_snapshot()

    # when
    response = api_patch(
        client,
        {"variants": [{"id": cap_variant_id, "sku": "CAP-1", "name": "Mine"}]},
        api_key,
        f"/products/{tee['id']}",
    )

    # then
    assert response.json() == invalid(
        ("variants.0.id", "This variant does not belong to the product.")
    )
    assert catalog_snapshot() == before


def test_another_tenants_product_is_404_and_unchanged(client, tee, other_api_key):
    # given
    before = catalog_snapshot()
    path = f"/products/{tee['id']}"

    # when
    read = api_get(client, path, other_api_key)
    change = api_patch(client, {"name": "Stolen"}, other_api_key, path=path)

    # then
    assert (read.status_code, change.status_code) == (404, 404)
    assert read.json() == change.json() == error("not_found", "Product not found.")
    assert catalog_snapshot() == before


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/products/999999", 404, None),
        ("/products/abc", 422, "product_id"),
        ("/products/0", 422, "product_id"),
        (f"/products/{2**63}", 422, "product_id"),
    ],
)
def test_a_product_address_that_names_nothing(client, tee, api_key, path, status, field):
    # when
    response = api_get(client, path, api_key)

    # then
    assert response.status_code == status
    if field:
        assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
