"""/api/v2/products: create, read, change and list products; measures in the account's units."""

import re
from datetime import datetime

from openoms.catalog.models import Product, ProductVariant
from openoms.tenancy.models import Account
from tests.api.helpers import API, ISO_UTC, api_get, api_patch, api_post

TRAIL_TEE = {
    "name": "Trail Tee",
    "description": "Organic cotton.",
    "variants": [
        {
            "sku": "TT-S",
            "name": "Small",
            "barcode": "036000291452",
            "weight": 0.5,
            "length": 10,
            "width": 8.25,
            "height": "1",
            "price": 19.9,
        },
        {"sku": "TT-M"},
    ],
}
EMPTY_MEASURES = {"weight": None, "length": None, "width": None, "height": None}


def _in_pounds_and_inches(account):
    Account.objects.filter(pk=account.pk).update(weight_unit="lb", size_unit="in")


def _stored(sku):
    variant = ProductVariant.objects.get(sku=sku)
    measures = (variant.weight_g, variant.length_mm, variant.width_mm, variant.height_mm)
    return (*(str(value) for value in measures), str(variant.price))


def test_create_answers_201_with_the_product_in_the_accounts_units(client, tenant, api_key):
    # given
    _in_pounds_and_inches(tenant.account)

    # when
    response = api_post(client, "/products", TRAIL_TEE, api_key)

    # then
    assert response.status_code == 201
    body = response.json()
    product = Product.objects.get(account=tenant.account)
    small, medium = (ProductVariant.objects.get(sku=sku) for sku in ("TT-S", "TT-M"))
    timestamps = (body.pop("created_at"), body.pop("updated_at"))
    assert body == {
        "id": product.pk,
        "name": "Trail Tee",
        "description": "Organic cotton.",
        "status": "active",
        "units": {"weight": "lb", "size": "in"},
        "variants": [
            {
                "id": medium.pk,
                "sku": "TT-M",
                "name": "",
                "barcode": "",
                **EMPTY_MEASURES,
                "price": None,
            },
            {
                "id": small.pk,
                "sku": "TT-S",
                "name": "Small",
                "barcode": "036000291452",
                "weight": 0.5,
                "length": 10.0,
                "width": 8.25,
                "height": 1.0,
                "price": "19.90",
            },
        ],
    }
    assert all(re.match(ISO_UTC, value) for value in timestamps)
    assert datetime.fromisoformat(timestamps[0]) == product.created_at
    assert _stored("TT-S") == ("226.796", "254.000", "209.550", "25.400", "19.90")


def test_get_shows_stored_grams_and_millimetres_in_the_accounts_units(client, tenant, api_key):
    # given: sent in kg and cm (the account's defaults), stored in g and mm
    product_id = api_post(client, "/products", TRAIL_TEE, api_key).json()["id"]
    kg_cm = api_get(client, f"/products/{product_id}", api_key).json()
    _in_pounds_and_inches(tenant.account)

    # when
    lb_in = api_get(client, f"/products/{product_id}", api_key).json()

    # then
    measures = ("weight", "length", "width", "height")
    assert _stored("TT-S")[:4] == ("500.000", "100.000", "82.500", "10.000")
    assert [kg_cm["variants"][1][m] for m in measures] == [0.5, 10.0, 8.25, 1.0]
    assert kg_cm["units"] == {"weight": "kg", "size": "cm"}
    assert [lb_in["variants"][1][m] for m in measures] == [1.102, 3.937, 3.248, 0.394]
    assert lb_in["units"] == {"weight": "lb", "size": "in"}


def test_patch_changes_only_what_is_sent(client, tenant, api_key):
    # given
    _in_pounds_and_inches(tenant.account)
    created = api_post(client, "/products", TRAIL_TEE, api_key).json()
    small_id = created["variants"][1]["id"]
    stored_before = _stored("TT-S")

    # when
    response = api_patch(
        client,
        {"status": "archived", "variants": [{"id": small_id, "price": "21"}]},
        api_key,
        path=f"/products/{created['id']}",
    )

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["description"], body["status"]) == (
        "Trail Tee",
        "Organic cotton.",
        "archived",
    )
    assert body["variants"][1] == {**created["variants"][1], "price": "21.00"}
    assert _stored("TT-S") == (*stored_before[:4], "21.00")


def test_patch_keeps_exact_grams_of_a_variant_edited_in_other_units(client, tenant, api_key):
    # given: 1000 g is 2.2046… lb, which is shown rounded
    product_id = api_post(
        client, "/products", {"name": "Kettle", "variants": [{"sku": "K-1", "weight": 1}]}, api_key
    ).json()["id"]
    _in_pounds_and_inches(tenant.account)
    variant_id = ProductVariant.objects.get(sku="K-1").pk

    # when
    api_patch(
        client,
        {"variants": [{"id": variant_id, "name": "Steel"}]},
        api_key,
        f"/products/{product_id}",
    )

    # then
    variant = ProductVariant.objects.get(sku="K-1")
    assert (variant.name, str(variant.weight_g)) == ("Steel", "1000.000")


def test_patch_adds_a_variant_and_clears_a_measure(client, tenant, api_key):
    # given
    created = api_post(client, "/products", TRAIL_TEE, api_key).json()
    small_id = created["variants"][1]["id"]

    # when
    response = api_patch(
        client,
        {"variants": [{"sku": "TT-L", "weight": 0.3}, {"id": small_id, "height": None}]},
        api_key,
        path=f"/products/{created['id']}",
    )

    # then
    variants = response.json()["variants"]
    assert [(v["sku"], v["weight"], v["height"]) for v in variants] == [
        ("TT-L", 0.3, None),
        ("TT-M", None, None),
        ("TT-S", 0.5, None),
    ]


def test_list_is_sorted_by_name_and_paginated(client, tenant, api_key):
    # given
    for name in ("Zip Hoodie", "Alpine Cap", "Mug"):
        api_post(client, "/products", {"name": name, "variants": [{"sku": name[:3]}]}, api_key)

    # when
    first = api_get(client, "/products?page_size=2", api_key).json()
    second = api_get(client, "/products?page_size=2&page=2", api_key).json()

    # then
    assert [p["name"] for p in first["items"]] == ["Alpine Cap", "Mug"]
    assert (first["count"], first["next"]) == (
        3,
        f"http://testserver{API}/products?page_size=2&page=2",
    )
    assert [p["name"] for p in second["items"]] == ["Zip Hoodie"]
    assert second["next"] is None


def test_search_by_name_sku_or_barcode_and_filter_by_status(client, tenant, api_key):
    # given
    api_post(client, "/products", TRAIL_TEE, api_key)
    api_post(
        client,
        "/products",
        {"name": "Mug", "status": "archived", "variants": [{"sku": "MUG-1"}]},
        api_key,
    )

    # when
    found = {
        query: [p["name"] for p in api_get(client, f"/products?{query}", api_key).json()["items"]]
        for query in (
            "q=trail",
            "q=tt-m",
            "q=036000291452",
            "q=03600029",
            "status=archived",
            "q=mug&status=active",
        )
    }

    # then
    assert found == {
        "q=trail": ["Trail Tee"],
        "q=tt-m": ["Trail Tee"],
        "q=036000291452": ["Trail Tee"],
        "q=03600029": [],
        "status=archived": ["Mug"],
        "q=mug&status=active": [],
    }
