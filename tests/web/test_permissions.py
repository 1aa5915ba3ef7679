"""The permission table, row by row, through the web UI: each role is allowed or gets a 403.
The automation rows are in ``test_permissions_automation.py`` (with ``row`` and ``check`` here).

Every test checks the outcome twice: against ``PERMISSIONS`` itself and against the expected
roles written out here, so a wrong edit of the table is caught too.
"""

from __future__ import annotations

import pytest

from openoms.catalog.models import Product
from openoms.channels.models import Channel, SkuMapping
from openoms.inventory.models import AccountWarehouse, InventoryLevel, Warehouse
from openoms.tenancy.models import Account, User
from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.web.catalog_data import product_post
from tests.web.channel_data import channel_url, make_channel
from tests.web.conftest import SETTINGS_URL, settings_post

OWNER = Role.ORGANIZATION_OWNER
ORG_ADMIN = Role.ORGANIZATION_ADMINISTRATOR
SUPERVISOR = Role.SUPERVISOR
ACCOUNT_ADMIN = Role.ACCOUNT_ADMINISTRATOR
ACCOUNT_USER = Role.ACCOUNT_USER
ROLES = [OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER]

# The table as the product defines it, written out by hand (human roles only).
EXPECTED: dict[Perm, set[Role]] = {
    Perm.ACCOUNT_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN},
    Perm.ACCOUNT_EDIT: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN},
    Perm.ACCOUNT_LICENSE_EDIT: {OWNER},
    Perm.ACCOUNT_HISTORY_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN},
    Perm.ACCOUNT_CREATE: {OWNER, ORG_ADMIN},
    Perm.ACCOUNT_WAREHOUSES_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR},
    Perm.ACCOUNT_USERS_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN},
    Perm.ACCOUNT_USERS_MANAGE: {OWNER, ORG_ADMIN, ACCOUNT_ADMIN},
    Perm.API_KEYS_MANAGE: {OWNER, ORG_ADMIN, ACCOUNT_ADMIN},
    Perm.ORGANIZATION_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR},
    Perm.ORGANIZATION_EDIT: {OWNER, ORG_ADMIN},
    Perm.ORGANIZATION_USERS_MANAGE: {OWNER, ORG_ADMIN},
    Perm.ORGANIZATION_OWNERS_MANAGE: {OWNER},
    Perm.ACCOUNT_WAREHOUSES_EDIT: {OWNER, ORG_ADMIN, SUPERVISOR},
    Perm.WAREHOUSES_MANAGE: {OWNER, ORG_ADMIN},
    Perm.CATALOG_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.CATALOG_EDIT: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.INVENTORY_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.INVENTORY_ADJUST: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.CHANNELS_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.CHANNELS_MANAGE: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN},
    Perm.SKU_MAPPINGS_MANAGE: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.AUTOMATION_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.AUTOMATION_MANAGE: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN},
    Perm.AUTOMATION_RUN: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.ORDERS_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.ORDERS_MANAGE: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.PURCHASES_VIEW: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
    Perm.PURCHASES_MANAGE: {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER},
}

TESTED: set[Perm] = set()


def row(perm: Perm):
    """Mark a test as the one for ``perm``'s row and run it for each of the five roles."""
    TESTED.add(perm)
    return pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])


def check(perm: Perm, role: Role, allowed: bool, status: int) -> None:
    assert allowed == (role.value in PERMISSIONS[perm])
    assert allowed == (role in EXPECTED[perm])
    assert (status == 403) == (not allowed)


def org_url(tenant, tail: str = "") -> str:
    return f"/organizations/{tenant.organization.code}/{tail}"


@row(Perm.ACCOUNT_VIEW)
def test_account_view(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.get(SETTINGS_URL)
    # then
    allowed = response.status_code == 200
    check(Perm.ACCOUNT_VIEW, role, allowed, response.status_code)
    if allowed:
        assert 'id="account-settings-form"' in response.content.decode()


@row(Perm.ACCOUNT_EDIT)
def test_account_edit(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.post(SETTINGS_URL, settings_post(tenant.account, timezone="Europe/Paris"))
    # then
    tenant.account.refresh_from_db()
    allowed = tenant.account.timezone == "Europe/Paris"
    check(Perm.ACCOUNT_EDIT, role, allowed, response.status_code)
    assert response.status_code == (302 if allowed else 403)


@row(Perm.ACCOUNT_LICENSE_EDIT)
def test_account_license_edit(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.post(SETTINGS_URL, settings_post(tenant.account, license_type="basic"))
    # then
    tenant.account.refresh_from_db()
    allowed = tenant.account.license_type == "basic"
    check(Perm.ACCOUNT_LICENSE_EDIT, role, allowed, response.status_code)
    if not allowed:
        assert tenant.account.license_type == "standard"


@row(Perm.ACCOUNT_HISTORY_VIEW)
def test_account_history_view(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.get(SETTINGS_URL + "history/")
    # then
    check(Perm.ACCOUNT_HISTORY_VIEW, role, response.status_code == 200, response.status_code)


@row(Perm.ACCOUNT_CREATE)
def test_account_create(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.post(org_url(tenant, "accounts/new/"), {"name": "Brand New"})
    # then
    allowed = Account.objects.filter(code="BRAND-NEW").exists()
    check(Perm.ACCOUNT_CREATE, role, allowed, response.status_code)


@row(Perm.ACCOUNT_WAREHOUSES_VIEW)
def test_account_warehouses_view(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.get(SETTINGS_URL + "warehouses/")
    # then
    check(Perm.ACCOUNT_WAREHOUSES_VIEW, role, response.status_code == 200, response.status_code)


@row(Perm.ACCOUNT_USERS_VIEW)
def test_account_users_view(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.get("/settings/users/")
    # then
    check(Perm.ACCOUNT_USERS_VIEW, role, response.status_code == 200, response.status_code)


@row(Perm.ACCOUNT_USERS_MANAGE)
def test_account_users_manage(signed_in, tenant, role):
    # given
    client = signed_in(role)
    data = {"email": "new.person@acme.example", "role": Role.ACCOUNT_USER.value}
    # when
    response = client.post(SETTINGS_URL + "users/new/", data)
    # then
    allowed = User.objects.filter(email="new.person@acme.example").exists()
    check(Perm.ACCOUNT_USERS_MANAGE, role, allowed, response.status_code)


@row(Perm.API_KEYS_MANAGE)
def test_api_keys_manage(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.post("/settings/api-keys/", {"name": "ERP"})
    # then
    allowed = tenant.account.api_keys.filter(name="ERP").exists()
    check(Perm.API_KEYS_MANAGE, role, allowed, response.status_code)


@row(Perm.ORGANIZATION_VIEW)
def test_organization_view(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    listing = client.get("/organizations/")
    detail = client.get(org_url(tenant))
    # then
    check(Perm.ORGANIZATION_VIEW, role, detail.status_code == 200, detail.status_code)
    assert listing.status_code == detail.status_code


@row(Perm.ORGANIZATION_EDIT)
def test_organization_edit(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.post(org_url(tenant), {"name": "Acme Holding"})
    # then
    tenant.organization.refresh_from_db()
    allowed = tenant.organization.name == "Acme Holding"
    check(Perm.ORGANIZATION_EDIT, role, allowed, response.status_code)
    assert tenant.organization.code == "ACME-GROUP"


@row(Perm.ORGANIZATION_USERS_MANAGE)
def test_organization_users_manage(signed_in, tenant, role):
    # given
    client = signed_in(role)
    data = {"email": "planner@acme.example", "role": Role.SUPERVISOR.value}
    # when
    response = client.post(org_url(tenant, "users/new/"), data)
    # then
    allowed = User.objects.filter(email="planner@acme.example").exists()
    check(Perm.ORGANIZATION_USERS_MANAGE, role, allowed, response.status_code)


@row(Perm.ORGANIZATION_OWNERS_MANAGE)
def test_organization_owners_manage(signed_in, tenant, role):
    # given
    client = signed_in(role)
    data = {"email": "co-owner@acme.example", "role": Role.ORGANIZATION_OWNER.value}
    # when
    response = client.post(org_url(tenant, "users/new/"), data)
    # then
    allowed = User.objects.filter(email="co-owner@acme.example").exists()
    check(Perm.ORGANIZATION_OWNERS_MANAGE, role, allowed, response.status_code)


@row(Perm.ACCOUNT_WAREHOUSES_EDIT)
def test_account_warehouses_edit(signed_in, tenant, role):
    # given
    make_warehouse(tenant.organization, "TOR-1")
    client = signed_in(role)
    # when
    response = client.post(SETTINGS_URL + "warehouses/", {"enabled": ["TOR-1"]})
    # then
    allowed = AccountWarehouse.objects.filter(account=tenant.account).exists()
    check(Perm.ACCOUNT_WAREHOUSES_EDIT, role, allowed, response.status_code)


@row(Perm.WAREHOUSES_MANAGE)
def test_warehouses_manage(signed_in, tenant, role):
    # given
    client = signed_in(role)
    data = {"code": "TOR-1", "name": "Toronto", "kind": "physical"}
    # when
    response = client.post(org_url(tenant, "warehouses/new/"), data)
    # then
    allowed = Warehouse.objects.filter(code="TOR-1").exists()
    check(Perm.WAREHOUSES_MANAGE, role, allowed, response.status_code)


@row(Perm.CATALOG_VIEW)
def test_catalog_view(signed_in, tenant, role):
    # given
    product = make_variants(tenant.account, "SKU-1")["SKU-1"].product
    client = signed_in(role)
    # when
    listing = client.get("/products/")
    detail = client.get(f"/products/{product.pk}/")
    # then
    check(Perm.CATALOG_VIEW, role, detail.status_code == 200, detail.status_code)
    assert listing.status_code == detail.status_code


@row(Perm.CATALOG_EDIT)
def test_catalog_edit(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    response = client.post("/products/new/", product_post("Tee", "active", {"sku": "TEE"}))
    # then
    allowed = Product.objects.filter(account=tenant.account, name="Tee").exists()
    check(Perm.CATALOG_EDIT, role, allowed, response.status_code)


@row(Perm.INVENTORY_VIEW)
def test_inventory_view(signed_in, tenant, role):
    # given
    client = signed_in(role)
    # when
    levels = client.get("/inventory/")
    movements = client.get("/inventory/movements/")
    # then
    check(Perm.INVENTORY_VIEW, role, levels.status_code == 200, levels.status_code)
    assert movements.status_code == levels.status_code


@row(Perm.INVENTORY_ADJUST)
def test_inventory_adjust(signed_in, tenant, role):
    # given
    enable(tenant.account, make_warehouse(tenant.organization, "TOR-1"))
    make_variants(tenant.account, "SKU-1")
    client = signed_in(role)
    data = {"warehouse": "TOR-1", "sku": "SKU-1", "mode": "set", "quantity": "5", "reason": ""}
    # when
    response = client.post("/inventory/adjust/", data)
    # then
    allowed = InventoryLevel.objects.filter(total=5).exists()
    check(Perm.INVENTORY_ADJUST, role, allowed, response.status_code)


@row(Perm.CHANNELS_VIEW)
def test_channels_view(signed_in, tenant, role):
    # given
    channel = make_channel(tenant.account, "Acme Store")
    client = signed_in(role)
    # when
    listing = client.get("/sales-channels/")
    detail = client.get(channel_url(channel))
    # then
    check(Perm.CHANNELS_VIEW, role, detail.status_code == 200, detail.status_code)
    assert listing.status_code == detail.status_code


@row(Perm.CHANNELS_MANAGE)
def test_channels_manage(signed_in, tenant, role):
    # given
    client = signed_in(role)
    data = {"kind": "sandbox_sales", "name": "Pop-up", "sandbox_sales-store_name": "pop"}
    # when
    response = client.post("/sales-channels/new/", {**data, "is_enabled": "yes", "is_beta": "beta"})
    # then
    allowed = Channel.objects.filter(account=tenant.account, name="Pop-up").exists()
    check(Perm.CHANNELS_MANAGE, role, allowed, response.status_code)


@row(Perm.SKU_MAPPINGS_MANAGE)
def test_sku_mappings_manage(signed_in, tenant, role):
    # given
    make_variants(tenant.account, "SKU-1")
    channel = make_channel(tenant.account, "Acme Store")
    client = signed_in(role)
    # when
    response = client.post(
        channel_url(channel, "sku-mappings/new/"), {"channel_sku": "shop-1", "sku": "SKU-1"}
    )
    # then
    allowed = SkuMapping.objects.filter(channel=channel, channel_sku="shop-1").exists()
    check(Perm.SKU_MAPPINGS_MANAGE, role, allowed, response.status_code)


def test_every_row_of_the_permission_table_has_a_test():
    # given: the rows of the automation release are tested in their own file
    import tests.web.test_permissions_automation
    import tests.web.test_permissions_orders
    import tests.web.test_permissions_purchases  # noqa: F401

    # then
    assert set(PERMISSIONS) == TESTED == set(Perm) == set(EXPECTED)


def test_a_denied_page_shows_the_reason(signed_in):
    # given
    client = signed_in(ACCOUNT_USER)
    # when
    response = client.get(SETTINGS_URL)
    # then
    assert response.status_code == 403
    assert (
        "Your role may not do this: open an account&#x27;s settings." in response.content.decode()
    )
