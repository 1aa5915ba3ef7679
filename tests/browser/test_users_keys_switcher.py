"""Switching accounts, the Master Product Channel picker, API keys and new users, in a browser."""

import re

from playwright.sync_api import expect

from openoms.tenancy.models import ApiKey, User
from openoms.tenancy.roles import Role
from openoms.tenancy.services.api_keys import api_key_authenticate
from tests.factories import PASSWORD


def test_switching_accounts_changes_the_context(tenant, sign_in, page):
    # given an organization supervisor with no account selected
    sign_in(tenant.user(Role.SUPERVISOR))
    switcher = page.get_by_label("Selected account")
    # when the second account is selected
    switcher.select_option(str(tenant.second_account.pk))
    # then the page reloads in that account and System Settings → Account opens it
    expect(switcher).to_have_value(str(tenant.second_account.pk))
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name=tenant.second_account.name)).to_be_visible()
    # when "No account selected" is chosen again
    page.get_by_label("Selected account").select_option("")
    # then the menu asks for an account again
    expect(page.get_by_label("Selected account")).to_have_value("")
    expect(page.get_by_text("Select an account in the header first").first).to_be_visible()


def test_master_product_channel_appears_only_for_channel_sources(tenant, sign_in, page):
    # given the owner on the account's Workflow Settings
    sign_in(tenant.user(Role.ORGANIZATION_OWNER))
    page.goto(f"/organizations/{tenant.organization.code}/accounts/{tenant.account.code}/")
    page.get_by_role("tab", name="Workflow Settings").click()
    channel = page.get_by_label("Master Product Channel")
    expect(channel).to_be_hidden()
    # when a channel source is picked
    page.get_by_label("Master Product Source").select_option("sales_channel")
    # then the picker shows, and saving explains that no channel can import products yet
    expect(channel).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("Choose the Master Product Channel"))).to_be_visible()
    tenant.account.refresh_from_db()
    assert tenant.account.master_product_source == "openoms"
    # when OpenOMS is picked again, the picker hides
    page.get_by_label("Master Product Source").select_option("openoms")
    expect(page.get_by_label("Master Product Channel")).to_be_hidden()


def test_api_key_is_shown_once_and_works(tenant, sign_in, page):
    # given an Account Administrator on the API keys page
    sign_in(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="API Keys").click()
    # when a key is created
    page.get_by_label("Name").fill("Warehouse scanner")
    page.get_by_role("button", name="Create key").click()
    # then the full key is shown once and authenticates
    raw = page.locator("#new-api-key").inner_text().strip()
    assert api_key_authenticate(raw).name == "Warehouse scanner"
    expect(page.get_by_text("Copy it now: it will not be shown again.")).to_be_visible()
    page.goto(page.url)
    expect(page.locator("#new-api-key")).to_have_count(0)
    assert ApiKey.objects.filter(name="Warehouse scanner").count() == 1
    assert raw not in page.content()
    # when it is revoked
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("tr", has_text="Warehouse scanner").get_by_role("button", name="Revoke").click()
    # then it no longer authenticates and is listed as revoked
    expect(page.locator("tr", has_text="Warehouse scanner")).to_contain_text("Revoked")
    assert api_key_authenticate(raw) is None
    assert ApiKey.objects.get(name="Warehouse scanner").revoked_at is not None


def test_new_user_sets_a_password_with_the_link(tenant, sign_in, page, browser, live_server):
    # given an Account Administrator creating a user on the Users tab
    sign_in(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Create user").click()
    page.get_by_label("E-mail").fill("packer@example.com")
    page.get_by_label("Role").select_option("account_user")
    page.get_by_role("button", name="Create user").click()
    link = page.locator("#set-password-link").inner_text().strip()
    assert User.objects.get(email="packer@example.com").account == tenant.account
    # when the new user opens the link in their own browser and sets a password
    other = browser.new_context(base_url=live_server.url).new_page()
    other.goto(link)
    other.get_by_label("New password", exact=True).fill(PASSWORD)
    other.get_by_label("New password confirmation").fill(PASSWORD)
    other.get_by_role("button", name="Set password").click()
    # then they can sign in with it, as an Account User of that account
    other.goto("/login/")
    other.get_by_label("E-mail").fill("packer@example.com")
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    expect(other.locator("header")).to_contain_text("packer@example.com")
    expect(other.locator("header")).to_contain_text("Account User")
    # and the link does not work twice
    other.goto(link)
    expect(
        other.get_by_text(re.compile("no longer valid|invalid|expired|used", re.I)).first
    ).to_be_visible()
    other.context.close()
