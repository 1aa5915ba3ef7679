"""The account settings page: both paths, every tab, inline errors, confirmation and history."""

from __future__ import annotations

import datetime as dt

import pytest

from openoms.tenancy.account_settings import SETTINGS
from openoms.tenancy.live_data import counter_replaced
from openoms.tenancy.models import AuditEntry
from openoms.tenancy.roles import Role
from tests.web.conftest import SETTINGS_URL, settings_post


def org_path(tenant) -> str:
    return f"/organizations/{tenant.organization.code}/accounts/{tenant.account.code}/"


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ORGANIZATION_ADMINISTRATOR)


def test_both_paths_show_the_same_form_with_every_setting(admin, tenant):
    # when
    pages = [admin.get(SETTINGS_URL), admin.get(org_path(tenant))]
    # then
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert 'id="account-settings-form"' in html
        for setting in SETTINGS:
            assert f'name="{setting.name}"' in html
        for tab in ["Main", "Workflow Settings", "Privacy", "API Validation Rules"]:
            assert f">{tab}</a>" in html
        assert "Generated from the name when the account was created; never changes." in html
        assert "None available yet" in html


def test_without_a_selected_account_the_settings_path_asks_to_select_one(signed_in):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER, select=False)
    # when
    response = client.get(SETTINGS_URL)
    # then
    assert response.status_code == 200
    assert "Select an account in the header switcher first" in response.content.decode()


def test_license_type_is_disabled_for_everyone_but_the_owner(signed_in):
    # when
    admin_html = signed_in(Role.ORGANIZATION_ADMINISTRATOR).get(SETTINGS_URL).content.decode()
    owner_html = signed_in(Role.ORGANIZATION_OWNER).get(SETTINGS_URL).content.decode()
    # then
    assert '<select name="license_type" disabled' in admin_html
    assert "Only the Organization Owner can change the License Type." in admin_html
    assert '<select name="license_type" aria-describedby' in owner_html
    assert "Only the Organization Owner can change the License Type." not in owner_html


def test_saving_changes_across_tabs_stores_them_and_records_history(admin, tenant):
    # given
    data = settings_post(
        tenant.account,
        timezone="America/New_York",
        size_unit="in",
        weight_unit="lb",
        enable_inventory_real_time_updates="no",
        enable_automatic_sales_order_workflow="yes",
        pii_retention_days="30",
        shipment_service_code_rule="warning",
    )
    # when
    response = admin.post(SETTINGS_URL, data)
    # then
    assert response.status_code == 302
    assert response.url == SETTINGS_URL
    account = tenant.account
    account.refresh_from_db()
    assert (account.timezone, account.size_unit, account.weight_unit) == (
        "America/New_York",
        "in",
        "lb",
    )
    assert account.enable_inventory_real_time_updates is False
    assert account.enable_automatic_sales_order_workflow is True
    assert account.pii_retention_days == 30
    assert account.shipment_service_code_rule == "warning"
    entries = {
        e.field: (e.old_value, e.new_value) for e in AuditEntry.objects.filter(account=account)
    }
    assert len(entries) == 7
    assert entries["size_unit"] == ("Centimeter (cm)", "Inch (in)")
    assert entries["enable_inventory_real_time_updates"] == ("Yes", "No")
    assert entries["pii_retention_days"] == ("(empty)", "30")
    assert entries["shipment_service_code_rule"] == ("Error", "Warning")
    assert "Account settings saved: 7 changes." in admin.get(SETTINGS_URL).content.decode()


def test_saving_on_the_organization_path_redirects_back_to_it(admin, tenant):
    # when
    response = admin.post(org_path(tenant), settings_post(tenant.account, volume_unit="l"))
    # then
    assert response.url == org_path(tenant)
    tenant.account.refresh_from_db()
    assert tenant.account.volume_unit == "l"


def test_saving_without_changes_says_so(admin, tenant):
    # when
    response = admin.post(SETTINGS_URL, settings_post(tenant.account), follow=True)
    # then
    assert "No changes to save." in response.content.decode()
    assert AuditEntry.objects.filter(account=tenant.account).count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pii_retention_days", "0", "Enter at least 1 day, or leave it empty to keep the data."),
        (
            "pii_retention_days",
            "abc",
            "Enter a whole number of days, or leave it empty to keep the data.",
        ),
        ("timezone", "Mars/Olympus", "Choose one of the offered values"),
        ("size_unit", "furlong", "Choose one of the offered values"),
        ("name", "   ", "This field is required."),
    ],
)
def test_invalid_values_show_inline_errors_and_change_nothing(admin, tenant, field, value, message):
    # given
    data = {**settings_post(tenant.account, weight_unit="lb"), field: value}
    # when
    response = admin.post(SETTINGS_URL, data)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="field-error">{message}' in html
    assert 'class="error-dot"' in html
    tenant.account.refresh_from_db()
    account = tenant.account
    assert (account.weight_unit, account.timezone, account.pii_retention_days) == (
        "kg",
        "UTC",
        None,
    )
    assert (account.size_unit, account.name) == ("cm", "Acme Apparel")
    assert account.audit_entries.count() == 0


def test_the_tab_holding_an_error_is_shown_first(admin, tenant):
    # when
    response = admin.post(SETTINGS_URL, settings_post(tenant.account, pii_retention_days="0"))
    # then
    html = response.content.decode()
    assert 'data-initial-tab="privacy"' in html
    assert 'href="#tab-privacy" class="tab has-error"' in html


def test_the_code_never_changes_when_the_name_changes(admin, tenant):
    # when
    admin.post(SETTINGS_URL, settings_post(tenant.account, name="Acme Fashion"))
    # then
    tenant.account.refresh_from_db()
    assert (tenant.account.name, tenant.account.code) == ("Acme Fashion", "ACME-APPAREL")


def test_a_posted_code_is_ignored(admin, tenant):
    # when
    admin.post(SETTINGS_URL, {**settings_post(tenant.account), "code": "HACKED"})
    # then
    tenant.account.refresh_from_db()
    assert tenant.account.code == "ACME-APPAREL"


def test_a_channel_master_product_source_needs_a_master_product_channel(admin, tenant):
    # when
    response = admin.post(
        SETTINGS_URL, settings_post(tenant.account, master_product_source="sales_channel")
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<p class="field-error">Choose the Master Product Channel among the account&#x27;s '
        "sales channels" in html
    )
    assert "data-channel-field hidden" not in html
    assert (
        '<p class="field-note" data-channel-note="sales_channel">No sales channel that can '
        "import products exists in this account yet." in html
    )
    tenant.account.refresh_from_db()
    assert tenant.account.master_product_source == "openoms"


def test_the_master_product_channel_is_hidden_while_openoms_is_the_source(admin):
    # when
    html = admin.get(SETTINGS_URL).content.decode()
    # then
    assert "data-channel-field hidden" in html


@pytest.fixture
def live_products():
    with counter_replaced("products", lambda account: 3):
        yield


def test_a_master_product_source_change_on_a_live_account_needs_confirmation(
    admin, tenant, live_products
):
    # given
    data = settings_post(tenant.account, master_product_source="openoms", timezone="Asia/Tokyo")
    tenant.account.master_product_source = "sales_channel"
    tenant.account.save()
    # when
    first = admin.post(SETTINGS_URL, data)
    tenant.account.refresh_from_db()
    unchanged = (tenant.account.master_product_source, tenant.account.timezone)
    second = admin.post(SETTINGS_URL, {**data, "confirm_master_source_change": "1"})
    # then
    html = first.content.decode()
    assert first.status_code == 200
    assert "This account already holds 3 products." in html
    assert "I understand — change the Master Product Source" in html
    assert unchanged == ("sales_channel", "UTC")
    assert second.status_code == 302
    tenant.account.refresh_from_db()
    assert (tenant.account.master_product_source, tenant.account.timezone) == (
        "openoms",
        "Asia/Tokyo",
    )


def test_history_shows_dates_in_the_account_timezone(admin, tenant):
    # given
    admin.post(SETTINGS_URL, settings_post(tenant.account, timezone="Asia/Tokyo"))
    when = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    AuditEntry.objects.filter(account=tenant.account).update(created_at=when)
    # when
    html = admin.get(SETTINGS_URL + "history/").content.decode()
    # then
    assert "2026-03-02 08:30 JST" in html
    assert "organization_administrator@acme-group.example" in html
    assert "Timezone" in html and "UTC" in html and "Asia/Tokyo" in html


def test_history_uses_the_accounts_timezone_on_the_organization_path_too(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER, select=False)
    client.post(org_path(tenant), settings_post(tenant.account, timezone="Asia/Tokyo"))
    when = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    AuditEntry.objects.filter(account=tenant.account).update(created_at=when)
    # when
    html = client.get(org_path(tenant) + "history/").content.decode()
    # then
    assert "2026-03-02 08:30 JST" in html


def test_history_is_paginated_by_fifty(admin, tenant):
    # given
    AuditEntry.objects.bulk_create(
        AuditEntry(
            organization=tenant.organization,
            account=tenant.account,
            actor_label="script",
            action="setting_changed",
            field="name",
            field_label="Name",
            old_value=f"n{i}",
            new_value=f"n{i + 1}",
        )
        for i in range(51)
    )
    # when
    first = admin.get(SETTINGS_URL + "history/").content.decode()
    second = admin.get(SETTINGS_URL + "history/?page=2").content.decode()
    # then
    assert first.count("<td>script</td>") == 50
    assert second.count("<td>script</td>") == 1
    assert "Page 2 of 2" in second


def test_a_role_that_may_view_but_not_edit_gets_a_read_only_page(signed_in, tenant, monkeypatch):
    # given
    from openoms.tenancy.permissions import OWNER, PERMISSIONS, Perm

    monkeypatch.setitem(PERMISSIONS, Perm.ACCOUNT_EDIT, frozenset({OWNER}))
    client = signed_in(Role.SUPERVISOR)
    # when
    page = client.get(SETTINGS_URL)
    post = client.post(SETTINGS_URL, settings_post(tenant.account, timezone="Asia/Tokyo"))
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "You can read these settings; your role may not change them." in html
    assert 'form="account-settings-form" class="btn btn-primary">Save' not in html
    assert '<select name="timezone" disabled' in html
    assert '<input type="text" name="name" value="Acme Apparel" maxlength="120" disabled' in html
    assert post.status_code == 403
    tenant.account.refresh_from_db()
    assert tenant.account.timezone == "UTC"
