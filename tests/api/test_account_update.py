"""PATCH /api/v2/account: valid changes are stored, answered and recorded in the history."""

from openoms.tenancy.models import Account, AuditAction, AuditEntry
from tests.api.helpers import api_patch, error, key_prefix, settings_snapshot


def test_patch_stores_several_settings_and_returns_the_changes(client, tenant, api_key):
    # given
    body = {
        "units_of_measure": {"size": "in", "weight": "lb"},
        "timezone": "Europe/Paris",
        "enable_inventory_real_time_updates": False,
        "pii_retention_days": 90,
        "api_validation_rules": {"shipments": {"service_code": "warning"}},
    }

    # when
    response = api_patch(client, body, api_key)

    # then
    assert response.status_code == 200
    data = response.json()
    assert data["changes"] == [  # in the order of the settings page
        {"field": "timezone", "label": "Timezone", "old": "UTC", "new": "Europe/Paris"},
        {
            "field": "units_of_measure.size",
            "label": "Size",
            "old": "Centimeter (cm)",
            "new": "Inch (in)",
        },
        {
            "field": "units_of_measure.weight",
            "label": "Weight",
            "old": "Kilogram (kg)",
            "new": "Pound (lb)",
        },
        {
            "field": "enable_inventory_real_time_updates",
            "label": "Enable Inventory Real-Time Updates",
            "old": "Yes",
            "new": "No",
        },
        {
            "field": "pii_retention_days",
            "label": "PII retention days for non-sales channels (API, manual, and imported orders)",
            "old": "(empty)",
            "new": "90",
        },
        {
            "field": "api_validation_rules.shipments.service_code",
            "label": "Shipments — Service code",
            "old": "Error",
            "new": "Warning",
        },
    ]
    account = Account.objects.get(pk=tenant.account.pk)
    assert (account.size_unit, account.weight_unit, account.volume_unit) == ("in", "lb", "cm3")
    assert account.timezone == "Europe/Paris"
    assert account.enable_inventory_real_time_updates is False
    assert account.pii_retention_days == 90
    assert account.shipment_service_code_rule == "warning"
    assert data["account"]["units_of_measure"] == {"size": "in", "volume": "cm3", "weight": "lb"}
    assert data["account"]["api_validation_rules"]["shipments"] == {
        "carrier_code": "error",
        "service_code": "warning",
    }


def test_patch_records_each_change_with_the_api_key_as_actor(client, tenant, api_key):
    # given
    label = f"API key Test key ({key_prefix(api_key)}…)"

    # when
    api_patch(client, {"units_of_measure": {"size": "in"}, "name": "Acme Apparel EU"}, api_key)

    # then
    entries = AuditEntry.objects.filter(
        account=tenant.account, action=AuditAction.SETTING_CHANGED
    ).order_by("id")
    assert [
        (e.actor_label, e.actor_id, e.field, e.field_label, e.old_value, e.new_value)
        for e in entries
    ] == [
        (label, None, "name", "Name", "Acme Apparel", "Acme Apparel EU"),
        (label, None, "size_unit", "Size", "Centimeter (cm)", "Inch (in)"),
    ]


def test_patch_with_the_current_values_changes_nothing(client, tenant, api_key):
    # given
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, {"timezone": "UTC", "units_of_measure": {}}, api_key)

    # then
    assert response.status_code == 200
    assert response.json()["changes"] == []
    assert settings_snapshot(tenant.account) == before
    assert not AuditEntry.objects.filter(action=AuditAction.SETTING_CHANGED).exists()


def test_patch_null_retention_days_keeps_data_forever(client, tenant, api_key):
    # given
    Account.objects.filter(pk=tenant.account.pk).update(pii_retention_days=30)

    # when
    response = api_patch(client, {"pii_retention_days": None}, api_key)

    # then
    assert response.status_code == 200
    assert response.json()["account"]["pii_retention_days"] is None
    assert Account.objects.get(pk=tenant.account.pk).pii_retention_days is None


def test_patch_strips_the_name(client, tenant, api_key):
    # when
    response = api_patch(client, {"name": "  Acme Apparel EU  "}, api_key)

    # then
    assert response.status_code == 200
    assert Account.objects.get(pk=tenant.account.pk).name == "Acme Apparel EU"


def test_patch_license_type_is_refused_and_nothing_changes(client, tenant, api_key):
    # given
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(
        client, {"license_type": "basic", "units_of_measure": {"size": "in"}}, api_key
    )

    # then
    assert response.status_code == 403
    assert response.json() == error(
        "permission_denied", "An API key may not do this: change an account's license type."
    )
    assert settings_snapshot(tenant.account) == before
    assert not AuditEntry.objects.filter(action=AuditAction.SETTING_CHANGED).exists()


def test_patch_master_source_to_a_channel_needs_a_master_product_channel(client, tenant, api_key):
    # given
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(
        client,
        {"master_product_source": "sales_channel", "confirm_master_source_change": True},
        api_key,
    )

    # then
    assert response.status_code == 422
    body = response.json()["error"]
    assert (body["code"], body["message"]) == ("validation_error", "Some values are not valid.")
    assert [f["field"] for f in body["fields"]] == ["master_product_channel"]
    assert body["fields"][0]["message"].startswith(
        "Choose the Master Product Channel among the account's sales channels"
    )
    assert settings_snapshot(tenant.account) == before


def test_patch_name_taken_by_a_sibling_account_reports_the_name_field(client, tenant, api_key):
    # given
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, {"name": "acme outdoor", "timezone": "Nowhere/City"}, api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {
            "field": "timezone",
            "message": "Input should be one of the values listed for this field in the API schema.",
        }
    ]
    assert settings_snapshot(tenant.account) == before
    # and once the timezone is right, the name conflict is reported by the service
    response = api_patch(client, {"name": "acme outdoor"}, api_key)
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [{"field": "name", "message": "This organization already has an account with this name."}],
    )
    assert settings_snapshot(tenant.account) == before
