"""Products, warehouses and inventory in a real browser: an Organization Administrator creates the
organization's warehouses, enables them for an account (the virtual one stays read-only until its
members are ticked), creates a product, adjusts stock, imports a file with bad rows and reads
the report, then sees the virtual warehouse as the sum of its members."""

import re

import pytest
from playwright.sync_api import expect

from openoms.activity.models import FileImport, ImportStatus
from openoms.catalog.models import ProductVariant
from openoms.inventory.models import AccountWarehouse, InventoryLevel
from openoms.tenancy.roles import Role
from tests.file_imports import immediate_tasks, uploads  # noqa: F401

# line 2 creates a level; 3 names an unknown SKU, 4 a negative quantity, 5 an unknown warehouse
IL_FILE = b"Warehouse,SKU,Quantity\nMTL-1,TEE-S,6\nTOR-1,NOPE,3\nTOR-1,TEE-M,-4\nNOWHERE,TEE-M,1\n"


def menu(page, name: str):
    return page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name)


def create_warehouse(page, code: str, name: str, members: list[str] = ()):
    page.get_by_role("link", name="Create warehouse").click()
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Name", exact=True).fill(name)
    if members:
        page.get_by_label("Type").select_option("virtual")
        expect(page.get_by_role("group", name="Address")).to_be_hidden()
        for member in members:
            page.get_by_label(f"{member} — ").check()
    else:
        page.get_by_label("City").fill(name.split()[0])
        page.get_by_label("Country").fill("CA")
    page.get_by_role("button", name="Create warehouse").click()
    expect(page.get_by_text(f"Warehouse {code} saved.")).to_be_visible()


def enable_warehouses(page, tenant):
    """The account's Warehouses tab: EAST is read-only until TOR-1 and MTL-1 are ticked."""
    page.get_by_role("link", name="Accounts").click()
    page.locator("tr", has_text=tenant.account.code).get_by_role("link", name="Edit").click()
    page.get_by_role("link", name="Warehouses").click()
    east = page.get_by_label("Enabled: EAST")
    expect(east).to_be_disabled()
    expect(page.locator("tr", has_text="EAST")).to_contain_text("Enable MTL-1, TOR-1 first.")
    page.get_by_label("Enabled: TOR-1").check()
    expect(east).to_be_disabled()
    page.get_by_label("Enabled: MTL-1").check()
    expect(east).to_be_enabled()
    east.check()
    expect(page.get_by_label("Enabled: TOR-1")).to_be_disabled()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Warehouses saved: enabled EAST, MTL-1, TOR-1.")).to_be_visible()
    expect(page.locator("tr", has_text="MTL-1").first).to_contain_text(
        "Part of enabled virtual EAST: disable it first."
    )
    enabled = AccountWarehouse.objects.filter(account=tenant.account)
    assert sorted(enabled.values_list("warehouse__code", flat=True)) == ["EAST", "MTL-1", "TOR-1"]


def create_product(page, tenant):
    menu(page, "Products").click()
    page.get_by_role("link", name="Create product").click()
    page.get_by_label("Name", exact=True).fill("Trail Tee")
    page.get_by_label("SKU, variant 1").fill("TEE-S")
    page.get_by_label("Weight (kg), variant 1").fill("0.18")
    page.get_by_role("button", name="Add variant").click()
    page.get_by_label("SKU, variant 2").fill("TEE-M")
    page.get_by_label("Variant name, variant 2").fill("Medium")
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_text("Product “Trail Tee” created.")).to_be_visible()
    skus = ProductVariant.objects.filter(account=tenant.account).values_list("sku", flat=True)
    assert sorted(skus) == ["TEE-M", "TEE-S"]


def adjust(page, mode: str, quantity: str, message: str):
    page.get_by_label("Warehouse").select_option("TOR-1")
    page.get_by_label("SKU", exact=True).fill("TEE-S")
    page.get_by_label(mode).check()
    page.get_by_label("Quantity").fill(quantity)
    page.get_by_label("Reason").fill("Cycle count")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text(message)).to_be_visible()


def import_and_read_the_report(page):
    menu(page, "Inventory Levels").click()
    page.get_by_text("Maintenance").click()
    page.get_by_label("Import IL_Inventory_Levels.csv").set_input_files(
        files=[{"name": "IL_Inventory_Levels.csv", "mimeType": "text/csv", "buffer": IL_FILE}]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import of IL_Inventory_Levels.csv")).to_be_visible()
    expect(page.get_by_label("Results")).to_contain_text("1Created")
    expect(page.get_by_label("Results")).to_contain_text("3Rejected")
    rows = page.locator(".issues-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(re.compile(r"3\s+Rejected\s+Unknown SKU 'NOPE'\."))
    expect(rows.nth(1)).to_contain_text("The quantity must be 0 or more; got -4.")
    expect(rows.nth(1)).to_contain_text("4")
    expect(rows.nth(2)).to_contain_text("Unknown warehouse 'NOWHERE' (not enabled")
    expect(rows.nth(2)).to_contain_text("5")


@pytest.mark.usefixtures("immediate_tasks", "uploads")
def test_catalog_warehouses_stock_and_import(tenant, sign_in, page):
    # given an Organization Administrator on System Configuration → Organizations → Warehouses
    sign_in(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    menu(page, "Organizations").click()
    page.locator("tr", has_text=tenant.organization.name).get_by_role("link", name="Edit").click()
    page.get_by_role("link", name="Warehouses").click()
    # when the warehouses are created and enabled for the account
    create_warehouse(page, "TOR-1", "Toronto DC")
    create_warehouse(page, "MTL-1", "Montreal 3PL")
    create_warehouse(page, "EAST", "Eastern pool", ["TOR-1", "MTL-1"])
    enable_warehouses(page, tenant)
    # and, in that account, a product is created and its stock adjusted
    page.get_by_label("Selected account").select_option(str(tenant.account.pk))
    create_product(page, tenant)
    menu(page, "Adjust Inventory").click()
    adjust(page, "Set total to", "10", "TEE-S at TOR-1: 0 → 10")
    adjust(page, "Add", "4", "TEE-S at TOR-1: 10 → 14")
    # then a file with bad rows is imported and its report read
    import_and_read_the_report(page)
    assert InventoryLevel.objects.get(variant__sku="TEE-S", warehouse__code="MTL-1").total == 6
    # and the levels page shows EAST as the sum of TOR-1 and MTL-1
    menu(page, "Inventory Levels").click()
    page.get_by_label("Warehouse").select_option("EAST")
    row = page.locator("tbody tr", has_text="TEE-S")
    expect(row).to_contain_text(re.compile(r"TEE-S\s+Trail Tee\s+EAST sum\s+20\s+0\s+0\s+20"))


def test_the_import_page_follows_a_running_import(tenant, sign_in, page):
    # given an import still running in the background
    file_import = FileImport.objects.create(
        account=tenant.account,
        kind="inventory_levels",
        file_name="IL_Inventory_Levels.csv",
        status=ImportStatus.RUNNING,
        total_bytes=1000,
        processed_bytes=250,
        actor_label="a worker",
    )
    sign_in(tenant.user(Role.ACCOUNT_USER))
    page.goto(f"/imports/{file_import.pk}/")
    expect(page.get_by_role("progressbar", name="Import progress")).to_have_attribute(
        "aria-valuenow", "25"
    )
    # when the worker moves on, then finishes
    FileImport.objects.filter(pk=file_import.pk).update(processed_bytes=600)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "60")
    FileImport.objects.filter(pk=file_import.pk).update(
        status=ImportStatus.SUCCEEDED, updated_count=7
    )
    # then the page shows the result by itself
    expect(page.get_by_label("Results")).to_contain_text("7Updated")
    expect(page.get_by_role("progressbar")).to_have_count(0)
