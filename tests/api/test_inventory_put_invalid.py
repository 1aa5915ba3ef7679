"""PUT /api/v2/inventory/{warehouse}/{sku} refusals: exact error, and nothing changes."""

import pytest

from tests.api.helpers import api_put, error
from tests.inventory.stock import snapshot

PATH = "/inventory/TOR-1/TEE-RED-M"
NOT_BOTH = "Send either total or adjust, not both."
NEITHER = "Send total (the new quantity) or adjust (the change to add)."
NOT_INT = "Input should be a valid integer"


def invalid(*fields):
    return error(
        "validation_error",
        "Some values are not valid.",
        [{"field": field, "message": message} for field, message in fields],
    )


@pytest.mark.parametrize(
    ("path", "body", "status", "expected"),
    [
        (PATH, {"total": 1, "adjust": 2}, 422, invalid(("total", NOT_BOTH), ("adjust", NOT_BOTH))),
        (PATH, {}, 422, invalid(("total", NEITHER))),
        (PATH, {"reason": "Recount"}, 422, invalid(("total", NEITHER))),
        (PATH, {"total": 1.5}, 422, invalid(("total", NOT_INT))),
        (PATH, {"total": 2.0}, 422, invalid(("total", NOT_INT))),
        (PATH, {"total": "5"}, 422, invalid(("total", NOT_INT))),
        (PATH, {"adjust": True}, 422, invalid(("adjust", NOT_INT))),
        (PATH, {"total": -1}, 422, invalid(("total", "The total must be 0 or more; got -1."))),
        (
            PATH,
            {"total": 10**10},
            422,
            invalid(("total", "The total must be at most 1,000,000,000; got 10000000000.")),
        ),
        (
            PATH,
            {"adjust": -11},
            422,
            invalid(("adjust", "Removing 11 would leave -1 in stock (there are 10).")),
        ),
        (
            PATH,
            {"total": 1, "colour": "red"},
            422,
            invalid(("colour", "Unknown or read-only field.")),
        ),
        (
            PATH,
            {"total": 1, "reason": "x" * 201},
            422,
            invalid(("reason", "String should have at most 200 characters")),
        ),
        (
            "/inventory/CA-ALL/TEE-RED-M",
            {"total": 1},
            422,
            invalid(
                (
                    "warehouse",
                    "CA-ALL is a virtual warehouse: set stock on its physical members "
                    "(MTL-1, TOR-1).",
                )
            ),
        ),
        ("/inventory/TOR-1/NOPE", {"total": 1}, 404, error("not_found", "Unknown SKU 'NOPE'.")),
        (
            "/inventory/TOR-1/THEIRS-1",
            {"total": 1},
            404,
            error("not_found", "Unknown SKU 'THEIRS-1'."),
        ),
        (
            "/inventory/TOR-1/TEE-RED-M%20",
            {"total": 1},
            404,
            error("not_found", "Unknown SKU 'TEE-RED-M '."),
        ),
        (
            "/inventory/VAN-1/TEE-RED-M",
            {"total": 1},
            404,
            error("not_found", "Unknown warehouse 'VAN-1' (not enabled for this account)."),
        ),
        (
            "/inventory/NYC-1/TEE-RED-M",
            {"total": 1},
            404,
            error("not_found", "Unknown warehouse 'NYC-1' (not enabled for this account)."),
        ),
    ],
    ids=[
        "both",
        "neither",
        "only-reason",
        "float",
        "float-whole",
        "string",
        "bool",
        "negative-total",
        "too-large",
        "adjust-below-zero",
        "unknown-field",
        "long-reason",
        "virtual-warehouse",
        "unknown-sku",
        "other-tenants-sku",
        "sku-with-trailing-space",
        "not-enabled-warehouse",
        "other-organizations-warehouse",
    ],
)
def test_refusals_change_nothing(client, shop, api_key, path, body, status, expected):
    # given
    before = snapshot()

    # when
    response = api_put(client, path, body, api_key)

    # then
    assert response.status_code == status
    assert response.json() == expected
    assert snapshot() == before


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_other_methods_on_a_level_are_405(client, shop, api_key, method):
    # when
    response = getattr(client, method)(f"/api/v2{PATH}", headers={"X-API-Key": api_key})

    # then
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "PUT"
