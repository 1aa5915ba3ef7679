"""The Master Product Source article, step by step, in a real browser: the account's Workflow
Settings offer the three sources; a channel source shows the Master Product Channel picker with
that type's channels only (a disabled one with its suffix, selectable); on an account holding
products the warning comes first; once confirmed the change is saved, recorded in History, and
Import Products is refused on every other channel."""

import re

from playwright.sync_api import expect

from openoms.channels.models import Channel
from openoms.tenancy.models import AuditEntry
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_variants
from tests.web.channel_data import make_channel

OFFERED = "Array.from(document.querySelectorAll('#id_master_product_channel option'))"
VISIBLE = f"{OFFERED}.filter(o => o.value && !o.hidden && !o.disabled).map(o => o.textContent)"


def choose_the_source(page, source: str):
    page.get_by_label("Master Product Source").select_option(label=source)


def open_the_workflow_settings(page):
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Account", exact=True).click()
    # the page's script is running (tabs, and the picker's toggle, set up together)
    expect(page.locator("#account-settings-form")).to_have_class(re.compile("js-tabs"))
    page.get_by_role("tab", name="Workflow Settings").click()
    source = page.get_by_label("Master Product Source")
    expect(source).to_have_value("openoms")
    expect(source.locator("option")).to_have_text(
        ["OpenOMS", "Sales Channel", "Fulfillment Channel"]
    )


def check_the_picker(page):
    """Sales Channel offers the stores (the disabled one suffixed), Fulfillment Channel the 3PL."""
    picker = page.get_by_label("Master Product Channel")
    expect(picker).to_be_hidden()
    choose_the_source(page, "Fulfillment Channel")
    expect(picker).to_be_visible()
    assert page.evaluate(VISIBLE) == ["Acme ShipBob — Fulfillment Channel"]
    choose_the_source(page, "Sales Channel")
    assert page.evaluate(VISIBLE) == [
        "Acme Online Store — Sales Channel",
        "Legacy Store (disabled) — Sales Channel",
    ]
    expect(page.get_by_text("No sales channel that can import products")).to_be_hidden()


def confirm_and_save(page):
    page.get_by_label("Master Product Channel").select_option(
        label="Legacy Store (disabled) — Sales Channel"
    )
    page.get_by_role("button", name="Save").click()
    warning = page.locator(".confirm-panel")
    expect(warning).to_contain_text("Please confirm the Master Product Source change")
    expect(warning).to_contain_text("This account already holds 2 products (2 SKUs).")
    expect(warning).to_contain_text("may duplicate products")
    expect(warning).to_contain_text("recurring jobs may need to be reviewed")
    page.get_by_label("I understand — change the Master Product Source").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Account settings saved: 2 changes.")).to_be_visible()


def check_the_history(page, email: str):
    page.get_by_role("link", name="History").click()
    source = page.locator("tr", has_text="Master Product Source")
    expect(source).to_contain_text(re.compile(r"OpenOMS\s*→\s*Sales Channel"))
    expect(source).to_contain_text(email)
    channel = page.locator("tr", has_text="Master Product Channel")
    expect(channel).to_contain_text("Legacy Store (disabled) — Sales Channel")


def make_the_account(tenant) -> dict[str, Channel]:
    """Two products, two stores (one disabled), a ShipBob and a sandbox 3PL (no product import)."""
    make_variants(tenant.account, "TEE-S", product_name="Trail Tee")
    make_variants(tenant.account, "CAP-1", product_name="Cap")
    make_channel(tenant.account, "Acme ShipBob", "shipbob", "fulfillment")
    make_channel(tenant.account, "Sandbox 3PL", "sandbox_fulfillment", "fulfillment")
    return {
        "store": make_channel(tenant.account, "Acme Online Store"),
        "legacy": make_channel(tenant.account, "Legacy Store", is_enabled=False),
    }


def check_import_products_is_refused(page, store: Channel):
    page.goto(f"/sales-channels/{store.pk}/")
    page.locator("summary", has_text="Sync").click()
    refused = page.get_by_role("button", name=re.compile("^Import Products"))
    expect(refused).to_be_disabled()
    expect(refused).to_contain_text("Only the Master Product Channel (Legacy Store (disabled))")


def test_the_master_product_source_article(tenant, sign_in, page):
    # given an Account Administrator of an account holding products and channels
    channels = make_the_account(tenant)
    admin = tenant.user(Role.ACCOUNT_ADMINISTRATOR)
    sign_in(admin)
    # when: System Settings → Account → Workflow Settings
    open_the_workflow_settings(page)
    # then the three sources are offered (OpenOMS, the default, first), then the picker
    check_the_picker(page)
    # and the disabled store is chosen, the warning confirmed, the change saved and recorded
    confirm_and_save(page)
    tenant.account.refresh_from_db()
    legacy = Channel.objects.get(pk=channels["legacy"].pk)
    assert (tenant.account.master_product_source, legacy.is_product_master) == (
        "sales_channel",
        True,
    )
    check_the_history(page, admin.email)
    assert AuditEntry.objects.filter(
        account=tenant.account, field="master_product_channel"
    ).exists()
    # and Import Products is refused on the store that is not the master
    check_import_products_is_refused(page, channels["store"])
