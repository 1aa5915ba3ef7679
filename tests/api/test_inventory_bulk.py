"""POST /api/v2/inventory/bulk: one result per row, reject_row / reject_all, the row limit."""

import pytest

from openoms.catalog.models import Product, ProductVariant
from openoms.inventory.models import InventoryMovement
from tests.api.helpers import api_post, error
from tests.inventory.stock import levels_by_key, snapshot

NOT_APPLIED = "Not applied: another row of this request is invalid (on_error=reject_all)."
ROWS = [
    {"warehouse": "TOR-1", "sku": "TEE-RED-M", "total": 12},
    {"warehouse": "TOR-1", "sku": "MUG-1", "total": "abc"},
    {"warehouse": "MTL-1", "sku": "MUG-1", "total": 7},
    {"warehouse": "TOR-1", "total": 1},
    {"warehouse": "TOR-1", "sku": "BAG/ONE SIZE", "total": 3},
    {"warehouse": "MTL-1", "sku": "TEE-RED-M", "total": -1},
]
BAD = {
    2: 'The total must be a whole number; got the JSON string "abc".',
    4: "The SKU is required.",
    6: "The total must be 0 or more; got -1.",
}


def result(line, status, error=None):
    return {"line": line, "status": status, "error": error}


def test_reject_row_applies_the_good_rows_and_reports_each_row_in_order(client, shop, api_key):
    # when
    response = api_post(client, "/inventory/bulk", {"rows": ROWS}, api_key)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            result(1, "updated"),
            result(2, "rejected", BAD[2]),
            result(3, "updated"),
            result(4, "rejected", BAD[4]),
            result(5, "unchanged"),
            result(6, "rejected", BAD[6]),
        ],
        "counts": {"updated": 2, "unchanged": 1, "rejected": 3, "created": 1},
        "applied": True,
    }
    assert levels_by_key(shop.account) == {
        ("TOR-1", "TEE-RED-M"): 12,
        ("MTL-1", "TEE-RED-M"): 4,
        ("TOR-1", "BAG/ONE SIZE"): 3,
        ("MTL-1", "MUG-1"): 7,
    }
    movements = InventoryMovement.objects.filter(trigger="api_bulk_update").order_by("id")
    assert list(movements.values_list("level__variant__sku", "change", "resulting")) == [
        ("TEE-RED-M", 2, 12),
        ("MUG-1", 7, 7),
    ]


def test_reject_all_with_a_bad_row_is_422_and_changes_nothing(client, shop, api_key):
    # given
    before = snapshot()

    # when
    response = api_post(
        client, "/inventory/bulk", {"rows": ROWS, "on_error": "reject_all"}, api_key
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "rows_rejected",
            "message": "Nothing was applied: 3 of 6 rows are invalid (reject_all).",
            "results": [
                result(line, "rejected", BAD.get(line, NOT_APPLIED)) for line in range(1, 7)
            ],
        }
    }
    assert snapshot() == before


def test_reject_all_with_good_rows_only_applies_them(client, shop, api_key):
    # given
    rows = [ROWS[0], ROWS[2]]

    # when
    response = api_post(
        client, "/inventory/bulk", {"rows": rows, "on_error": "reject_all"}, api_key
    )

    # then
    assert response.status_code == 200
    assert response.json()["counts"] == {"updated": 2, "unchanged": 0, "rejected": 0, "created": 1}
    assert levels_by_key(shop.account)[("MTL-1", "MUG-1")] == 7


def test_a_repeated_warehouse_and_sku_is_rejected_on_its_later_row(client, shop, api_key):
    # given
    rows = [
        {"warehouse": "TOR-1", "sku": "MUG-1", "total": 1},
        {"warehouse": "tor-1", "sku": "MUG-1", "total": 2},
    ]

    # when
    response = api_post(client, "/inventory/bulk", {"rows": rows}, api_key)

    # then
    assert response.json()["results"] == [
        result(1, "updated"),
        result(2, "rejected", "Duplicate of line 1: each warehouse and SKU may appear once."),
    ]
    assert levels_by_key(shop.account)[("TOR-1", "MUG-1")] == 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            {"warehouse": "NYC-1", "sku": "MUG-1", "total": 1},
            "Unknown warehouse 'NYC-1' (not enabled for this account).",
        ),
        (
            {"warehouse": "VAN-1", "sku": "MUG-1", "total": 1},
            "Unknown warehouse 'VAN-1' (not enabled for this account).",
        ),
        ({"warehouse": "TOR-1", "sku": "THEIRS-1", "total": 1}, "Unknown SKU 'THEIRS-1'."),
        (
            {"warehouse": "CA-ALL", "sku": "MUG-1", "total": 1},
            "CA-ALL is a virtual warehouse: set stock on its physical members (MTL-1, TOR-1).",
        ),
        (
            {"warehouse": 5, "sku": ["MUG-1"], "total": 1.5},
            "The warehouse is required. The SKU is required. "
            "The total must be a whole number; got the JSON number 1.5.",
        ),
        ({}, "The warehouse is required. The SKU is required. The total is required."),
    ],
    ids=["other-org-warehouse", "not-enabled", "other-tenants-sku", "virtual", "types", "empty"],
)
def test_a_bad_row_is_rejected_alone(client, shop, api_key, row, reason):
    # given
    before = snapshot()

    # when
    response = api_post(client, "/inventory/bulk", {"rows": [row]}, api_key)

    # then
    assert response.status_code == 200
    assert response.json()["results"] == [result(1, "rejected", reason)]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "rows", "Field required"),
        ({"rows": []}, "rows", "List should have at least 1 item after validation, not 0"),
        ({"rows": {}}, "rows", "Input should be a valid list"),
        ({"rows": [1]}, "rows.0", "Input should be a valid dictionary"),
        ({"rows": [{"sku": "MUG-1", "qty": 1}]}, "rows.0.qty", "Unknown or read-only field."),
        (
            {"rows": [{}], "on_error": "skip"},
            "on_error",
            "Input should be 'reject_row' or 'reject_all'",
        ),
        ({"rows": [{}], "atomic": True}, "atomic", "Unknown or read-only field."),
    ],
)
def test_a_body_of_the_wrong_shape_is_422_and_changes_nothing(
    client, shop, api_key, body, field, message
):
    # given
    before = snapshot()

    # when
    response = api_post(client, "/inventory/bulk", body, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error", "Some values are not valid.", [{"field": field, "message": message}]
    )
    assert snapshot() == before


def _many_variants(account, count):
    product = Product.objects.create(account=account, name="Bulk")
    ProductVariant.objects.bulk_create(
        ProductVariant(account=account, product=product, sku=f"B-{n:05d}") for n in range(count)
    )


def test_ten_thousand_rows_are_applied_with_a_result_each(client, shop, api_key):
    # given
    _many_variants(shop.account, 5_000)
    rows = [
        {"warehouse": code, "sku": f"B-{n:05d}", "total": n % 7}
        for n in range(5_000)
        for code in ("TOR-1", "MTL-1")
    ]

    # when
    response = api_post(client, "/inventory/bulk", {"rows": rows}, api_key)

    # then
    body = response.json()
    assert response.status_code == 200
    assert [r["line"] for r in body["results"]] == list(range(1, 10_001))
    unchanged = sum(1 for row in rows if row["total"] == 0)
    assert body["counts"] == {
        "updated": 10_000 - unchanged,
        "unchanged": unchanged,
        "rejected": 0,
        "created": 10_000,
    }
    assert InventoryMovement.objects.filter(trigger="api_bulk_update").count() == 10_000 - unchanged


def test_ten_thousand_and_one_rows_are_422_and_nothing_changes(client, shop, api_key):
    # given
    rows = [{"warehouse": "TOR-1", "sku": "MUG-1", "total": 1}] * 10_001
    before = snapshot()

    # when
    response = api_post(client, "/inventory/bulk", {"rows": rows}, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [
            {
                "field": "rows",
                "message": "List should have at most 10000 items after validation, not 10001",
            }
        ],
    )
    assert snapshot() == before
