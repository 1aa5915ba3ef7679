"""Personal-data retention in a real browser: an Account Administrator sets the Shopify store's
PII retention days (Advanced Settings) and the account's (Privacy tab), runs the PII Redaction
job from the Recurring Jobs tab (this test executes the queued run, as a worker would), and the
old orders' pages say their personal data was redacted and show none of it, while a recent
order keeps its customer."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from openoms.automation.models import JobRun
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import run_execute
from openoms.channels.models import Channel
from openoms.orders.models import SalesOrder
from openoms.tenancy.roles import Role
from tests.privacy.builders import Person, cancelled, days_ago, make_shop, manual_order

BY_HAND = Person(
    "Philippa Aldercott",
    "philippa@aldercott.example",
    "+1 613 555 0151",
    "40 Wintergreen Way",
    "Kanataville",
)
FROM_STORE = Person(
    "Oskar Lindqvist-Berg",
    "oskar@berg.example",
    "+1 905 555 0152",
    "7 Harbourfront Quay",
    "Niagaraford",
)
RECENT = Person("Temperance Okafor", "temperance@okafor.example", "+1 403 555 0153",
                "19 Chinook Ridge", "Canmoreton")  # fmt: skip


def menu(page, label: str):
    return page.get_by_role("navigation", name="Main menu").get_by_role("link", name=label)


def set_store_retention(page, days: str) -> None:
    page.goto("/sales-channels/")
    page.get_by_role("link", name="Proof Shop").click()
    page.get_by_role("tab", name="Advanced Settings").click()
    expect(page.get_by_text("Redaction is irreversible.")).to_be_visible()
    page.get_by_label("PII retention days").fill(days)
    page.get_by_role("button", name="Save the channel and its Other System Settings").first.click()
    expect(page.locator(".flash-success")).to_contain_text("Channel settings saved")


def set_account_retention(page, days: str) -> None:
    menu(page, "Account").click()
    page.get_by_role("tab", name="Privacy").click()
    expect(page.get_by_text(re.compile("Redaction is irreversible"))).to_be_visible()
    page.get_by_label(re.compile("PII retention days for non-sales channels")).fill(days)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("Account settings saved"))).to_be_visible()


def run_the_redaction(page) -> JobRun:
    page.get_by_role("tablist", name="Sections").get_by_role("link", name="Recurring Jobs").click()
    expect(page.locator("[data-pii-intro]")).to_contain_text("Redaction is irreversible.")
    page.get_by_role("button", name="Run now: PII Redaction").click()
    page.wait_for_url(re.compile(r"/runs/\d+/$"))
    run = JobRun.objects.get(job_type="pii_redaction")
    assert run_execute(run.pk) == "succeeded"  # a worker picks the run up
    expect(page.locator(".summary-grid")).to_contain_text("Succeeded")
    expect(page.locator(".events-table")).to_contain_text("PII Redaction: 2 orders redacted")
    return run


def order_page(page, number: str):
    menu(page, "Sales Orders").click()
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"Order {number}")
    return page.locator("main")


def test_retention_set_in_the_ui_and_the_job_run_from_the_recurring_jobs_tab(tenant, sign_in, page):
    # given: an old cancelled order entered by hand, an old one from the store, a recent one
    shop = make_shop(tenant)
    jobs_ensure(tenant.account)
    cancelled(shop, manual_order(shop, "H-100", BY_HAND, days_ago(45)), BY_HAND)
    from_store = manual_order(
        shop, "S-200", FROM_STORE, days_ago(20), source="channel",
        channel_id=shop.store.pk, external_ref="gid://shopify/Order/200",
    )  # fmt: skip
    cancelled(shop, from_store, FROM_STORE)
    cancelled(shop, manual_order(shop, "H-300", RECENT, days_ago(2)), RECENT)
    sign_in(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when: the store keeps 14 days, the account 30, and the job runs
    set_store_retention(page, "14")
    set_account_retention(page, "30")
    assert Channel.objects.get(pk=shop.store.pk).pii_retention_days == 14
    run = run_the_redaction(page)
    # then: the old orders' pages say so and show none of their customers' data
    for number, person in (("H-100", BY_HAND), ("S-200", FROM_STORE)):
        main = order_page(page, number)
        expect(main.locator("[data-redacted]")).to_contain_text(
            re.compile(r"Personal data redacted on \d{4}-\d\d-\d\d \d\d:\d\d")
        )
        expect(main.locator("[data-redacted]")).to_contain_text("This is irreversible.")
        for value in person.values:
            expect(main).not_to_contain_text(value)
        expect(main).to_contain_text("[redacted]")
        expect(main.locator("table.order-lines")).to_contain_text("TEE")
    # and the recent order keeps its customer
    main = order_page(page, "H-300")
    expect(main.locator("[data-redacted]")).to_have_count(0)
    expect(main).to_contain_text(RECENT.name)
    assert run.job.account_id == tenant.account.pk
    assert SalesOrder.objects.filter(redacted_at__isnull=False).count() == 2
