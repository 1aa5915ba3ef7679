"""The "How to edit an Account" article, step by step, in a real browser."""

import re

from playwright.sync_api import expect

from openoms.tenancy.models import Account, AuditEntry
from openoms.tenancy.roles import Role


def change_and_check_settings(page, account: Account):
    """Main: timezone and units; Workflow Settings; Privacy with a bad value first; Save; reload."""
    # Main tab: timezone and units of measure
    page.get_by_role("tab", name="Main").click()
    page.get_by_label("Timezone").select_option("America/Vancouver")
    page.get_by_label("Size").select_option("in")
    page.get_by_label("Weight").select_option("lb")
    # Workflow Settings tab
    page.get_by_role("tab", name="Workflow Settings").click()
    page.get_by_label("Enable Automatic Sales Order Workflow").select_option("yes")
    page.get_by_label("Enable Inventory Real-Time Updates").select_option("no")
    # Privacy tab: a bad value first
    page.get_by_role("tab", name="Privacy").click()
    retention = page.get_by_label(re.compile("PII retention days"))
    retention.fill("0")
    page.get_by_role("button", name="Save").click()
    # then the Privacy tab shows the error and nothing was stored
    expect(
        page.get_by_text("Enter at least 1 day, or leave it empty to keep the data.")
    ).to_be_visible()
    expect(page.get_by_role("tab", name="Privacy")).to_have_class(re.compile("has-error"))
    account.refresh_from_db()
    assert (account.timezone, account.size_unit, account.pii_retention_days) == ("UTC", "cm", None)
    # when the value is corrected and saved
    page.get_by_label(re.compile("PII retention days")).fill("45")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile(r"Account settings saved: 6 changes"))).to_be_visible()
    # then after a reload the values are kept
    page.reload()
    page.get_by_role("tab", name="Main").click()
    expect(page.get_by_label("Timezone")).to_have_value("America/Vancouver")
    expect(page.get_by_label("Size")).to_have_value("in")
    expect(page.get_by_label("Weight")).to_have_value("lb")
    page.get_by_role("tab", name="Workflow Settings").click()
    expect(page.get_by_label("Enable Automatic Sales Order Workflow")).to_have_value("yes")
    expect(page.get_by_label("Enable Inventory Real-Time Updates")).to_have_value("no")
    page.get_by_role("tab", name="Privacy").click()
    expect(page.get_by_label(re.compile("PII retention days"))).to_have_value("45")


def check_history(page, actor_email: str):
    page.get_by_role("link", name="History").click()
    row = page.locator("tr", has_text="Size")
    expect(row).to_contain_text("Centimeter (cm)")
    expect(row).to_contain_text("Inch (in)")
    expect(row).to_contain_text(actor_email)
    # dates are shown in the account's new timezone (PST/PDT)
    expect(row).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d P[SD]T"))


def test_account_administrator_edits_the_account(tenant, sign_in, page):
    # given an Account Administrator working in their account
    admin = tenant.user(Role.ACCOUNT_ADMINISTRATOR)
    sign_in(admin)
    expect(page.locator("header")).to_contain_text(tenant.account.name)
    # when: System Settings → Account
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name=tenant.account.name)).to_be_visible()
    # then Warehouses is hidden for this role, and the settings work end to end
    expect(page.get_by_role("link", name="Warehouses")).to_have_count(0)
    change_and_check_settings(page, tenant.account)
    check_history(page, admin.email)
    assert AuditEntry.objects.filter(account=tenant.account, action="setting_changed").count() == 6


def test_organization_administrator_edits_through_organizations(tenant, sign_in, page):
    # given an Organization Administrator with no account selected
    admin = tenant.user(Role.ORGANIZATION_ADMINISTRATOR)
    sign_in(admin)
    expect(page.get_by_label("Selected account")).to_have_value("")
    # when: System Configuration → Organizations → Edit → Accounts → Edit
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Organizations"
    ).click()
    page.locator("tr", has_text=tenant.organization.name).get_by_role("link", name="Edit").click()
    page.get_by_role("link", name="Accounts").click()
    page.locator("tr", has_text=tenant.account.code).get_by_role("link", name="Edit").click()
    # then the same settings page works, with the Warehouses tab for this role
    expect(page.get_by_role("heading", name=tenant.account.name)).to_be_visible()
    expect(page.get_by_role("link", name="Warehouses")).to_be_visible()
    expect(page.get_by_label("License Type")).to_be_disabled()
    change_and_check_settings(page, tenant.account)
    check_history(page, admin.email)


def test_account_user_cannot_open_the_account_page(tenant, sign_in, page, live_server):
    # given an Account User
    sign_in(tenant.user(Role.ACCOUNT_USER))
    # then the menu has no Account entry, and the address itself is refused
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="Account", exact=True)).to_have_count(0)
    response = page.goto("/settings/account/")
    assert response.status == 403
    expect(
        page.get_by_role("heading", name=re.compile("not allowed|Forbidden|403", re.I))
    ).to_be_visible()
    tenant.account.refresh_from_db()
    assert tenant.account.timezone == "UTC"
