"""Warehouses: the organization's Warehouses tab (create, edit) and an account's Warehouses tab
with the help article's read-only rules."""

from __future__ import annotations

import pytest

from openoms.inventory.models import AccountWarehouse, Warehouse
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable
from tests.web.catalog_data import east_setup, text

ACCOUNT_TAB = "/settings/account/warehouses/"


def org_url(tenant, tail: str = "") -> str:
    return f"/organizations/{tenant.organization.code}/warehouses/{tail}"


def enabled_codes(account) -> list[str]:
    rows = AccountWarehouse.objects.filter(account=account)
    return sorted(rows.values_list("warehouse__code", flat=True))


def test_create_a_physical_then_a_virtual_warehouse(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    physical = {"code": "tor-1", "name": "Toronto DC", "kind": "physical", "city": "Toronto"}
    # when
    first = client.post(org_url(tenant, "new/"), {**physical, "country": "ca"})
    client.post(org_url(tenant, "new/"), {"code": "MTL-1", "name": "Montreal", "kind": "physical"})
    virtual = {"code": "EAST", "name": "East", "kind": "virtual", "members": ["TOR-1", "MTL-1"]}
    second = client.post(org_url(tenant, "new/"), virtual)
    listing = text(client.get(org_url(tenant)))
    # then
    assert (first.status_code, first.url) == (302, org_url(tenant))
    assert second.status_code == 302
    tor = Warehouse.objects.get(organization=tenant.organization, code="TOR-1")
    assert (tor.name, tor.city, tor.country, tor.kind) == (
        "Toronto DC",
        "Toronto",
        "CA",
        "physical",
    )
    east = Warehouse.objects.get(code="EAST")
    assert sorted(east.members.values_list("code", flat=True)) == ["MTL-1", "TOR-1"]
    assert "<code>MTL-1</code> <code>TOR-1</code>" in listing
    assert "Toronto, CA" in listing


def test_a_virtual_warehouse_without_members_is_refused_on_its_field(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    response = client.post(org_url(tenant, "new/"), {"code": "V", "name": "V", "kind": "virtual"})
    # then
    assert "Pick at least one physical warehouse." in text(response)
    assert not Warehouse.objects.exists()


def test_editing_keeps_code_and_kind(signed_in, tenant):
    # given
    warehouses = east_setup(tenant)
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    # when
    page = text(client.get(org_url(tenant, "TOR-1/")))
    response = client.post(
        org_url(tenant, "TOR-1/"), {"code": "NEW", "kind": "virtual", "name": "Toronto 2"}
    )
    # then
    assert 'name="code"' not in page and 'name="kind"' not in page
    assert response.status_code == 302
    warehouses["TOR-1"].refresh_from_db()
    assert (warehouses["TOR-1"].code, warehouses["TOR-1"].kind) == ("TOR-1", "physical")
    assert warehouses["TOR-1"].name == "Toronto 2"


def test_a_supervisor_reads_the_warehouses_but_cannot_create(signed_in, tenant):
    # given
    east_setup(tenant)
    client = signed_in(Role.SUPERVISOR)
    # when
    listing = client.get(org_url(tenant)).content.decode()
    create = client.post(org_url(tenant, "new/"), {"code": "X", "name": "X", "kind": "physical"})
    edit = client.get(org_url(tenant, "TOR-1/"))
    # then
    assert "<code>EAST</code>" in listing
    assert "Create warehouse" not in listing and ">Edit</a>" not in listing
    assert (create.status_code, edit.status_code) == (403, 403)
    assert not Warehouse.objects.filter(code="X").exists()


def test_the_virtual_checkbox_is_read_only_with_its_reason(signed_in, tenant):
    # given only TOR-1 is enabled
    warehouses = east_setup(tenant)
    enable(tenant.account, warehouses["TOR-1"])
    client = signed_in(Role.SUPERVISOR)
    # when
    html = client.get(ACCOUNT_TAB).content.decode()
    # then
    east_box = html.split('id="warehouse-EAST"')[1].split(">")[0]
    assert " disabled" in east_box and "checked" not in east_box
    reason = '<span class="lock-reason" id="reason-EAST" data-reason-for="EAST">'
    assert f"{reason}Enable MTL-1 first.</span>" in html
    assert "members <code>MTL-1</code> + <code>TOR-1</code>" in html


def test_enabling_a_virtual_before_its_members_is_refused(signed_in, tenant):
    # given
    warehouses = east_setup(tenant)
    enable(tenant.account, warehouses["TOR-1"])
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    # when a forged POST enables EAST without MTL-1
    response = client.post(ACCOUNT_TAB, {"enabled": ["TOR-1", "EAST"]})
    # then
    assert response.status_code == 200
    assert "Enable MTL-1 before the virtual warehouse EAST." in text(response)
    assert enabled_codes(tenant.account) == ["TOR-1"]


def test_enabling_members_and_virtual_together_is_saved(signed_in, tenant):
    # given
    east_setup(tenant)
    client = signed_in(Role.SUPERVISOR)
    # when
    response = client.post(ACCOUNT_TAB, {"enabled": ["TOR-1", "MTL-1", "EAST"]}, follow=True)
    # then
    assert "Warehouses saved: enabled EAST, MTL-1, TOR-1." in text(response)
    assert enabled_codes(tenant.account) == ["EAST", "MTL-1", "TOR-1"]


def test_a_member_of_an_enabled_virtual_is_read_only_and_cannot_be_disabled(signed_in, tenant):
    # given
    warehouses = east_setup(tenant)
    enable(tenant.account, *warehouses.values())
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    html = text(client.get(ACCOUNT_TAB))
    response = client.post(ACCOUNT_TAB, {"enabled": ["TOR-1", "EAST"]})
    # then the page posts a locked box through its hidden copy; the forged POST is refused
    assert "Part of enabled virtual EAST: disable it first." in html
    assert '<input type="hidden" name="enabled" value="MTL-1" data-locked-copy="MTL-1">' in html
    assert "MTL-1 cannot be disabled while the virtual warehouse EAST is enabled" in text(response)
    assert enabled_codes(tenant.account) == ["EAST", "MTL-1", "TOR-1"]


def test_the_default_warehouse_is_marked_and_cannot_be_disabled(signed_in, tenant):
    # given
    warehouses = east_setup(tenant)
    enable(tenant.account, warehouses["TOR-1"], warehouses["MTL-1"])
    AccountWarehouse.objects.filter(warehouse=warehouses["TOR-1"]).update(is_default=True)
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    # when
    html = client.get(ACCOUNT_TAB).content.decode()
    response = client.post(ACCOUNT_TAB, {"enabled": ["MTL-1"]})
    # then
    assert '<span class="badge badge-green">Default Warehouse</span>' in html
    assert "TOR-1 is the account's Default Warehouse" in text(response)
    assert enabled_codes(tenant.account) == ["MTL-1", "TOR-1"]


def test_workflow_settings_offer_the_enabled_physical_warehouses(signed_in, tenant):
    # given
    warehouses = east_setup(tenant)
    enable(tenant.account, *warehouses.values())
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    # when
    html = client.get("/settings/account/").content.decode()
    # then the default warehouse select lists MTL-1 and TOR-1, never the virtual EAST
    select = html.split('name="default_warehouse"')[1].split("</select>")[0]
    assert '<option value="MTL-1">MTL-1 — Warehouse MTL-1</option>' in select
    assert '<option value="TOR-1">TOR-1 — Warehouse TOR-1</option>' in select
    assert "EAST" not in select


@pytest.mark.parametrize("path", ["/settings/account/warehouses/", "accounts"])
def test_the_account_tab_works_on_both_paths(signed_in, tenant, path):
    # given
    east_setup(tenant)
    client = signed_in(Role.ORGANIZATION_OWNER)
    if path == "accounts":
        org = tenant.organization.code
        path = f"/organizations/{org}/accounts/{tenant.account.code}/warehouses/"
    # when
    html = client.get(path).content.decode()
    # then
    assert "Physical Warehouses" in html and "Virtual Warehouses" in html
    assert 'aria-label="Enabled: EAST"' in html
