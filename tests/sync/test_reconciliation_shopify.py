"""Reconciliation against the Shopify emulator: the connector's ``read_levels`` (a bulk read of
each location, free of the cost bucket) and a drifted store corrected by the channel's
recurring Export Inventory, read back with an ordinary GraphQL query."""

from __future__ import annotations

import pytest

from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.connectors.base import ListingLevel
from openoms.inventory.models import InventoryLevel
from openoms.sync.outbox_models import ListingState
from openoms.tenancy.actor import Actor
from tests.connectors import shopify_emulator
from tests.connectors.shopify import conftest as shopify_conftest
from tests.connectors.shopify_emulator import item_of, location_of
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.sync import shopify_store
from tests.sync.shopify_store import Store, drain, shopify_channel

# fixtures: the emulator on a manual clock, a connector to it, a seeded shop; the live store
shopify_schema, served, emulator = (
    shopify_emulator.shopify_schema,
    shopify_emulator.served,
    shopify_emulator.emulator,
)
connect, shop, live_store = (
    shopify_conftest.connect,
    shopify_conftest.shop,
    shopify_store.live_store,
)


def test_read_levels_reads_each_location_in_one_bulk_query(connect, shop):
    main, overflow = location_of(shop, "Main"), location_of(shop, "Overflow")
    built = connect()
    number = overflow.rsplit("/", 1)[1]

    levels = list(built.connector.read_levels([main, number]))

    assert sorted(levels, key=lambda lv: (lv.location, lv.sku)) == [
        ListingLevel(item_of(shop, "SH-S"), "SH-S", number, 7),
        ListingLevel(item_of(shop, "MUG"), "MUG", main, 3),
        ListingLevel(item_of(shop, "SH-M"), "SH-M", main, 0),
        ListingLevel(item_of(shop, "SH-S"), "SH-S", main, 5),
    ]
    names = [call.name for call, _ in built.answered]
    assert names.count("BulkOperationRunQuery") == 2
    assert built.warnings() == []


def test_a_location_the_store_does_not_have_is_a_warning(connect, shop):
    built = connect()

    levels = list(built.connector.read_levels(["gid://shopify/Location/999", "not-a-location"]))

    assert levels == []
    assert built.warnings() == [
        "Warehouse mapping(s) to 'gid://shopify/Location/999', 'not-a-location' name no active "
        "location of this Shopify store: their levels were not read."
    ]
    assert [call.name for call, _ in built.answered if "Bulk" in call.name] == []


@pytest.mark.django_db
def test_the_recurring_export_corrects_a_drifted_store(live_store: Store, tenant):
    # given OpenOMS: A-1 6 available, A-2 0 (2 in stock, 5 allocated), A-3 4; the store drifted
    # on A-1 (9) and A-2 (1), A-3 right
    location = live_store.seed({"A-1": 9, "A-2": 1, "A-3": 4})
    account = tenant.account
    warehouse = make_warehouse(account.organization, "MAIN")
    enable(account, warehouse)
    variants = make_variants(account, "A-1", "A-2", "A-3")
    set_level(account, variants["A-1"], warehouse, 6)
    InventoryLevel.objects.filter(pk=set_level(account, variants["A-2"], warehouse, 2).pk).update(
        allocated=5
    )
    set_level(account, variants["A-3"], warehouse, 4)
    channel = shopify_channel(
        account, live_store, warehouse, location, ["A-1", "A-2", "A-3"], mode="real_time"
    )
    jobs_ensure(account)
    job = RecurringJob.objects.get(channel=channel, job_type="export_inventory")

    # when the recurring job runs, then the drain
    run = job_run_now(actor=Actor.system(), job=job)
    run_execute(run.pk)
    drain(account)

    # then
    run = JobRun.objects.get(pk=run.pk)
    assert (run.status, run.counts) == ("succeeded", {"checked": 3, "drifted": 2, "queued": 2})
    assert live_store.available(location) == {"A-1": 6, "A-2": 0, "A-3": 4}
    assert sorted(
        ListingState.objects.filter(channel=channel).values_list("channel_sku", "known")
    ) == [
        ("A-1", 6),
        ("A-2", 0),
        ("A-3", 4),
    ]
