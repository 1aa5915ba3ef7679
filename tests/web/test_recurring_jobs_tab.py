"""The account's Recurring Jobs tab: the account-scope jobs with the stable channels each runs
for and one Save, the beta channels' jobs read-only, the menu entries, and the job rows of a new
account."""

from __future__ import annotations

import pytest

from openoms.automation.models import RecurringJob
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url, make_channel
from tests.web.job_data import ALL_PERIODS, form_post, job_of, options, row_of, stored

JOBS_URL = "/settings/account/recurring-jobs/"


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


@pytest.fixture
def store(tenant):
    return make_channel(tenant.account, "Acme Store")


def test_creating_an_account_gives_it_its_jobs(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    client.post(f"/organizations/{tenant.organization.code}/accounts/new/", {"name": "Brand New"})
    # then
    account = Account.objects.get(code="BRAND-NEW")
    assert RecurringJob.objects.filter(account=account, channel=None).count() == 13


def test_the_recurring_jobs_tab_shows_account_jobs_and_beta_jobs_read_only(admin, tenant, store):
    # given
    make_channel(tenant.account, "Legacy Store", is_beta=False)
    make_channel(tenant.account, "Old 3PL", "sandbox_fulfillment", "fulfillment", is_beta=False)
    # when
    html = text(admin.get(JOBS_URL))
    # then
    auth = job_of(tenant.account, "authorization_refresh")
    assert "Runs for: Legacy Store, Old 3PL" in row_of(html, auth)
    assert "No enabled stable channel runs this job." in row_of(
        html, job_of(tenant.account, "import_products")
    )
    assert "Works on the account's own data." in row_of(
        html, job_of(tenant.account, "pii_redaction")
    )
    assert options(row_of(html, auth)) == ALL_PERIODS
    beta = html[html.index('id="beta-jobs-title"') :]
    assert f'<a href="{channel_url(store)}#other-system-settings">Acme Store</a>' in beta
    assert beta.count("<tr>") == 1 + 7
    assert 'form="recurring-jobs-form" class="btn btn-primary">Save</button>' in html


def test_the_recurring_jobs_tab_saves_account_jobs(admin, tenant):
    # given the account's job rows (written when it was created)
    pii = job_of(tenant.account, "pii_redaction")
    rows = list(RecurringJob.objects.filter(account=tenant.account, channel=None))
    # when
    response = admin.post(JOBS_URL, form_post(rows, {pii.pk: ("12h", True)}), follow=True)
    # then
    assert stored(pii) == ("12h", True)
    assert "Saved 1 change: PII Redaction → Every 12 hours." in text(response)


def test_the_menu_leads_to_recurring_jobs_and_events(admin):
    # when
    html = admin.get("/").content.decode()
    # then
    assert f'<a href="{JOBS_URL}">Recurring Jobs</a>' in html
    assert '<a href="/events/">Events</a>' in html


def test_an_account_user_reads_the_account_tab_and_events(signed_in):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get("/").content.decode()
    tab = client.get(JOBS_URL)
    # then: the table's row "See recurring jobs, their runs and the Events log"
    assert '<a href="/events/">Events</a>' in html
    assert f'<a href="{JOBS_URL}">Recurring Jobs</a>' in html
    assert tab.status_code == 200


def test_an_account_that_is_not_selected_opens_through_organizations(signed_in, tenant):
    # given the owner with the first account selected, and a beta store of the second
    client = signed_in(Role.ORGANIZATION_OWNER)
    make_channel(tenant.second_account, "Outdoor Store")
    url = f"/organizations/{tenant.organization.code}/accounts/{tenant.second_account.code}/"
    # when
    html = text(client.get(url + "recurring-jobs/"))
    # then: its channel pages belong to the selected account, so the store is not linked
    beta = html[html.index('id="beta-jobs-title"') :]
    assert "<td>Outdoor Store</td>" in beta
    assert 'href="/sales-channels/' not in beta
    assert f'<input type="hidden" name="next" value="{url}recurring-jobs/">' in html
