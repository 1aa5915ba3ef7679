import pytest

from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.inventory.models import AccountWarehouse, Warehouse
from openoms.inventory.selectors import account_warehouse_toggles
from openoms.inventory.services.warehouses import (
    account_warehouses_update,
    warehouse_create,
    warehouse_update,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import AuditEntry
from openoms.tenancy.roles import Role
from openoms.tenancy.services.accounts import account_update_settings


@pytest.fixture
def warehouses(tenant):
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    org = tenant.organization
    tor = warehouse_create(
        actor=actor,
        organization=org,
        code="tor-1",
        name="Toronto",
        kind="physical",
        address={"city": "Toronto", "country": "ca"},
    )
    mtl = warehouse_create(
        actor=actor, organization=org, code="MTL-1", name="Montreal", kind="physical"
    )
    east = warehouse_create(
        actor=actor,
        organization=org,
        code="EAST",
        name="East",
        kind="virtual",
        members=["TOR-1", "mtl-1"],
    )
    return tor, mtl, east


def enabled(account) -> set[str]:
    return set(
        AccountWarehouse.objects.filter(account=account).values_list("warehouse__code", flat=True)
    )


def supervisor(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.SUPERVISOR))


def test_create_normalizes_code_and_keeps_members(warehouses):
    # given
    tor, _, east = warehouses
    # then
    assert (tor.code, tor.city, tor.country) == ("TOR-1", "Toronto", "CA")
    assert sorted(east.members.values_list("code", flat=True)) == ["MTL-1", "TOR-1"]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"code": "TOR-1", "kind": "physical"}, "code"),
        ({"code": "bad code!", "kind": "physical"}, "code"),
        ({"code": "V2", "kind": "virtual", "members": []}, "members"),
        ({"code": "V2", "kind": "virtual", "members": ["EAST"]}, "members"),
        ({"code": "V2", "kind": "virtual", "members": ["NOPE"]}, "members"),
        ({"code": "X1", "kind": "cloud"}, "kind"),
    ],
)
def test_invalid_warehouses_are_refused(tenant, warehouses, fields, error):
    # given
    count = Warehouse.objects.count()
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        warehouse_create(actor=Actor.system(), organization=tenant.organization, name="W", **fields)
    assert list(raised.value.errors) == [error]
    assert Warehouse.objects.count() == count


def test_only_owners_and_admins_manage_warehouses(tenant, other_tenant):
    # when / then
    with pytest.raises(PermissionDenied):
        warehouse_create(
            actor=supervisor(tenant),
            organization=tenant.organization,
            code="S1",
            name="S",
            kind="physical",
        )
    with pytest.raises(NotFound):
        warehouse_create(
            actor=Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER)),
            organization=other_tenant.organization,
            code="S1",
            name="S",
            kind="physical",
        )
    assert not Warehouse.objects.exists()


def test_a_virtual_warehouse_needs_its_members_enabled_first(tenant, warehouses):
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_warehouses_update(
            actor=supervisor(tenant), account=tenant.account, enabled_codes=["TOR-1", "EAST"]
        )
    assert raised.value.errors == {"warehouses": "Enable MTL-1 before the virtual warehouse EAST."}
    assert enabled(tenant.account) == set()


def test_members_then_virtual_and_the_read_only_rules(tenant, warehouses):
    # given members enabled
    account_warehouses_update(
        actor=supervisor(tenant), account=tenant.account, enabled_codes=["TOR-1", "MTL-1"]
    )
    # when the virtual is enabled too
    added, removed = account_warehouses_update(
        actor=supervisor(tenant), account=tenant.account, enabled_codes=["TOR-1", "MTL-1", "EAST"]
    )
    # then
    assert (added, removed) == (["EAST"], [])
    toggles = {
        t.warehouse.code: t for t in account_warehouse_toggles(supervisor(tenant), tenant.account)
    }
    assert toggles["TOR-1"].locked_reason == "Part of enabled virtual EAST: disable it first."
    assert toggles["EAST"].locked_reason == ""
    assert toggles["EAST"].members == ["MTL-1", "TOR-1"]
    entry = AuditEntry.objects.filter(field="warehouses").first()
    assert (entry.old_value, entry.new_value) == ("MTL-1, TOR-1", "EAST, MTL-1, TOR-1")


def test_a_member_of_an_enabled_virtual_cannot_be_disabled(tenant, warehouses):
    # given
    account_warehouses_update(
        actor=supervisor(tenant), account=tenant.account, enabled_codes=["TOR-1", "MTL-1"]
    )
    account_warehouses_update(
        actor=supervisor(tenant), account=tenant.account, enabled_codes=["TOR-1", "MTL-1", "EAST"]
    )
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_warehouses_update(
            actor=supervisor(tenant), account=tenant.account, enabled_codes=["TOR-1", "EAST"]
        )
    assert raised.value.errors == {
        "warehouses": "MTL-1 cannot be disabled while the virtual warehouse EAST is enabled: disable EAST first."
    }
    assert enabled(tenant.account) == {"TOR-1", "MTL-1", "EAST"}


def test_read_only_checkbox_reason_for_a_virtual_with_missing_members(tenant, warehouses):
    # given only TOR-1 enabled
    account_warehouses_update(
        actor=supervisor(tenant), account=tenant.account, enabled_codes=["TOR-1"]
    )
    # then
    toggles = {
        t.warehouse.code: t for t in account_warehouse_toggles(supervisor(tenant), tenant.account)
    }
    assert toggles["EAST"].locked_reason == "Enable MTL-1 first."
    assert toggles["MTL-1"].locked_reason == ""


def test_default_warehouse_is_a_setting_among_enabled_physical_ones(tenant, warehouses):
    # given
    owner = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    account_warehouses_update(
        actor=owner, account=tenant.account, enabled_codes=["TOR-1", "MTL-1", "EAST"]
    )
    # when / then: a virtual or a disabled warehouse is not offered
    for code in ("EAST", "NOPE"):
        with pytest.raises(ValidationFailed) as raised:
            account_update_settings(
                actor=owner, account=tenant.account, values={"default_warehouse": code}
            )
        assert list(raised.value.errors) == ["default_warehouse"]
    account_update_settings(
        actor=owner, account=tenant.account, values={"default_warehouse": "MTL-1"}
    )
    assert (
        AccountWarehouse.objects.get(account=tenant.account, is_default=True).warehouse.code
        == "MTL-1"
    )
    entry = AuditEntry.objects.get(field="default_warehouse")
    assert (entry.old_value, entry.new_value) == ("(empty)", "MTL-1 — Montreal")
    # and the default cannot be disabled
    with pytest.raises(ValidationFailed) as raised:
        account_warehouses_update(actor=owner, account=tenant.account, enabled_codes=["TOR-1"])
    assert "MTL-1 is the account's Default Warehouse" in raised.value.errors["warehouses"]


def test_changing_members_of_an_enabled_virtual_needs_them_enabled(tenant, warehouses):
    # given EAST enabled for the account, and a new physical warehouse the account has not enabled
    _, _, east = warehouses
    admin = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    account_warehouses_update(
        actor=admin, account=tenant.account, enabled_codes=["TOR-1", "MTL-1", "EAST"]
    )
    warehouse_create(
        actor=admin, organization=tenant.organization, code="QC-1", name="Quebec", kind="physical"
    )
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        warehouse_update(actor=admin, warehouse=east, name="East", members=["TOR-1", "QC-1"])
    assert "has not enabled QC-1" in raised.value.errors["members"]
    assert sorted(east.members.values_list("code", flat=True)) == ["MTL-1", "TOR-1"]


def test_another_tenants_warehouse_is_unknown_to_an_account(tenant, other_tenant, warehouses):
    # given a warehouse of the other organization
    warehouse_create(
        actor=Actor.system(),
        organization=other_tenant.organization,
        code="FOREIGN",
        name="F",
        kind="physical",
    )
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_warehouses_update(
            actor=Actor.system(), account=tenant.account, enabled_codes=["FOREIGN"]
        )
    assert raised.value.errors == {"warehouses": "Unknown warehouse(s): FOREIGN."}


def test_update_without_address_keeps_it(tenant, warehouses):
    # given
    tor, _, _ = warehouses
    # when
    warehouse_update(actor=Actor.system(), warehouse=tor, name="Toronto DC")
    # then
    tor.refresh_from_db()
    assert (tor.name, tor.city, tor.country) == ("Toronto DC", "Toronto", "CA")


def test_the_default_warehouse_checkbox_is_read_only(tenant, warehouses):
    # given
    owner = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    account_warehouses_update(actor=owner, account=tenant.account, enabled_codes=["TOR-1"])
    account_update_settings(
        actor=owner, account=tenant.account, values={"default_warehouse": "TOR-1"}
    )
    # then
    toggles = {t.warehouse.code: t for t in account_warehouse_toggles(owner, tenant.account)}
    assert (
        toggles["TOR-1"].locked_reason
        == "The Default Warehouse: choose another on Workflow Settings first."
    )
    assert toggles["TOR-1"].is_default is True
