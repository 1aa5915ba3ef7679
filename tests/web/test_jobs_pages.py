"""A beta channel's Other System Settings (seed 004): the rows, their dropdowns, one Save applying
each change (a refusal shown next to its row, nothing else of that row changed), read-only roles,
stable channels, and job rows made as soon as a channel is created or edited."""

from __future__ import annotations

import re

import pytest

from openoms.activity.models import Event
from openoms.automation.models import RecurringJob
from openoms.channels.models import Channel
from openoms.tenancy.models import Account, MasterProductSource
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url, make_channel
from tests.web.job_data import ALL_PERIODS, form_post, job_of, options, row_of, stored

JOBS_URL = "/settings/account/recurring-jobs/"


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


@pytest.fixture
def store(tenant) -> Channel:
    return make_channel(tenant.account, "Acme Store")


def section(html: str) -> str:
    return html[html.index('id="other-system-settings"') :]


def channel_jobs(channel: Channel) -> list[RecurringJob]:
    return list(RecurringJob.objects.filter(channel=channel).order_by("id"))


def test_a_beta_sales_channel_lists_its_jobs_in_page_order(admin, store):
    # when
    html = section(text(admin.get(channel_url(store))))
    # then
    labels = re.findall(r'<label class="job-label" for="job-\d+-period">([^<]+)</label>', html)
    assert labels == [
        "Authorization Refresh Settings",
        "Import Products",
        "Export Products",
        "Import Orders",
        "Export Order Updates",
        "Export Inventory",
        "Push Inventory Updates",
    ]
    auth = job_of(store.account, "authorization_refresh", store)
    assert options(row_of(html, auth)) == ALL_PERIODS
    assert '<option value="12h" selected>Every 12 hours</option>' in row_of(html, auth)
    assert "How often product data is pushed from OpenOMS to the channel." in html
    assert "means OpenOMS makes no API calls to this channel" in html
    assert 'aria-label="Save the channel and its Other System Settings">Save</button>' in html


def test_a_beta_3pl_lists_only_the_jobs_its_kind_supports(admin, tenant):
    # given
    three_pl = make_channel(tenant.account, "Acme 3PL", "sandbox_fulfillment", "fulfillment")
    # when
    html = section(text(admin.get(channel_url(three_pl))))
    # then
    labels = re.findall(r'<label class="job-label" for="job-\d+-period">([^<]+)</label>', html)
    assert labels == [
        "Authorization Refresh Settings",
        "Import Inventory",
        "Send Shipments",
        "Import Shipments",
        "Send Purchase Orders",
        "Import Receipts",
    ]


def test_save_changes_periods_and_pauses_and_says_what_changed(admin, store):
    # given
    admin.get(channel_url(store))
    auth, export = (
        job_of(store.account, t, store) for t in ("authorization_refresh", "export_products")
    )
    orders = job_of(store.account, "import_orders", store)
    data = form_post(channel_jobs(store), {export.pk: ("1h", True), orders.pk: ("4h", False)})
    # when
    response = admin.post(channel_url(store, "other-system-settings/"), data, follow=True)
    # then
    assert response.redirect_chain[0][0] == f"{channel_url(store)}#other-system-settings"
    assert (stored(auth), stored(export), stored(orders)) == (
        ("12h", True),
        ("1h", True),
        ("4h", False),
    )
    html = text(response)
    assert (
        "Saved 2 changes: Export Products → Hourly; Import Orders → Every 4 hours (paused)." in html
    )
    assert '<span class="muted">paused</span>' in row_of(html, orders)
    assert '<option value="1h" selected>Hourly</option>' in row_of(html, export)
    assert Event.objects.filter(entity_type="job", entity_id=str(export.pk)).count() == 1


def test_none_means_will_not_run(admin, store):
    # given
    admin.get(channel_url(store))
    auth = job_of(store.account, "authorization_refresh", store)
    # when
    response = admin.post(
        channel_url(store, "other-system-settings/"),
        form_post(channel_jobs(store), {auth.pk: ("none", True)}),
        follow=True,
    )
    # then
    html = text(response)
    assert stored(auth) == ("none", True)
    assert '<span class="muted">will not run</span>' in row_of(html, auth)
    assert "Authorization Refresh Settings of Acme Store is None" in html


def test_a_refused_job_keeps_its_row_and_the_others_are_saved(admin, store):
    # given: Import Products may not run here (OpenOMS is the Master Product Source)
    admin.get(channel_url(store))
    imports, export = (
        job_of(store.account, t, store) for t in ("import_products", "export_products")
    )
    data = form_post(channel_jobs(store), {imports.pk: ("1h", False), export.pk: ("1d", True)})
    # when
    response = admin.post(channel_url(store, "other-system-settings/"), data)
    # then
    assert response.status_code == 200
    assert stored(imports) == ("none", True)
    assert stored(export) == ("1d", True)
    html = text(response)
    row = row_of(html, imports)
    assert '<p class="field-error">OpenOMS is this account\'s Master Product Source' in row
    assert f'name="job-{imports.pk}-enabled" value="on" aria-label="Enabled: Import' in row
    assert 'aria-label="Enabled: Import Products" checked>' in row
    assert row.count("OpenOMS is this account's Master Product Source") == 1
    assert "Saved 1 change: Export Products → Daily." in html
    assert "1 job could not be changed: see below." in html
    assert 'value="Acme Store" maxlength' in html  # the Main Settings form is still there


def test_a_period_nobody_offers_is_refused_next_to_its_row(admin, store):
    # given
    admin.get(channel_url(store))
    export = job_of(store.account, "export_products", store)
    # when
    response = admin.post(
        channel_url(store, "other-system-settings/"),
        form_post(channel_jobs(store), {export.pk: ("7m", True)}),
    )
    # then
    assert stored(export) == ("none", True)
    assert "Choose one of: none, 5m, 15m, 30m, 1h, 4h, 12h, 1d." in row_of(text(response), export)


def test_import_products_is_locked_off_the_master_and_export_products_on_it(admin, tenant):
    # given
    Account.objects.filter(pk=tenant.account.pk).update(
        master_product_source=MasterProductSource.SALES_CHANNEL
    )
    master = make_channel(tenant.account, "Master Store", is_product_master=True)
    other = make_channel(tenant.account, "Other Store")
    # when
    on_master = section(text(admin.get(channel_url(master))))
    on_other = section(text(admin.get(channel_url(other))))
    # then
    master_export = row_of(on_master, job_of(tenant.account, "export_products", master))
    assert "disabled" in master_export.split("</select>")[0]
    assert (
        "Master Store is the Master Product Channel: products are imported from it" in master_export
    )
    master_import = row_of(on_master, job_of(tenant.account, "import_products", master))
    assert options(master_import) == ALL_PERIODS
    other_import = row_of(on_other, job_of(tenant.account, "import_products", other))
    assert options(other_import) == ["None (never runs)"]
    assert "Only the Master Product Channel (Master Store) imports products" in other_import


def test_a_stable_channel_follows_the_account_jobs(admin, tenant):
    # given
    stable = make_channel(tenant.account, "Legacy Store", is_beta=False)
    # when
    html = section(text(admin.get(channel_url(stable))))
    # then
    assert "Stable channels follow the account's recurring jobs" in html
    assert f'<a href="{JOBS_URL}">Account → Recurring Jobs</a>' in html
    assert "job-label" not in html
    assert not RecurringJob.objects.filter(channel=stable).exists()


def test_an_account_user_reads_the_jobs_and_may_run_them(signed_in, store):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = section(text(client.get(channel_url(store))))
    # then
    assert "Save the channel and its Other System Settings" not in html
    assert "You can read these jobs; your role may not change them." in html
    selects = re.findall(r"<select [^>]*>", html)
    assert len(selects) == 7 and all(" disabled" in select for select in selects)
    assert html.count(">Run now</button>") == 7


def test_a_post_without_automation_manage_changes_nothing(signed_in, store):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    client.get(channel_url(store))
    export = job_of(store.account, "export_products", store)
    # when
    response = client.post(
        channel_url(store, "other-system-settings/"),
        form_post(channel_jobs(store), {export.pk: ("1h", True)}),
    )
    # then
    assert response.status_code == 403
    assert stored(export) == ("none", True)


def test_a_reload_of_a_refused_save_goes_back_to_the_section(admin, store):
    # when
    response = admin.get(channel_url(store, "other-system-settings/"))
    # then
    assert response.url == f"{channel_url(store)}#other-system-settings"


def test_a_save_on_a_stable_channel_changes_nothing(admin, tenant):
    # given: a beta channel's job rows stay when it becomes stable
    channel = make_channel(tenant.account, "Legacy Store")
    export = job_of(tenant.account, "export_products", channel)
    Channel.objects.filter(pk=channel.pk).update(is_beta=False)
    # when
    response = admin.post(
        channel_url(channel, "other-system-settings/"),
        form_post([export], {export.pk: ("1h", True)}),
        follow=True,
    )
    # then
    assert stored(export) == ("none", True)
    assert "Stable channels follow the account&#x27;s recurring jobs" in response.content.decode()


def test_creating_a_beta_channel_gives_it_its_jobs_at_once(admin, tenant):
    # given
    data = {"kind": "sandbox_sales", "name": "Pop-up", "sandbox_sales-store_name": "pop"}
    # when
    admin.post("/sales-channels/new/", {**data, "is_enabled": "yes", "is_beta": "beta"})
    # then
    channel = Channel.objects.get(name="Pop-up")
    assert RecurringJob.objects.filter(channel=channel).count() == 7


def test_making_a_stable_channel_beta_gives_it_its_jobs(admin, tenant):
    # given
    stable = make_channel(tenant.account, "Legacy Store", is_beta=False)
    data = {"name": "Legacy Store", "is_enabled": "yes", "is_beta": "beta"}
    # when
    admin.post(channel_url(stable), {**data, "sandbox_sales-store_name": "demo"})
    # then
    assert RecurringJob.objects.filter(channel=stable).count() == 7
