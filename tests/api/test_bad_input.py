"""Bad input is a 4xx in the JSON error format, never a 500: numbers out of range, strings where
integers belong, bodies that are not sent as JSON, odd or overlong addresses."""

from __future__ import annotations

import json

import pytest

from openoms.catalog.models import Product, ProductVariant
from openoms.inventory.models import InventoryMovement
from tests.api.helpers import API, api_get, api_patch, api_post, api_put, error
from tests.inventory.stock import levels_by_key


def invalid(field: str, message: str) -> dict:
    return error(
        "validation_error", "Some values are not valid.", [{"field": field, "message": message}]
    )


def create(client, api_key, **variant):
    return api_post(
        client, "/products", {"name": "Tee", "variants": [{"sku": "T", **variant}]}, api_key
    )


@pytest.mark.parametrize(
    ("variant", "field", "message"),
    [
        (
            {"price": "999999999999999999999999999999"},
            "price",
            "The price must be at most 9,999,999,999.99; got '999999999999999999999999999999'.",
        ),
        ({"price": 1e308}, "price", "The price must be at most 9,999,999,999.99; got '1e+308'."),
        ({"weight": "1e309"}, "weight", "The weight must be at most 99,999,999.999; got '1e309'."),
        ({"weight": 1e300}, "weight", "The weight must be at most 99,999,999.999; got '1e+300'."),
        ({"length": "1e309"}, "length", "The length must be at most 9,999,999,999.9; got '1e309'."),
        ({"height": "NaN"}, "height", "The height must be a number; got 'NaN'."),
        ({"width": "-Infinity"}, "width", "The width must be a number; got '-Infinity'."),
        ({"width": "1_000"}, "width", "The width must be a number; got '1_000'."),
        ({"price": "1,50"}, "price", "The price must be a number; got '1,50'."),
        ({"price": True}, "price", "The price must be a number."),
        ({"price": [1]}, "price", "The price must be a number."),
        ({"weight": -0.5}, "weight", "The weight must be zero or more."),
        ({"weight": "-1e309"}, "weight", "The weight must be zero or more."),
    ],
)
def test_out_of_range_or_odd_numbers_are_a_422_on_their_field(
    client, tenant, api_key, variant, field, message
):
    # given the account works in kg and cm (the demo's units)
    tenant.account.weight_unit, tenant.account.size_unit = "kg", "cm"
    tenant.account.save()
    # when
    response = create(client, api_key, **variant)
    # then
    assert response.status_code == 422
    assert response.json() == invalid(f"variants.0.{field}", message)
    assert not Product.objects.exists()


def test_nan_and_infinity_json_tokens_are_a_422_not_a_500(client, tenant, api_key):
    # given Python's JSON reader accepts the non-standard tokens NaN and Infinity
    body = '{"name": "Tee", "variants": [{"sku": "T", "weight": NaN, "price": Infinity}]}'
    # when
    response = api_post(client, "/products", body, api_key)
    # then
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "variants.0.weight", "message": "The weight must be a finite number; got 'nan'."},
        {"field": "variants.0.price", "message": "The price must be a finite number; got 'inf'."},
    ]
    assert not Product.objects.exists()


def test_minus_zero_is_zero_and_exponent_forms_are_numbers(client, tenant, api_key):
    # when
    response = create(client, api_key, price="-0", weight="1.5e3", length=-0.0, width="2E-1")
    # then
    assert response.status_code == 201
    variant = response.json()["variants"][0]
    assert (variant["price"], variant["weight"], variant["length"], variant["width"]) == (
        "0.00",
        1500.0,
        0.0,
        0.2,
    )
    stored = ProductVariant.objects.get(sku="T")
    assert (str(stored.price), str(stored.length_mm)) == ("0.00", "0.000")


def test_the_largest_values_are_accepted_and_one_cent_more_is_refused(client, tenant, api_key):
    # when
    ok = create(client, api_key, price="9999999999.99", weight="99999999.999")  # kg
    too_much = api_post(
        client,
        "/products",
        {"name": "Cap", "variants": [{"sku": "C", "price": "10000000000"}]},
        api_key,
    )
    # then
    assert ok.status_code == 201
    assert ok.json()["variants"][0]["price"] == "9999999999.99"
    assert too_much.json() == invalid(
        "variants.0.price", "The price must be at most 9,999,999,999.99; got '10000000000'."
    )


def test_a_huge_number_in_a_patch_is_a_422_and_changes_nothing(client, tenant, api_key):
    # given
    product = create(client, api_key, price="5").json()
    variant_id = product["variants"][0]["id"]
    # when
    response = api_patch(
        client,
        {"variants": [{"id": variant_id, "price": "1e400", "length": "99999999999999999999999"}]},
        api_key,
        path=f"/products/{product['id']}",
    )
    # then
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == [
        "variants.0.length",
        "variants.0.price",
    ]
    assert str(ProductVariant.objects.get(pk=variant_id).price) == "5.00"


# --- inventory quantities: one strictness for the single-row PUT and the bulk endpoint ---


def test_bulk_rejects_a_total_sent_as_a_string_like_the_single_row_put(client, shop, api_key):
    # given
    rows = [
        {"warehouse": "TOR-1", "sku": "MUG-1", "total": "5"},
        {"warehouse": "MTL-1", "sku": "MUG-1", "total": 5.0},
        {"warehouse": "MTL-1", "sku": "BAG/ONE SIZE", "total": True},
        {"warehouse": "TOR-1", "sku": "TEE-RED-M", "total": 11},
    ]
    before = InventoryMovement.objects.count()
    # when
    bulk = api_post(client, "/inventory/bulk", {"rows": rows}, api_key)
    put = api_put(client, "/inventory/TOR-1/MUG-1", {"total": "5"}, api_key)
    # then
    assert bulk.status_code == 200
    assert bulk.json()["results"] == [
        {
            "line": 1,
            "status": "rejected",
            "error": 'The total must be a whole number; got the JSON string "5".',
        },
        {
            "line": 2,
            "status": "rejected",
            "error": "The total must be a whole number; got the JSON number 5.0.",
        },
        {
            "line": 3,
            "status": "rejected",
            "error": "The total must be a whole number; got the JSON boolean true.",
        },
        {"line": 4, "status": "updated", "error": None},
    ]
    assert put.status_code == 422
    assert put.json()["error"]["fields"] == [
        {"field": "total", "message": "Input should be a valid integer"}
    ]
    assert levels_by_key(shop.account)[("TOR-1", "TEE-RED-M")] == 11
    assert ("TOR-1", "MUG-1") not in levels_by_key(shop.account)
    assert InventoryMovement.objects.count() == before + 1


def test_reject_all_with_a_string_total_applies_nothing(client, shop, api_key):
    # given
    rows = [
        {"warehouse": "TOR-1", "sku": "TEE-RED-M", "total": 11},
        {"warehouse": "TOR-1", "sku": "MUG-1", "total": "5"},
    ]
    # when
    response = api_post(
        client, "/inventory/bulk", {"rows": rows, "on_error": "reject_all"}, api_key
    )
    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "rows_rejected"
    assert levels_by_key(shop.account)[("TOR-1", "TEE-RED-M")] == 10


@pytest.mark.parametrize("total", [10**12, -(10**12), 10**30])
def test_a_quantity_out_of_range_is_a_422_on_put(client, shop, api_key, total):
    # when
    response = api_put(client, "/inventory/TOR-1/TEE-RED-M", {"total": total}, api_key)
    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert levels_by_key(shop.account)[("TOR-1", "TEE-RED-M")] == 10


# --- JSON bodies only as application/json ---


WRITES = [
    ("post", "/inventory/bulk", {"rows": [{"warehouse": "TOR-1", "sku": "MUG-1", "total": 5}]}),
    ("put", "/inventory/TOR-1/MUG-1", {"total": 5}),
    ("post", "/products", {"name": "Cap", "variants": [{"sku": "CAP"}]}),
    ("patch", "/account", {"timezone": "Europe/Paris"}),
]


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin-1",
        "application/jsonx",
    ],
)
@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_a_json_body_sent_with_another_media_type_is_a_415(
    client, shop, api_key, method, path, body, content_type
):
    # given
    before = (
        levels_by_key(shop.account),
        Product.objects.count(),
        InventoryMovement.objects.count(),
    )
    # when
    response = getattr(client, method)(
        f"{API}{path}",
        data=json.dumps(body),
        content_type=content_type,
        headers={"X-API-Key": api_key},
    )
    # then
    assert response.status_code == 415
    assert response.json() == error(
        "unsupported_media_type",
        "Send the request body as JSON with Content-Type: application/json "
        f"(sent: {content_type}).",
    )
    after = (
        levels_by_key(shop.account),
        Product.objects.count(),
        InventoryMovement.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8"],
)
def test_json_with_or_without_the_utf8_charset_is_accepted(client, shop, api_key, content_type):
    # when
    response = client.put(
        f"{API}/inventory/TOR-1/MUG-1",
        data=json.dumps({"total": 5}),
        content_type=content_type,
        headers={"X-API-Key": api_key},
    )
    # then
    assert response.status_code == 200
    assert levels_by_key(shop.account)[("TOR-1", "MUG-1")] == 5


# --- addresses ---


@pytest.mark.parametrize(
    "path", ["/nothing%0A", "/inventory/x%0A", "/a%0Ab/c", "/products/1%0D%0A"]
)
def test_unknown_addresses_with_line_breaks_are_a_json_404(client, tenant, api_key, path):
    # when
    response = client.get(f"{API}{path}", headers={"X-API-Key": api_key})
    # then
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    ["/products?q=" + "x" * 4100, "/nothing/" + "y" * 4100, "/inventory/TOR-1/" + "z" * 4100],
)
def test_an_overlong_address_is_a_json_414(client, tenant, api_key, path):
    # when
    response = client.get(f"{API}{path}", headers={"X-API-Key": api_key})
    # then
    assert response.status_code == 414
    assert response.json() == error(
        "uri_too_long", "The address is longer than the 4000 characters this API accepts."
    )


def test_an_address_just_under_the_limit_is_served(client, tenant, api_key):
    # when
    response = api_get(client, "/products?x=" + "x" * (4000 - len(f"{API}/products?x=")), api_key)
    # then
    assert response.status_code == 200
