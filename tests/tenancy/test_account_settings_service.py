import pytest

from openoms.core.errors import ConfirmationRequired, NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy import live_data
from openoms.tenancy.account_settings import SETTINGS
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, AuditEntry
from openoms.tenancy.roles import Role
from openoms.tenancy.services.accounts import account_update_settings


def snapshot(account: Account) -> dict:
    account.refresh_from_db()
    return {s.name: s.value_of(account) for s in SETTINGS} | {"code": account.code}


def test_defaults_of_a_new_account(tenant):
    # given a fresh account / then the article's defaults hold
    account = tenant.account
    assert account.license_type == "standard"
    assert account.master_product_source == "openoms"
    assert account.enable_inventory_real_time_updates is True
    assert account.enable_automatic_sales_order_workflow is False
    assert account.pii_retention_days is None
    rules = {s.name: getattr(account, s.name) for s in SETTINGS if s.name.endswith("_rule")}
    inbound = ("purchase_order_", "receipt_")  # an inbound carrier is rarely known: Warning
    assert {name: level for name, level in rules.items() if not name.startswith(inbound)} == {
        f"{document}_{code}_code_rule": "error"
        for document in ("sales_order", "shipment")
        for code in ("carrier", "service")
    }
    assert {name: level for name, level in rules.items() if name.startswith(inbound)} == {
        f"{document}_{code}_code_rule": "warning"
        for document in ("purchase_order", "receipt")
        for code in ("carrier", "service")
    }


def test_update_records_each_change_with_readable_values(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    changes = account_update_settings(
        actor=actor,
        account=tenant.account,
        values={
            "timezone": "America/Toronto",
            "size_unit": "in",
            "enable_inventory_real_time_updates": "no",
            "pii_retention_days": "30",
            "receipt_service_code_rule": "error",
            "weight_unit": "kg",
        },
    )
    # then the five real changes are stored (kg was already the value)
    assert [c.setting.name for c in changes] == [
        "timezone",
        "size_unit",
        "enable_inventory_real_time_updates",
        "pii_retention_days",
        "receipt_service_code_rule",
    ]
    state = snapshot(tenant.account)
    assert state["timezone"] == "America/Toronto"
    assert state["size_unit"] == "in"
    assert state["enable_inventory_real_time_updates"] is False
    assert state["pii_retention_days"] == 30
    assert state["receipt_service_code_rule"] == "error"
    entries = {
        e.field: (e.old_value, e.new_value, e.actor_label)
        for e in AuditEntry.objects.filter(account=tenant.account)
    }
    assert entries == {
        "timezone": ("UTC", "America/Toronto", actor.label),
        "size_unit": ("Centimeter (cm)", "Inch (in)", actor.label),
        "enable_inventory_real_time_updates": ("Yes", "No", actor.label),
        "pii_retention_days": ("(empty)", "30", actor.label),
        "receipt_service_code_rule": ("Warning", "Error", actor.label),
    }


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"pii_retention_days": 0}, {"pii_retention_days"}),
        ({"pii_retention_days": "abc"}, {"pii_retention_days"}),
        ({"pii_retention_days": -3}, {"pii_retention_days"}),
        ({"pii_retention_days": True}, {"pii_retention_days"}),
        ({"timezone": "Mars/Olympus"}, {"timezone"}),
        ({"size_unit": "yard"}, {"size_unit"}),
        (
            {"enable_automatic_sales_order_workflow": "maybe"},
            {"enable_automatic_sales_order_workflow"},
        ),
        ({"name": "   "}, {"name"}),
        ({"code": "NEW-CODE"}, {"code"}),
        (
            {"timezone": "Nowhere", "volume_unit": "gallon", "name": ""},
            {"timezone", "volume_unit", "name"},
        ),
        ({"master_product_source": "sales_channel"}, {"master_product_channel"}),
    ],
)
def test_invalid_values_are_all_reported_and_nothing_changes(tenant, values, errors):
    # given
    before = snapshot(tenant.account)
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when
    with pytest.raises(ValidationFailed) as raised:
        account_update_settings(
            actor=actor, account=tenant.account, values={"weight_unit": "lb", **values}
        )
    # then
    assert set(raised.value.errors) == errors
    assert snapshot(tenant.account) == before
    assert not AuditEntry.objects.filter(account=tenant.account).exists()


def test_code_never_changes_when_the_name_does(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when
    account_update_settings(actor=actor, account=tenant.account, values={"name": "Renamed Brand"})
    # then
    tenant.account.refresh_from_db()
    assert (tenant.account.name, tenant.account.code) == ("Renamed Brand", "ACME-APPAREL")


def test_name_must_stay_unique_in_the_organization(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_update_settings(
            actor=actor, account=tenant.account, values={"name": "acme outdoor"}
        )
    assert raised.value.errors == {
        "name": "This organization already has an account with this name."
    }


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ORGANIZATION_OWNER])
def test_only_the_owner_changes_the_license_type(tenant, role):
    # given
    user = tenant.user(role)
    # when / then
    with pytest.raises(PermissionDenied):
        account_update_settings(
            actor=Actor.for_user(user), account=tenant.account, values={"license_type": "basic"}
        )
    tenant.account.refresh_from_db()
    assert tenant.account.license_type == "standard"


def test_owner_changes_the_license_type(tenant):
    # when
    account_update_settings(
        actor=Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER)),
        account=tenant.account,
        values={"license_type": "basic"},
    )
    # then
    tenant.account.refresh_from_db()
    assert tenant.account.license_type == "basic"


def test_account_user_cannot_edit_settings(tenant):
    # when / then
    with pytest.raises(PermissionDenied):
        account_update_settings(
            actor=Actor.for_user(tenant.user(Role.ACCOUNT_USER)),
            account=tenant.account,
            values={"timezone": "Europe/Paris"},
        )
    tenant.account.refresh_from_db()
    assert tenant.account.timezone == "UTC"


def test_another_tenants_account_is_not_found(tenant, other_tenant):
    # given
    before = snapshot(other_tenant.account)
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when / then
    with pytest.raises(NotFound):
        account_update_settings(
            actor=actor, account=other_tenant.account, values={"timezone": "Europe/Paris"}
        )
    assert snapshot(other_tenant.account) == before


def test_account_admin_cannot_reach_a_sibling_account(tenant):
    # given an account administrator of tenant.account
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when / then
    with pytest.raises(NotFound):
        account_update_settings(
            actor=actor, account=tenant.second_account, values={"timezone": "Europe/Paris"}
        )


@pytest.fixture
def account_with_products():
    with live_data.counter_replaced("products", lambda account: 120):
        yield


def test_master_source_change_on_a_live_account_needs_confirmation(tenant, account_with_products):
    # given an account whose catalog comes from a sales channel and holds products
    Account.objects.filter(pk=tenant.account.pk).update(master_product_source="sales_channel")
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when / then: the confirmation is asked, naming what the account holds
    with pytest.raises(ConfirmationRequired) as raised:
        account_update_settings(
            actor=actor, account=tenant.account, values={"master_product_source": "openoms"}
        )
    assert raised.value.field == "master_product_source"
    assert "120 products" in raised.value.message
    assert "duplicate products" in raised.value.message
    assert snapshot(tenant.account)["master_product_source"] == "sales_channel"


def test_confirmed_master_source_change_is_applied_and_recorded(tenant, account_with_products):
    # given
    Account.objects.filter(pk=tenant.account.pk).update(master_product_source="sales_channel")
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when
    account_update_settings(
        actor=actor,
        account=tenant.account,
        values={"master_product_source": "openoms"},
        confirm_master_source_change=True,
    )
    # then
    assert snapshot(tenant.account)["master_product_source"] == "openoms"
    entry = AuditEntry.objects.get(account=tenant.account, field="master_product_source")
    assert (entry.old_value, entry.new_value) == ("Sales Channel", "OpenOMS")


def test_master_source_without_live_data_needs_no_confirmation(tenant):
    # given no app reports live data; the channel is then the only missing piece
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_update_settings(
            actor=actor,
            account=tenant.account,
            values={"master_product_source": "sales_channel"},
            confirm_master_source_change=False,
        )
    assert list(raised.value.errors) == ["master_product_channel"]


@pytest.mark.parametrize("name", ["Bad\x00Name", "Two\nLines", "Tab\there"])
def test_names_with_control_characters_are_refused(tenant, name):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_update_settings(actor=actor, account=tenant.account, values={"name": name})
    assert list(raised.value.errors) == ["name"]
    tenant.account.refresh_from_db()
    assert tenant.account.name == "Acme Apparel"


def test_a_replaced_counter_is_restored_afterwards(tenant):
    # given the catalog's own products counter
    from openoms.catalog.services.products import product_create

    product_create(actor=Actor.system(), account=tenant.account, name="P", variants=[{"sku": "P1"}])
    # when it is replaced for a while
    with live_data.counter_replaced("products", lambda account: 99):
        assert live_data.live_data_counts(tenant.account) == {"products": 99, "SKUs": 1}
    # then the real one counts again
    assert live_data.live_data_counts(tenant.account) == {"products": 1, "SKUs": 1}
