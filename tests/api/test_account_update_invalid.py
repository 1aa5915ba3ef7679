"""PATCH /api/v2/account with invalid input: 422 naming every bad field, and nothing changes."""

import pytest

from openoms.tenancy.models import AuditEntry
from tests.api.helpers import api_patch, error, field_paths, settings_snapshot

INVALID_BODIES = [
    ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
    ({"timezone": None}, "timezone"),
    ({"units_of_measure": {"size": "yard"}}, "units_of_measure.size"),
    ({"units_of_measure": None}, "units_of_measure"),
    ({"units_of_measure": "cm"}, "units_of_measure"),
    ({"pii_retention_days": 0}, "pii_retention_days"),
    ({"pii_retention_days": -5}, "pii_retention_days"),
    ({"pii_retention_days": "abc"}, "pii_retention_days"),
    ({"pii_retention_days": "30"}, "pii_retention_days"),
    ({"pii_retention_days": 1.5}, "pii_retention_days"),
    ({"pii_retention_days": True}, "pii_retention_days"),
    ({"pii_retention_days": 36_501}, "pii_retention_days"),
    ({"enable_automatic_sales_order_workflow": "maybe"}, "enable_automatic_sales_order_workflow"),
    (
        {"enable_automatic_purchase_order_workflow": "yes"},
        "enable_automatic_purchase_order_workflow",
    ),
    ({"enable_inventory_real_time_updates": 1}, "enable_inventory_real_time_updates"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"name": 42}, "name"),
    ({"name": "Acme\x00Apparel"}, "name"),
    ({"name": "Acme\tApparel"}, "name"),
    ({"master_product_source": "spreadsheet"}, "master_product_source"),
    (
        {"api_validation_rules": {"receipts": {"carrier_code": "fatal"}}},
        "api_validation_rules.receipts.carrier_code",
    ),
    ({"confirm_master_source_change": "true"}, "confirm_master_source_change"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
    ({"code": "NEW-CODE"}, "code"),
    ({"organization": {"name": "Other"}}, "organization"),
    ({"api_keys": []}, "api_keys"),
    ({"units_of_measure": {"length": "cm"}}, "units_of_measure.length"),
    ({"api_validation_rules": {"orders": {}}}, "api_validation_rules.orders"),
    (
        {"api_validation_rules": {"sales_orders": {"carrier": "error"}}},
        "api_validation_rules.sales_orders.carrier",
    ),
]


@pytest.mark.parametrize(("body", "path"), INVALID_BODIES, ids=[repr(b) for b, _ in INVALID_BODIES])
def test_patch_invalid_value_is_422_for_its_path_and_changes_nothing(
    client, tenant, api_key, body, path
):
    # given
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, body, api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert field_paths(response) == [path]
    assert settings_snapshot(tenant.account) == before
    assert not AuditEntry.objects.filter(account=tenant.account, field__endswith="_unit").exists()


def test_patch_lists_every_bad_field_of_one_request(client, tenant, api_key):
    # given
    before = settings_snapshot(tenant.account)
    body = {
        "timezone": "Mars/Olympus_Mons",
        "units_of_measure": {"size": "yard", "volume": "l", "unknown": 1},
        "pii_retention_days": 0,
        "enable_automatic_sales_order_workflow": "maybe",
        "api_validation_rules": {"shipments": {"carrier_code": "fatal"}},
        "colour": "blue",
    }

    # when
    response = api_patch(client, body, api_key)

    # then: in the order of the settings page
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [
            {
                "field": "timezone",
                "message": "Input should be one of the values listed for this field in the API schema.",
            },
            {
                "field": "units_of_measure.size",
                "message": "Input should be 'mm', 'cm', 'm', 'in' or 'ft'",
            },
            {"field": "units_of_measure.unknown", "message": "Unknown or read-only field."},
            {
                "field": "enable_automatic_sales_order_workflow",
                "message": "Input should be a valid boolean",
            },
            {
                "field": "pii_retention_days",
                "message": "Input should be greater than or equal to 1",
            },
            {
                "field": "api_validation_rules.shipments.carrier_code",
                "message": "Input should be 'warning' or 'error'",
            },
            {"field": "colour", "message": "Unknown or read-only field."},
        ],
    )
    assert settings_snapshot(tenant.account) == before


@pytest.mark.parametrize(
    "body",
    ['{"timezone": ', "not json", "{'single': 'quotes'}", b"\xff\xfe\x00garbage", "[" * 100_000],
    ids=["truncated", "text", "single-quotes", "not-utf8", "deeply-nested"],
)
def test_patch_malformed_json_is_422_malformed_json(client, tenant, api_key, body):
    # given
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, body, api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "malformed_json"
    assert set(response.json()["error"]) == {"code", "message"}
    assert settings_snapshot(tenant.account) == before


def test_patch_malformed_json_message_says_where(client, tenant, api_key):
    # when
    response = api_patch(client, '{"timezone": }', api_key)

    # then
    assert response.json() == error(
        "malformed_json", "The request body is not valid JSON: Expecting value (line 1, column 14)."
    )


@pytest.mark.parametrize(
    "body", ["[]", '"text"', "null", "42", ""], ids=["list", "string", "null", "number", "empty"]
)
def test_patch_body_that_is_not_an_object_is_422(client, tenant, api_key, body):
    # given
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, body, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [{"field": "body", "message": "The request body must be a JSON object."}],
    )
    assert settings_snapshot(tenant.account) == before


def test_patch_body_over_the_limit_is_413(client, tenant, api_key, settings):
    # given
    settings.OPENOMS_API_MAX_BODY_BYTES = 64
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, {"name": "x" * 100}, api_key)

    # then
    assert response.status_code == 413
    assert response.json() == error(
        "payload_too_large", "The request body is larger than the 64 bytes this API accepts."
    )
    assert settings_snapshot(tenant.account) == before


def test_patch_body_over_djangos_upload_limit_is_413_too(client, tenant, api_key, settings):
    # given: the API's own limit is generous, but Django refuses to read more than 64 bytes
    settings.OPENOMS_API_MAX_BODY_BYTES = 10_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, {"name": "x" * 100}, api_key)

    # then
    assert response.status_code == 413
    assert response.json() == error(
        "payload_too_large", "The request body is larger than the 64 bytes this API accepts."
    )
    assert settings_snapshot(tenant.account) == before
