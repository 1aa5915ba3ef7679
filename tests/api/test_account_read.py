"""GET /api/v2/account: the key's account settings, shaped from the settings declaration."""

import re
from datetime import datetime

from openoms.api.schemas.account import AccountOut, AccountUpdateIn
from openoms.tenancy.account_settings import SETTINGS
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import ApiKey
from openoms.tenancy.services.api_keys import api_key_revoke
from tests.api.helpers import ISO_UTC, api_get, key_prefix
from tests.factories import make_api_key


def test_get_account_returns_the_exact_settings_of_a_fresh_account(client, tenant, api_key):
    # given
    account = tenant.account

    # when
    response = api_get(client, "/account", api_key)

    # then
    assert response.status_code == 200
    body = response.json()
    timestamps = {
        "created_at": body.pop("created_at"),
        "updated_at": body.pop("updated_at"),
        "key_created_at": body["api_keys"][0].pop("created_at"),
        "key_last_used_at": body["api_keys"][0].pop("last_used_at"),
    }
    assert body == {
        "organization": {"code": "ACME-GROUP", "name": "Acme Group"},
        "code": "ACME-APPAREL",
        "name": "Acme Apparel",
        "timezone": "UTC",
        "license_type": "standard",
        "units_of_measure": {"size": "cm", "volume": "cm3", "weight": "kg"},
        "master_product_source": "openoms",
        "master_product_channel": None,
        "default_warehouse": None,
        "enable_automatic_sales_order_workflow": False,
        "enable_automatic_purchase_order_workflow": False,
        "enable_inventory_real_time_updates": True,
        "pii_retention_days": None,
        "api_validation_rules": {
            "sales_orders": {"carrier_code": "error", "service_code": "error"},
            "shipments": {"carrier_code": "error", "service_code": "error"},
            "purchase_orders": {"carrier_code": "warning", "service_code": "warning"},
            "receipts": {"carrier_code": "warning", "service_code": "warning"},
        },
        "api_keys": [{"name": "Test key", "prefix": key_prefix(api_key)}],
    }
    for value in timestamps.values():
        assert re.match(ISO_UTC, value), value
    key = ApiKey.objects.get(prefix=key_prefix(api_key))
    account.refresh_from_db()
    assert datetime.fromisoformat(timestamps["created_at"]) == account.created_at
    assert datetime.fromisoformat(timestamps["updated_at"]) == account.updated_at
    assert datetime.fromisoformat(timestamps["key_created_at"]) == key.created_at
    assert datetime.fromisoformat(timestamps["key_last_used_at"]) == key.last_used_at


def test_get_account_lists_only_active_keys_newest_first(client, tenant, api_key):
    # given
    second = make_api_key(tenant.account, name="Warehouse robot")
    revoked_raw = make_api_key(tenant.account, name="Old script")
    api_key_revoke(actor=Actor.system(), api_key=ApiKey.objects.get(prefix=key_prefix(revoked_raw)))

    # when
    response = api_get(client, "/account", api_key)

    # then
    assert [(k["name"], k["prefix"]) for k in response.json()["api_keys"]] == [
        ("Warehouse robot", key_prefix(second)),
        ("Test key", key_prefix(api_key)),
    ]


def _leaf_paths(schema: type, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    paths: set[tuple[str, ...]] = set()
    for name, field in schema.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            paths |= _leaf_paths(annotation, (*prefix, name))
        else:
            paths.add((*prefix, name))
    return paths


def test_schemas_hold_exactly_the_declared_settings_at_their_api_paths():
    # given
    declared = {setting.api_path for setting in SETTINGS}
    read_only = {("organization",), ("code",), ("api_keys",), ("created_at",), ("updated_at",)}

    # when
    read_paths = (
        _leaf_paths(AccountOut) - read_only - {("organization", "code"), ("organization", "name")}
    )
    update_paths = _leaf_paths(AccountUpdateIn) - {("confirm_master_source_change",)}

    # then
    assert read_paths == declared
    assert update_paths == declared


def test_openapi_lists_choice_values_as_enums(client):
    # given
    schemas = client.get("/api/v2/openapi.json").json()["components"]["schemas"]

    # when
    size = schemas["AccountUnitsOfMeasure"]["properties"]["size"]
    rule = schemas["AccountUpdateApiValidationRulesReceipts"]["properties"]["carrier_code"]
    license_type = schemas["Account"]["properties"]["license_type"]

    # then
    assert size["enum"] == ["mm", "cm", "m", "in", "ft"]
    assert rule["enum"] == ["warning", "error"]
    assert license_type["enum"] == ["standard", "basic"]
