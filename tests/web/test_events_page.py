"""Automation → Events: the account's log with its columns, each filter (dates are days of the
account's timezone), pagination keeping the filters, bad filters shown as errors, and another
tenant's events never listed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.channel_data import make_channel
from tests.web.job_data import job_of, make_event, make_run


@pytest.fixture
def user(signed_in):
    return signed_in(Role.ACCOUNT_USER)


@pytest.fixture
def logged(tenant):
    """Three events of ``tenant.account``: a store's warning, a job's info, an error."""
    store = make_channel(tenant.account, "Acme Store")
    run = make_run(job_of(tenant.account, "export_products", store))
    account = tenant.account
    return {
        "store": store,
        "run": run,
        "warning": make_event(
            account,
            "SKU TEE-1 skipped: no price.",
            level="warning",
            channel_id=store.pk,
            entity_type="channel",
            entity_id=str(store.pk),
            entity_label="Acme Store",
            actor_label="Scheduler",
            run_id=run.pk,
        ),
        "info": make_event(
            account, "Export Products: None → Hourly.", entity_type="job", entity_id="7"
        ),
        "error": make_event(account, "The store did not answer.", level="error"),
    }


def rows(response) -> list[str]:
    """The messages listed, top to bottom."""
    html = text(response)
    body = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return [cell.split("</td>")[0] for cell in body.split('<td class="event-message">')[1:]]


def test_the_log_shows_every_column_newest_first(user, logged):
    # when
    response = user.get("/events/")
    # then
    assert rows(response) == [
        "The store did not answer.",
        "Export Products: None → Hourly.",
        "SKU TEE-1 skipped: no price.",
    ]
    html = text(response)
    warning = html[html.index("<tr>", html.index("Export Products: None")) :]
    assert '<span class="badge badge-amber">Warning</span>' in warning
    assert '<td>Acme Store <span class="small muted">channel</span></td>' in warning
    assert "<td>Acme Store</td>" in warning
    assert "<td>Scheduler</td>" in warning
    run = logged["run"].pk
    assert f'<a href="/runs/{run}/" class="nowrap">Run {run}</a>' in warning
    assert '<span class="badge badge-red">Error</span>' in html
    assert "<th>Time (UTC)</th>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=error", ["The store did not answer."]),
        ("entity_type=job", ["Export Products: None → Hourly."]),
        ("entity=7", ["Export Products: None → Hourly."]),
        ("entity=Acme+Store", ["SKU TEE-1 skipped: no price."]),
        ("q=NO+PRICE", ["SKU TEE-1 skipped: no price."]),
        ("type=info&q=price", []),
    ],
)
def test_each_filter_narrows_the_log(user, logged, query, expected):
    # when
    response = user.get(f"/events/?{query}")
    # then
    assert response.status_code == 200
    assert rows(response) == expected


def test_the_channel_filter_offers_the_account_channels(user, logged):
    # when
    response = user.get(f"/events/?channel={logged['store'].pk}")
    # then
    assert rows(response) == ["SKU TEE-1 skipped: no price."]
    assert f'<option value="{logged["store"].pk}" selected>Acme Store</option>' in text(response)


def test_dates_are_days_of_the_account_timezone(user, tenant):
    # given: 23:30 and 00:30 in Tokyo, on either side of midnight
    Account.objects.filter(pk=tenant.account.pk).update(timezone="Asia/Tokyo")
    make_event(tenant.account, "Late on the 1st", at=datetime(2026, 3, 1, 14, 30, tzinfo=UTC))
    make_event(tenant.account, "Early on the 2nd", at=datetime(2026, 3, 1, 15, 30, tzinfo=UTC))
    # when
    first = user.get("/events/?date_from=2026-03-01&date_to=2026-03-01")
    second = user.get("/events/?date_from=2026-03-02")
    # then
    assert rows(first) == ["Late on the 1st"]
    assert rows(second) == ["Early on the 2nd"]
    assert "2026-03-01 23:30 JST" in text(first)
    assert "<th>Time (Asia/Tokyo)</th>" in text(first)


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("date_from=2026-03-02&date_to=2026-03-01", "Date to: Date to is before date from."),
        ("type=debug", "Type: Select a valid choice. debug is not one of the available choices."),
        ("date_from=yesterday", "Date from: Enter a valid date."),
        ("date_to=9999-12-31", "Date to: The date is out of range."),
        ("channel=abc", "Channel: Select a valid choice. abc is not one of the available choices."),
    ],
)
def test_a_bad_filter_is_shown_as_an_error(user, logged, query, error):
    # when
    response = user.get(f"/events/?{query}")
    # then
    assert response.status_code == 200
    html = text(response)
    assert "The filters are not valid." in html
    assert f"<p>{error}</p>" in html
    assert rows(response) == []


def test_pages_keep_the_filters(user, tenant):
    # given
    for number in range(55):
        make_event(tenant.account, f"Skipped {number}", level="warning")
    make_event(tenant.account, "Not a warning")
    # when
    first = user.get("/events/?type=warning")
    second = user.get("/events/?type=warning&page=2")
    # then
    assert len(rows(first)) == 50
    assert rows(second) == [f"Skipped {number}" for number in range(4, -1, -1)]
    assert 'href="?type=warning&amp;page=2"' in first.content.decode()
    assert 'value="warning" selected' in text(second)


def test_another_tenants_events_and_channels_stay_out(user, logged, other_tenant):
    # given
    theirs = make_channel(other_tenant.account, "Globex Store")
    make_event(other_tenant.account, "Globex secret", channel_id=theirs.pk)
    # when
    listing = user.get("/events/?q=secret")
    by_channel = user.get(f"/events/?channel={theirs.pk}")
    # then
    assert rows(listing) == []
    assert "Globex" not in text(listing)
    assert "Select a valid choice." in text(by_channel)
    assert rows(by_channel) == []


def test_without_a_selected_account_it_asks_for_one(signed_in):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER, select=False)
    # when
    html = text(client.get("/events/"))
    # then
    assert "Select an account in the header switcher first" in html
    assert "The Events log belongs to one account." in html
