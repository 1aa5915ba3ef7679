"""Products, variants, warehouses and imports of another tenant (or of a sibling account) are
"not found" through the UI, never "forbidden", and a POST at them changes nothing."""

from __future__ import annotations

import pytest

from openoms.activity.models import FileImport
from openoms.catalog.models import Product
from openoms.inventory.models import AccountWarehouse, InventoryMovement, Warehouse
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.web.catalog_data import product_post, text


@pytest.fixture
def theirs(other_tenant) -> dict:
    """The other organization's product (SKU-1), warehouse C and an import."""
    variant = make_variants(other_tenant.account, "SKU-1", product_name="Their Tee")["SKU-1"]
    warehouse = make_warehouse(other_tenant.organization, "C")
    enable(other_tenant.account, warehouse)
    file_import = FileImport.objects.create(
        account=other_tenant.account, kind="inventory_levels", file_name="x.csv", actor_label="x"
    )
    return {"variant": variant, "warehouse": warehouse, "import": file_import}


@pytest.mark.parametrize("role", [Role.ORGANIZATION_OWNER, Role.ACCOUNT_USER])
@pytest.mark.parametrize(
    "tail",
    [
        "/products/{product}/",
        "/inventory/variants/{variant}/",
        "/imports/{file_import}/",
        "/imports/{file_import}/progress/",
        "/imports/{file_import}/rejected.csv",
    ],
)
def test_another_tenants_rows_are_not_found(signed_in, theirs, role, tail):
    # given
    client = signed_in(role)
    variant = theirs["variant"]
    url = tail.format(
        product=variant.product_id, variant=variant.pk, file_import=theirs["import"].pk
    )
    # when
    response = client.get(url)
    # then
    assert response.status_code == 404


def test_a_post_to_another_tenants_product_changes_nothing(signed_in, theirs):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    product_id = theirs["variant"].product_id
    data = product_post("Hijacked", "archived", {"id": theirs["variant"].pk, "sku": "MINE"})
    # when
    edit = client.post(f"/products/{product_id}/", data)
    archive = client.post(f"/products/{product_id}/status/", {"status": "archived"})
    # then
    assert (edit.status_code, archive.status_code) == (404, 404)
    product = Product.objects.get(pk=product_id)
    assert (product.name, product.status) == ("Their Tee", "active")
    assert list(product.variants.values_list("sku", flat=True)) == ["SKU-1"]


def test_another_tenants_warehouses_are_not_found(signed_in, tenant, other_tenant, theirs):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    ours = f"/organizations/{tenant.organization.code}/warehouses/"
    # when
    their_tab = client.get(f"/organizations/{other_tenant.organization.code}/warehouses/")
    through_ours = client.post(ours + "C/", {"name": "Hijacked"})
    # then
    assert (their_tab.status_code, through_ours.status_code) == (404, 404)
    assert Warehouse.objects.get(pk=theirs["warehouse"].pk).name == "Warehouse C"


def test_another_tenants_warehouse_cannot_be_enabled_or_stocked(signed_in, tenant, theirs):
    # given
    make_variants(tenant.account, "SKU-1")
    ours = make_warehouse(tenant.organization, "TOR-1")
    enable(tenant.account, ours)
    client = signed_in(Role.ORGANIZATION_OWNER)
    adjust = {"warehouse": "C", "sku": "SKU-1", "mode": "set", "quantity": "9", "reason": ""}
    # when
    enabling = client.post("/settings/account/warehouses/", {"enabled": ["C"]})
    stocking = client.post("/inventory/adjust/", adjust)
    # then
    assert "Unknown warehouse(s): C." in text(enabling)
    assert "Unknown warehouse 'C' (not enabled for this account)." in text(stocking)
    enabled = AccountWarehouse.objects.filter(account=tenant.account)
    assert list(enabled.values_list("warehouse__code", flat=True)) == ["TOR-1"]
    assert InventoryMovement.objects.count() == 0
    assert ours.levels.count() == 0


def test_sku_options_never_offer_another_tenants_skus(signed_in, theirs):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get("/inventory/skus/?sku=SKU").content.decode()
    # then
    assert html.strip() == ""


def test_an_account_user_cannot_open_the_sibling_accounts_product(signed_in, tenant):
    # given a product of the organization's second account
    sibling = make_variants(tenant.second_account, "OUT-1", product_name="Tent")["OUT-1"]
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    detail = client.get(f"/products/{sibling.product_id}/")
    listing = client.get("/products/?status=all").content.decode()
    variant_page = client.get(f"/inventory/variants/{sibling.pk}/")
    # then
    assert (detail.status_code, variant_page.status_code) == (404, 404)
    assert "Tent" not in listing


def test_an_organization_user_sees_a_product_only_in_its_selected_account(signed_in, tenant):
    # given
    sibling = make_variants(tenant.second_account, "OUT-1", product_name="Tent")["OUT-1"]
    client = signed_in(Role.SUPERVISOR)
    # when
    in_first = client.get(f"/products/{sibling.product_id}/")
    client.post("/switch-account/", {"account": tenant.second_account.pk})
    in_second = client.get(f"/products/{sibling.product_id}/")
    # then
    assert (in_first.status_code, in_second.status_code) == (404, 200)


@pytest.mark.parametrize("url", ["/products/", "/inventory/", "/inventory/adjust/", "/imports/"])
def test_pages_of_an_account_ask_for_one_when_none_is_selected(signed_in, url):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR, select=False)
    # when
    response = client.get(url)
    # then
    assert response.status_code == 200
    assert "Select an account in the header switcher first" in response.content.decode()
