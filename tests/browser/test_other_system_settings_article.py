"""The Other System Settings article (seed 004), step by step, in a real browser: on the right
account, Sales Channels → Channels → the beta store, scroll down to Other System Settings, set
the Main Job Periods and Save (the page's one Save, at the top or in the section); None means the job will not run; Run now opens the run's page,
which follows the run (htmx polling) until it shows its status, counts and events."""

import re

import pytest
from playwright.sync_api import expect

from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.runs import run_execute
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_variants
from tests.web.channel_data import make_channel

STORE = "Acme Online Store"


@pytest.fixture(autouse=True)
def _no_heartbeat(settings):
    settings.OPENOMS_JOB_HEARTBEAT_SECONDS = 0


def open_the_channel(page, tenant):
    """Select the account, then Sales Channels → Channels → the store's name."""
    page.get_by_label("Selected account").select_option(str(tenant.account.pk))
    expect(page.get_by_label("Selected account")).to_have_value(str(tenant.account.pk))
    menu = page.get_by_role("navigation", name="Main menu")
    sales = menu.locator(".nav-group", has_text="Sales Channels")
    sales.get_by_role("link", name="Channels").click()
    page.get_by_role("link", name=STORE).click()
    expect(page.get_by_role("heading", name=re.compile(STORE))).to_be_visible()


def scroll_to_the_section(page):
    section = page.locator("#other-system-settings")
    section.scroll_into_view_if_needed()
    expect(section.get_by_role("heading", name="Other System Settings")).to_be_in_viewport()
    expect(section).to_contain_text("makes no API calls to this channel")
    return section


def period(section, job: str):
    return section.get_by_label(job, exact=True)


SAVE = "Save the channel and its Other System Settings"


def set_the_periods_and_save_at_the_top(page, section):
    """The page has one Save: the one at the top saves the periods set below it too, and says so
    at the top of the page, where the browser lands."""
    period(section, "Authorization Refresh Settings").select_option(label="Every 4 hours")
    period(section, "Export Products").select_option(label="Hourly")
    page.locator(".page-actions").get_by_role("button", name=SAVE).click()
    flash = page.locator(".flash-success")
    expect(flash).to_have_text(
        "Channel settings saved, with 2 job changes: Authorization Refresh Settings → "
        "Every 4 hours; Export Products → Hourly."
    )
    expect(flash).to_be_in_viewport()
    page.reload()
    section = scroll_to_the_section(page)
    expect(period(section, "Authorization Refresh Settings")).to_have_value("4h")
    expect(period(section, "Export Products")).to_have_value("1h")
    expect(period(section, "Import Products")).to_be_disabled()
    return section


def set_export_to_none(page, section):
    period(section, "Export Products").select_option(label="None (never runs)")
    section.get_by_role("button", name=SAVE).click()
    expect(page.locator(".flash-success")).to_have_text(
        "Channel settings saved, with 1 job change: Export Products → None (never runs)."
    )
    section = page.locator("#other-system-settings")
    row = section.locator("tr", has=page.get_by_label("Export Products", exact=True))
    expect(row).to_contain_text("will not run")
    return row


def run_now_and_follow_the_run(page, row, job: RecurringJob):
    row.get_by_role("button", name="Run now: Export Products").click()
    page.wait_for_url(re.compile(r"/runs/\d+/$"))
    expect(page.get_by_text("Waiting for a worker…")).to_be_visible()
    run = JobRun.objects.get(job=job)
    # a worker picks the run up; the page follows it by itself
    assert run_execute(run.pk) == "succeeded"
    summary = page.locator(".summary-grid")
    expect(summary).to_contain_text("Succeeded")
    expect(summary).to_contain_text("Run now")
    expect(page.locator(".counts")).to_contain_text("1sent")
    events = page.locator(".events-table")
    expect(events).to_contain_text(f"Export Products to {STORE}: 1 SKUs sent.")
    expect(events.locator(".badge")).to_have_text(["Info"])


def test_the_other_system_settings_article(tenant, sign_in, page):
    # given a beta sandbox store of an account with one product, and its Organization Owner
    store = make_channel(tenant.account, STORE)
    make_variants(tenant.account, "TEE-S", product_name="Trail Tee")
    sign_in(tenant.user(Role.ORGANIZATION_OWNER))
    # when the account is selected and the store opened from Sales Channels → Channels
    open_the_channel(page, tenant)
    # then scrolling down shows Other System Settings with the Main Job Periods
    section = scroll_to_the_section(page)
    # and the periods chosen are saved by the page's Save (top) and shown again after a reload
    section = set_the_periods_and_save_at_the_top(page, section)
    # and Export Products at None will not run
    row = set_export_to_none(page, section)
    export = RecurringJob.objects.get(channel=store, job_type="export_products")
    assert (export.period, export.next_run_at) == ("none", None)
    # and Run now runs it anyway, on a page that follows the run to its end
    run_now_and_follow_the_run(page, row, export)
