"""Every answer under /api/v2/ is JSON in the one error format, never Django's HTML pages."""

import json

import pytest

from openoms.api.urls import api
from openoms.core.errors import (
    ConfirmationRequired,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from tests.api.helpers import API, error

NOT_FOUND = error(
    "not_found", "There is nothing at this address; the API documentation lists every endpoint."
)


@pytest.mark.parametrize(
    "path",
    ["/nope", "/account/", "/account/history/42", "/", "/product", "/products/1/x", "/docs/x"],
)
def test_unknown_address_is_404_json(client, path):
    # when
    response = client.get(f"{API}{path}")

    # then
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_FOUND


def test_unknown_address_is_404_json_for_a_post_with_a_key(client, tenant, api_key):
    # when
    response = client.post(
        f"{API}/orders", data="{}", content_type="application/json", headers={"X-API-Key": api_key}
    )

    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/account", "GET, PATCH"),
        ("post", "/account", "GET, PATCH"),
        ("put", "/account", "GET, PATCH"),
        ("patch", "/account/history", "GET"),
        ("post", "/health", "GET"),
        ("delete", "/products", "GET, POST"),
        ("put", "/products/1", "GET, PATCH"),
        ("post", "/warehouses", "GET"),
        ("get", "/inventory/bulk", "POST"),
        ("post", "/inventory/TOR-1/SKU/1", "PUT"),
    ],
)
def test_wrong_method_is_405_json(client, tenant, api_key, method, path, allowed):
    # when
    response = getattr(client, method)(f"{API}{path}", headers={"X-API-Key": api_key})

    # then
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == allowed
    assert response.json() == error(
        "method_not_allowed", f"This address accepts only these methods: {allowed}."
    )


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (NotFound("Account not found."), 404, "not_found"),
        (PermissionDenied("Your role may not do this."), 403, "permission_denied"),
        (Conflict("The code is taken."), 409, "conflict"),
        (
            ConfirmationRequired("Confirm it.", field="master_product_source"),
            409,
            "confirmation_required",
        ),
        (DomainError("Refused."), 400, "domain_error"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_domain_errors_keep_their_status_and_code(rf, exc, status, code):
    # when
    response = api.on_exception(rf.get("/api/v2/account"), exc)

    # then
    assert response.status_code == status
    assert json.loads(response.content) == error(code, exc.message)


def test_domain_validation_errors_name_settings_by_their_api_path(rf):
    # given
    exc = ValidationFailed(
        {"size_unit": "Bad size.", "receipt_service_code_rule": "Bad rule.", "other": "Odd."}
    )

    # when
    response = api.on_exception(rf.get("/api/v2/account"), exc)

    # then
    assert response.status_code == 422
    assert json.loads(response.content) == error(
        "validation_error",
        "Some values are not valid.",
        [
            {"field": "units_of_measure.size", "message": "Bad size."},
            {"field": "api_validation_rules.receipts.service_code", "message": "Bad rule."},
            {"field": "other", "message": "Odd."},
        ],
    )
