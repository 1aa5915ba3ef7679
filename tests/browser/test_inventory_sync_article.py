"""Seed 002's *Inventory Synchronization with Sales Channel* article, step by step, in a real
browser, against the Shopify emulator: select the account, Sales Channels → Channels → the
channel; set each mode and Save (Do not Synchronize, then Real-Time Adjustment with its preview
confirmed: what the store missed is queued, and a manual change coalesces into it, in the
Outbox tab); the duplicate-SKU option warns about
overselling and switches the mode to Synchronize With Fulfillment Channel on Save; the manual
sync sends every SKU's full value; its run and events say what was sent, and the store holds
OpenOMS's quantities (read back with GraphQL); the fulfillment channel's manual sync changes the
levels and, in Synchronize With Fulfillment Channel, the store receives the full values."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.runs import run_execute
from openoms.channels.models import Channel, ChannelWarehouse
from openoms.inventory.models import InventoryLevel
from openoms.inventory.services.levels import level_adjust
from openoms.inventory.triggers import Trigger
from openoms.sync.models import PendingPush
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.connectors import shopify_emulator
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.sync import shopify_store
from tests.sync.shopify_store import shopify_channel
from tests.web.channel_data import make_channel

shopify_schema, live_store = shopify_emulator.shopify_schema, shopify_store.live_store  # fixtures
SKUS = {"TEE-S": 7, "TEE-M": 4}
MODE = "Inventory Synchronization with Sales Channel"
DUPLICATES = "Duplicate SKU - update inventory when duplicate skus are found"


def open_the_channel(page, tenant):
    """Steps 1 to 3: the account from the header switcher, Sales Channels → Channels, the name."""
    page.get_by_label("Selected account").select_option(str(tenant.account.pk))
    expect(page.get_by_label("Selected account")).to_have_value(str(tenant.account.pk))
    menu = page.get_by_role("navigation", name="Main menu")
    menu.locator(".nav-group", has_text="Sales Channels").get_by_role(
        "link", name="Channels"
    ).click()
    page.get_by_role("link", name="Proof Shop").click()
    expect(page.get_by_label(MODE)).to_have_value("sync_with_fulfillment_channel")


def highlighted_column(page) -> str:
    return page.locator("[data-trigger-table] th.is-current").text_content().strip()


def save(page):
    page.get_by_role("button", name="Save the channel and its Other System Settings").first.click()


def set_do_not_synchronize(page, channel):
    page.get_by_label(MODE).select_option(label="Do not Synchronize")
    expect(page.locator("[data-trigger-table] th.is-current")).to_have_text("Do not Synchronize")
    save(page)
    expect(page.get_by_label(MODE)).to_have_value("do_not_sync")
    channel.refresh_from_db()
    assert channel.inventory_sync_mode == "do_not_sync"


def set_real_time_with_its_preview(page, channel):
    """Into a sending mode: the preview first (nothing saved), then Confirm and save."""
    page.get_by_label(MODE).select_option(label="Real-Time Adjustment")
    save(page)
    preview = page.locator("[data-inventory-preview]")
    expect(preview).to_contain_text("Nothing was saved yet.")
    channel.refresh_from_db()
    assert channel.inventory_sync_mode == "do_not_sync"
    page.get_by_role("button", name="Confirm and save").click()
    expect(page.get_by_label(MODE)).to_have_value("real_time")
    assert highlighted_column(page) == "Real-Time Adjustment"
    channel.refresh_from_db()
    assert channel.inventory_sync_mode == "real_time"


def changes_wait_in_the_outbox(page, tenant, warehouse):
    """Switching on queued a full for every listing the store missed; a manual change of TEE-S
    coalesces into its full (a full makes a delta moot)."""
    level_adjust(
        actor=Actor.system("test"),
        account=tenant.account,
        warehouse=warehouse,
        variant="TEE-S",
        delta=-2,
        trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
    )
    page.get_by_role("link", name="Outbox").click()
    for sku in SKUS:
        row = page.locator("tr", has_text=sku)
        expect(row).to_contain_text("Pending")
        expect(row).to_contain_text("Full value")
    page.get_by_role("link", name="Main Settings").click()


def turn_duplicates_on(page, channel):
    """The warning shows as soon as Yes is chosen, and the mode (and the table's column) switch
    to Synchronize With Fulfillment Channel on the page; Save keeps both and warns again."""
    warning = page.locator("[data-duplicates-warning]")
    expect(warning).to_be_hidden()
    page.get_by_label(DUPLICATES).select_option(label="Yes")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("may lead to overselling")
    expect(page.get_by_label(MODE)).to_have_value("sync_with_fulfillment_channel")
    assert highlighted_column(page) == "Synchronize With Fulfillment Channel"
    save(page)
    expect(page.locator("[data-duplicates-warning]")).to_contain_text(
        "Saving it switches the mode to Synchronize With Fulfillment Channel."
    )
    flashes = page.get_by_role("status")
    expect(flashes).to_contain_text("Channel settings saved.")
    expect(flashes).to_contain_text("may lead to overselling")
    expect(flashes).to_contain_text(
        "Duplicate SKU is on, so Inventory Synchronization with Sales Channel was switched from "
        "Real-Time Adjustment to Synchronize With Fulfillment Channel."
    )
    expect(page.get_by_label(MODE)).to_have_value("sync_with_fulfillment_channel")
    expect(page.get_by_label(DUPLICATES)).to_have_value("yes")
    channel.refresh_from_db()
    assert (channel.inventory_sync_mode, channel.update_duplicate_skus) == (
        "sync_with_fulfillment_channel",
        True,
    )


def run_the_manual_sync(page, channel) -> JobRun:
    """The Sync menu's Export Inventory queues the run; a worker (here: this test) runs it."""
    page.locator("summary", has_text="Sync").click()
    page.get_by_role("button", name=re.compile("^Export Inventory")).click()
    run = JobRun.objects.filter(channel=channel, job_type="export_inventory").get()
    run_execute(run.pk)
    for queued in JobRun.objects.filter(status=RunStatus.QUEUED).order_by("id"):
        run_execute(queued.pk)  # the Push Inventory Updates run the switches queued: nothing left
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.summary
    return run


def run_the_fulfillment_channels_manual_sync(page, threepl) -> JobRun:
    """Fulfillment Channels → Channels → the 3PL, its Sync menu's Import Inventory; a worker
    (here: this test) runs it and the Push Inventory Updates runs it queued."""
    menu = page.get_by_role("navigation", name="Main menu")
    menu.locator(".nav-group", has_text="Fulfillment Channels").get_by_role(
        "link", name="Channels"
    ).click()
    page.get_by_role("link", name=threepl.name).click()
    page.locator("summary", has_text="Sync").click()
    page.get_by_role("button", name=re.compile("^Import Inventory")).click()
    run = JobRun.objects.filter(channel=threepl, job_type="import_inventory").get()
    run_execute(run.pk)
    for queued in JobRun.objects.filter(status=RunStatus.QUEUED).order_by("id"):
        run_execute(queued.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.summary
    return run


def available_in_openoms(warehouse) -> dict[str, int]:
    levels = InventoryLevel.objects.filter(warehouse=warehouse)
    return {
        level.variant.sku: max(level.available, 0) for level in levels.select_related("variant")
    }


def test_the_inventory_sync_article(tenant, sign_in, page, live_store):
    # given a beta Shopify channel on the store (7 and 4 in OpenOMS, 50 of each on the store)
    account = tenant.account
    location = live_store.seed(dict.fromkeys(SKUS, 50))
    warehouse = make_warehouse(account.organization, "A")
    enable(account, warehouse)
    variants = make_variants(account, *SKUS)
    for sku, total in SKUS.items():
        set_level(account, variants[sku], warehouse, total)
    channel = shopify_channel(
        account, live_store, warehouse, location, list(SKUS), mode="sync_with_fulfillment_channel"
    )
    sign_in(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when the channel is opened: its mode, with the table's column of that mode highlighted
    open_the_channel(page, tenant)
    assert highlighted_column(page) == "Synchronize With Fulfillment Channel"
    # and each mode is set and saved
    set_do_not_synchronize(page, channel)
    set_real_time_with_its_preview(page, channel)
    # then what the store missed, and a manual change, wait in the Outbox tab
    changes_wait_in_the_outbox(page, tenant, warehouse)
    # when the duplicate-SKU option is turned on: the warning, then the mode switched
    turn_duplicates_on(page, Channel.objects.get(pk=channel.pk))
    # and the manual sync is run
    run = run_the_manual_sync(page, channel)
    # then the store holds OpenOMS's quantities, the outbox is empty
    assert live_store.available(location) == {"TEE-S": 5, "TEE-M": 4}
    assert not PendingPush.objects.filter(channel=channel).exists()
    # and the run's page says what was sent; the Outbox tab has nothing left
    page.goto(f"/runs/{run.pk}/")
    summary = "Export Inventory to Proof Shop: 2 sent, 0 unchanged, 0 skipped."
    assert run.summary == summary
    expect(page.get_by_role("paragraph").filter(has_text=summary)).to_be_visible()
    expect(page.get_by_role("cell", name=summary)).to_be_visible()
    page.goto(f"/sales-channels/{channel.pk}/outbox/")
    expect(page.get_by_role("heading", name="Nothing to send")).to_be_visible()
    # when the fulfillment channel serving warehouse A runs its manual sync (its counts differ)
    threepl = make_channel(
        account, "Proof 3PL", "sandbox_fulfillment", "fulfillment", credentials={}
    )
    ChannelWarehouse.objects.create(channel=threepl, warehouse=warehouse)
    imported = run_the_fulfillment_channels_manual_sync(page, threepl)
    # then the levels changed, and in Synchronize With Fulfillment Channel the store received
    # the full values: it holds OpenOMS's new quantities
    assert imported.counts["updated"] == 2, imported.summary
    expected = available_in_openoms(warehouse)
    assert expected != {"TEE-S": 5, "TEE-M": 4}
    assert live_store.available(location) == expected
    assert not PendingPush.objects.filter(channel=channel).exists()
