"""The SKU mappings article, step by step, in a real browser: in the right account, Sales
Channels → Channels, the channel's name, the SKU Mappings tab; Create (Sales Channel SKU, search
and pick the Product Variant, the OpenOMS SKU fills in read-only, Save); Maintenance → Export
(a blank template first, then the mapping), Template, and Import of a file with bad rows."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from openoms.tenancy.roles import Role
from tests.file_imports import immediate_tasks, uploads  # noqa: F401
from tests.inventory.stock import make_variants
from tests.web.channel_data import make_channel, mappings_of

HEADER = b"SKU,Channel SKU\r\n"
# line 2 creates a mapping; 3 names an unknown SKU; 4 repeats line 2's Channel SKU; 5 is unchanged
C_FILE = b"SKU,Channel SKU\nTEE-S,shop-tee-s\nNOPE,shop-x\nTEE-M,shop-tee-s\nTEE-M,shop-tee-m\n"


def download(page, item: str) -> tuple[str, bytes]:
    """Open Maintenance, click ``item`` and return the downloaded file's name and bytes."""
    page.locator("summary", has_text="Maintenance").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(f"^{item}")).click()
    page.keyboard.press("Escape")
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def open_the_sku_mappings_tab(page, tenant):
    """Before anything: the right account; then Sales Channels → Channels → the name → the tab."""
    page.get_by_label("Selected account").select_option(str(tenant.account.pk))
    expect(page.get_by_label("Selected account")).to_have_value(str(tenant.account.pk))
    menu = page.get_by_role("navigation", name="Main menu")
    menu.locator(".nav-group", has_text="Sales Channels").get_by_role(
        "link", name="Channels"
    ).click()
    expect(page.get_by_role("heading", name="Channels")).to_be_visible()
    page.get_by_role("link", name="Acme Online Store").click()
    page.get_by_role("link", name="SKU Mappings").click()
    expect(page.get_by_role("heading", name="No SKU mappings yet")).to_be_visible()


def create_a_mapping(page, store):
    page.get_by_role("link", name="Create", exact=True).click()
    page.wait_for_load_state()  # htmx is set up: the variant search answers as one types
    page.get_by_label("Sales Channel SKU").fill("shop-tee-m")
    page.get_by_label("Product Variant").fill("medium")
    page.get_by_role("button", name="TEE-M Trail Tee — Medium").click()
    openoms_sku = page.get_by_label("OpenOMS SKU")
    expect(openoms_sku).to_have_value("TEE-M")
    expect(openoms_sku).not_to_be_editable()
    expect(page.get_by_text("Trail Tee — Medium", exact=True)).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("SKU mapping saved: shop-tee-m → TEE-M.")).to_be_visible()
    row = page.locator("tbody tr", has_text="shop-tee-m")
    expect(row).to_contain_text(re.compile(r"shop-tee-m\s+TEE-M\s+Trail Tee — Medium"))
    assert mappings_of(store) == {"shop-tee-m": "TEE-M"}


def import_a_file_with_bad_rows(page, store):
    page.locator("summary", has_text="Maintenance").click()
    page.get_by_label("Import C_SKU_Mappings.csv").set_input_files(
        files=[{"name": "C_SKU_Mappings.csv", "mimeType": "text/csv", "buffer": C_FILE}]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import of C_SKU_Mappings.csv")).to_be_visible()
    results = page.get_by_label("Results")
    for count in ("1Created", "0Updated", "1Unchanged", "2Rejected"):
        expect(results).to_contain_text(count)
    rows = page.locator(".issues-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(
        re.compile(r"3\s+Rejected\s+Unknown OpenOMS SKU 'NOPE': no product variant")
    )
    expect(rows.nth(1)).to_contain_text(
        re.compile(r"4\s+Rejected\s+Duplicate of line 2: each Channel SKU may appear once")
    )
    assert mappings_of(store) == {"shop-tee-m": "TEE-M", "shop-tee-s": "TEE-S"}
    page.get_by_role("link", name="Back to sku mappings").click()
    expect(page.locator("tbody tr")).to_have_count(2)


@pytest.mark.usefixtures("immediate_tasks", "uploads")
def test_the_sku_mappings_article(tenant, sign_in, page):
    # given an Organization Administrator, a sales channel and a product with variants
    variants = make_variants(tenant.account, "TEE-S", "TEE-M", product_name="Trail Tee")
    variants["TEE-M"].name = "Medium"
    variants["TEE-M"].save()
    store = make_channel(tenant.account, "Acme Online Store")
    sign_in(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when the SKU Mappings tab is opened, an Export is the blank template
    open_the_sku_mappings_tab(page, tenant)
    assert download(page, "Export") == ("C_SKU_Mappings.csv", HEADER)
    # then a mapping is created as the article shows, and exported
    create_a_mapping(page, store)
    assert download(page, "Export") == ("C_SKU_Mappings.csv", HEADER + b"TEE-M,shop-tee-m\r\n")
    assert download(page, "Template") == ("C_SKU_Mappings.csv", HEADER)
    # and a file with bad rows is imported: the report names each rejected line
    import_a_file_with_bad_rows(page, store)
