"""GET /api/v2/variants: the account's variants by SKU, each with its product."""

import pytest

from openoms.tenancy.models import Account
from tests.api.helpers import API, api_get, api_post


@pytest.fixture
def catalog(client, tenant, api_key):
    Account.objects.filter(pk=tenant.account.pk).update(weight_unit="oz", size_unit="mm")
    tee = {
        "name": "Trail Tee",
        "variants": [
            {"sku": "TT-S", "name": "Small", "weight": 4, "length": 700, "price": "12.5"},
            {"sku": "TT-M", "name": "Medium", "barcode": "036000291452"},
        ],
    }
    cap = {"name": "Alpine Cap", "status": "archived", "variants": [{"sku": "CAP/1 RED"}]}
    return [api_post(client, "/products", body, api_key).json() for body in (tee, cap)]


def test_an_exact_sku_gives_that_variant_with_its_product_and_units(client, catalog, api_key):
    # given
    tee = catalog[0]

    # when
    response = api_get(client, "/variants?sku=TT-S", api_key)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": tee["variants"][1]["id"],
                "sku": "TT-S",
                "name": "Small",
                "barcode": "",
                "weight": 4.0,
                "length": 700.0,
                "width": None,
                "height": None,
                "price": "12.50",
                "product": {"id": tee["id"], "name": "Trail Tee", "status": "active"},
                "units": {"weight": "oz", "size": "mm"},
            }
        ],
        "count": 1,
        "page": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
    }


@pytest.mark.parametrize(
    ("query", "skus"),
    [
        ("", ["CAP/1 RED", "TT-M", "TT-S"]),
        ("sku=CAP%2F1%20RED", ["CAP/1 RED"]),
        ("sku=tt-s", []),
        ("sku=TT", []),
        ("q=tt", ["TT-M", "TT-S"]),
        ("q=medium", ["TT-M"]),
        ("q=alpine", ["CAP/1 RED"]),
        ("q=036000291452", ["TT-M"]),
        ("q=tee&sku=TT-M", ["TT-M"]),
    ],
)
def test_search(client, catalog, api_key, query, skus):
    # when
    response = api_get(client, f"/variants?{query}", api_key)

    # then
    assert [item["sku"] for item in response.json()["items"]] == skus


def test_pages(client, catalog, api_key):
    # when
    second = api_get(client, "/variants?page_size=2&page=2", api_key).json()
    beyond = api_get(client, "/variants?page_size=2&page=3", api_key)

    # then
    assert [item["sku"] for item in second["items"]] == ["TT-S"]
    assert second["previous"] == f"http://testserver{API}/variants?page_size=2&page=1"
    assert beyond.status_code == 404
    assert beyond.json()["error"]["message"] == "Page 3 does not exist; the last page is 2."


def test_another_accounts_variants_are_never_listed(client, catalog, other_api_key):
    # when
    response = api_get(client, "/variants?sku=TT-S", other_api_key)

    # then
    assert response.json()["items"] == []
