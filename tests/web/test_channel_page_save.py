"""A channel page has one Save: Main Settings and the Other System Settings job periods are
saved together, or (when any part is refused) not at all, and the outcome shows at the top."""

from __future__ import annotations

import pytest

from openoms.automation.models import RecurringJob
from openoms.channels.models import Channel
from openoms.tenancy.roles import Role
from tests.web.channel_data import channel_url, make_channel
from tests.web.job_data import form_post, job_of, stored

FORM = 'form="channel-settings-form"'


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


@pytest.fixture
def store(tenant) -> Channel:
    """A beta sandbox store with its job rows."""
    channel = make_channel(tenant.account, "Acme Store")
    job_of(tenant.account, "export_products", channel)
    return channel


def _jobs(store: Channel) -> list[RecurringJob]:
    return list(RecurringJob.objects.filter(channel=store).order_by("pk"))


def page_post(store: Channel, jobs: dict[int, tuple[str | None, bool]], **settings) -> dict:
    """The whole page as the browser posts it: the settings, then every job row."""
    data = {
        "name": store.name,
        "is_enabled": "yes",
        "is_beta": "beta",
        "sandbox_sales-store_name": "demo",
    }
    data.update(settings)
    return {**data, **form_post(_jobs(store), jobs)}


def test_the_top_save_saves_a_period_changed_below_it(admin, tenant, store):
    # given
    export = job_of(tenant.account, "export_products", store)
    data = page_post(store, {export.pk: ("1h", True)}, name="Acme Store EU")
    # when the top Save posts the page
    response = admin.post(channel_url(store), data)
    page = admin.get(response.url).content.decode()
    # then both parts are saved, and the message is at the top of the page it lands on
    assert (response.status_code, response.url) == (302, channel_url(store))
    assert stored(export) == ("1h", True)
    store.refresh_from_db()
    assert store.name == "Acme Store EU"
    message = "Channel settings saved, with 1 job change: Export Products → Hourly."
    assert message in page
    assert page.index(message) < page.index('<div class="page-header">')


def test_a_save_without_job_changes_says_the_settings_are_saved(admin, tenant, store):
    # when
    response = admin.post(channel_url(store), page_post(store, {}), follow=True)
    # then
    assert "Channel settings saved.</div>" in response.content.decode()


def test_a_refused_period_saves_nothing_and_says_why_by_its_row(admin, tenant, store):
    # given a valid name change and an invalid period
    export = job_of(tenant.account, "export_products", store)
    refresh = job_of(tenant.account, "authorization_refresh", store)
    changes = {export.pk: ("7y", True), refresh.pk: ("4h", True)}
    # when
    response = admin.post(channel_url(store), page_post(store, changes, name="Renamed"))
    # then nothing is saved
    html = response.content.decode()
    assert response.status_code == 200
    store.refresh_from_db()
    assert store.name == "Acme Store"
    assert stored(export) == ("none", True)
    assert stored(refresh)[0] == "12h"
    assert (
        "Nothing was saved: 1 job could not be changed (see Other System Settings below)." in html
    )
    assert f'<tr id="job-{export.pk}" class="row-error">' in html
    assert "Choose one of:" in html


def test_a_refused_setting_saves_no_period_either(admin, tenant, store):
    # given an empty name and a valid period change
    export = job_of(tenant.account, "export_products", store)
    # when
    response = admin.post(channel_url(store), page_post(store, {export.pk: ("1h", True)}, name=""))
    # then
    assert response.status_code == 200
    assert stored(export) == ("none", True)
    assert 'class="field-error"' in response.content.decode()


def test_the_job_fields_belong_to_the_page_form(admin, store):
    # when
    html = admin.get(channel_url(store)).content.decode()
    # then: one form holds both sections; no second Save form below
    assert 'id="channel-settings-form"' in html
    assert (
        'action="/sales-channels/'
        not in html.split('id="other-system-settings"')[1].split("run-now-")[0]
    )
    export = job_of(store.account, "export_products", store)
    assert f'<select {FORM} id="job-{export.pk}-period" name="job-{export.pk}-period">' in html
    assert f'<input type="checkbox" {FORM} id="job-{export.pk}-enabled"' in html
    assert html.count('aria-label="Save the channel and its Other System Settings"') == 2


def test_an_account_user_may_not_save_the_page(signed_in, tenant, store):
    # given
    export = job_of(tenant.account, "export_products", store)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.post(channel_url(store), page_post(store, {export.pk: ("1h", True)}))
    # then
    assert response.status_code == 403
    assert stored(export) == ("none", True)


def test_the_advanced_tab_points_the_channel_at_an_emulator(admin, store):
    # when
    response = admin.post(
        channel_url(store), page_post(store, {}, api_base_url="http://127.0.0.1:8701/")
    )
    refused = admin.post(channel_url(store), page_post(store, {}, api_base_url="http://10.0.0.9"))
    # then
    assert response.status_code == 302
    store.refresh_from_db()
    assert store.api_base_url == "http://127.0.0.1:8701"
    assert refused.status_code == 200
    assert "Plain http is allowed only on this machine" in refused.content.decode()
    assert Channel.objects.get(pk=store.pk).api_base_url == "http://127.0.0.1:8701"
