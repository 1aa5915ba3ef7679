"""Reconciliation (ADR 0004 §8): the sales channel's recurring Export Inventory in a sending
mode reads the channel's levels, records them (``ListingState.known``) and queues a full for
every listing that differs from Available and has nothing pending; in *Do not Synchronize* it
is skipped with an Info event. A manual sync is not reconciliation.

The store is ``make_store``'s (Available: SHOP-TEE-S 6 at loc-1, 10 at loc-2; SHOP-MUG 0 at
loc-1, 5 at loc-2).
"""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.channels.models import Channel
from openoms.connectors.base import ListingLevel
from openoms.sync.outbox_models import ListingState, PendingPush
from openoms.tenancy.actor import Actor
from tests.sync.runs import install_connector, run_events
from tests.sync.test_inventory_export_job import make_store
from tests.sync.test_outbox_reads import pending, state

pytestmark = pytest.mark.django_db

TEE, MUG, CAP = (f"gid://shopify/InventoryItem/{n}" for n in (1, 2, 3))


class Reader:
    """A store that answers ``read_levels`` with ``levels`` and records what it was asked."""

    def __init__(self, levels: list[ListingLevel]):
        self.levels = levels
        self.asked: list[list[str]] = []

    def factory(self, credentials: dict, channel_ref: str) -> Reader:
        return self

    def push_inventory(self, levels) -> int:
        raise AssertionError("reconciliation never pushes directly")

    def read_levels(self, locations) -> list[ListingLevel]:
        self.asked.append(list(locations))
        return self.levels


class Pusher:
    """A store that cannot read its levels."""

    def factory(self, credentials: dict, channel_ref: str) -> Pusher:
        return self

    def push_inventory(self, levels) -> int:
        raise AssertionError("reconciliation never pushes directly")


DRIFTED = [
    ListingLevel(TEE, "SHOP-TEE-S", "loc-1", 6),  # holds its Available
    ListingLevel(TEE, "SHOP-TEE-S", "loc-2", 12),  # drifted: 10 is right
    ListingLevel(MUG, "SHOP-MUG", "loc-1", 4),  # drifted, but a change is pending there
    ListingLevel(MUG, "SHOP-MUG", "loc-2", None),  # not stocked at loc-2
    ListingLevel(CAP, "CAP-X", "loc-1", 50),  # not mapped: not OpenOMS's to correct
]


@pytest.fixture
def store(tenant) -> Channel:
    return make_store(tenant.account)


def recurring_run(channel: Channel) -> JobRun:
    """Run now of the store's recurring Export Inventory job, executed as a worker does."""
    jobs_ensure(channel.account)
    job = RecurringJob.objects.get(channel=channel, job_type="export_inventory")
    run = job_run_now(actor=Actor.system(), job=job)
    run_execute(run.pk)
    return JobRun.objects.get(pk=run.pk)


def known(channel: Channel) -> list[tuple[str, str, str, int | None]]:
    rows = ListingState.objects.filter(channel=channel).order_by("listing_ref", "location")
    return list(rows.values_list("listing_ref", "channel_sku", "location", "known"))


def test_a_sending_mode_reads_the_levels_and_queues_fulls_for_drift(monkeypatch, store):
    reader = Reader(DRIFTED)
    install_connector(monkeypatch, "sandbox_sales", reader.factory)
    pending(store, "SHOP-MUG", "loc-1", delta=-1)

    run = recurring_run(store)

    assert reader.asked == [["loc-1", "loc-2"]]
    summary = (
        "Export Inventory to Demo Store (reconciliation): 3 levels checked, 2 differed from "
        "OpenOMS, 1 queued for a full value."
    )
    assert (run.status, run.counts, run.summary) == (
        "succeeded",
        {"checked": 3, "drifted": 2, "queued": 1},
        summary,
    )
    assert run_events(run)[-1] == ("info", summary)
    assert known(store) == [
        (TEE, "SHOP-TEE-S", "loc-1", 6),
        (TEE, "SHOP-TEE-S", "loc-2", 12),
        (MUG, "SHOP-MUG", "loc-1", 4),
        (MUG, "SHOP-MUG", "loc-2", None),
    ]
    fulls = PendingPush.objects.filter(channel=store, full=True)
    assert list(fulls.values_list("channel_sku", "location")) == [("SHOP-TEE-S", "loc-2")]
    mug = PendingPush.objects.get(channel=store, channel_sku="SHOP-MUG", location="loc-1")
    assert (mug.full, mug.delta) == (False, -1)  # pending already: left to the drain
    drains = JobRun.objects.filter(job__channel=store, job_type="push_inventory_updates")
    assert list(drains.values_list("status", flat=True)) == ["queued"]  # the drain sends them


def test_a_second_read_updates_what_openoms_knows(monkeypatch, store):
    state(store, TEE, "SHOP-TEE-S", "loc-1", 2, last_sent=2)
    install_connector(monkeypatch, "sandbox_sales", Reader(DRIFTED[:1]).factory)

    run = recurring_run(store)

    assert run.counts == {"checked": 1, "drifted": 0, "queued": 0}
    assert known(store) == [(TEE, "SHOP-TEE-S", "loc-1", 6)]
    assert ListingState.objects.get(channel=store).last_sent == 2
    assert not PendingPush.objects.filter(channel=store).exists()
    assert not JobRun.objects.filter(job_type="push_inventory_updates").exists()


def test_do_not_synchronize_skips_with_an_info_event(monkeypatch, store):
    Channel.objects.filter(pk=store.pk).update(inventory_sync_mode="do_not_sync")
    reader = Reader(DRIFTED)
    install_connector(monkeypatch, "sandbox_sales", reader.factory)

    run = recurring_run(store)

    reason = (
        "Export Inventory of Demo Store was skipped: its Inventory Synchronization with Sales "
        "Channel is Do not Synchronize, so OpenOMS sends it no inventory (its manual Sync sends "
        "full values)."
    )
    assert (run.status, run.counts) == ("skipped", {"channels skipped": 1})
    assert run_events(run) == [("info", reason)]
    assert reader.asked == []
    assert known(store) == []


def test_a_store_that_cannot_read_is_compared_with_what_openoms_knows(monkeypatch, store):
    state(store, TEE, "SHOP-TEE-S", "loc-1", 6)
    state(store, TEE, "SHOP-TEE-S", "loc-2", 9)
    state(store, MUG, "SHOP-MUG", "loc-2", None)
    install_connector(monkeypatch, "sandbox_sales", Pusher().factory)

    run = recurring_run(store)

    assert run.counts == {"checked": 2, "drifted": 1, "queued": 1}
    fulls = PendingPush.objects.filter(channel=store, full=True)
    assert list(fulls.values_list("channel_sku", "location")) == [("SHOP-TEE-S", "loc-2")]


def test_no_warehouse_mapping_stops_the_run_with_why(monkeypatch, store):
    store.warehouse_mappings.all().delete()
    install_connector(monkeypatch, "sandbox_sales", Reader(DRIFTED).factory)

    run = recurring_run(store)

    assert run.status == "failed"
    assert Event.objects.filter(run_id=run.pk).values_list("level", "message").get() == (
        "error",
        "Export Inventory of Demo Store stopped: Demo Store has no warehouse mapping: map a "
        "warehouse to each of its locations under Warehouse Mappings. Nothing was exported.",
    )


def test_listings_sharing_a_sku_are_each_recorded_and_queued_once(monkeypatch, store):
    twin = "gid://shopify/InventoryItem/9"
    levels = [
        ListingLevel(TEE, "SHOP-TEE-S", "loc-1", 6),
        ListingLevel(twin, "SHOP-TEE-S", "loc-1", 2),  # the duplicate listing drifted
        ListingLevel(twin, "SHOP-TEE-S", "loc-1", 2),  # read twice: counted once
    ]
    install_connector(monkeypatch, "sandbox_sales", Reader(levels).factory)

    run = recurring_run(store)

    assert run.counts == {"checked": 2, "drifted": 1, "queued": 1}
    assert known(store) == [(TEE, "SHOP-TEE-S", "loc-1", 6), (twin, "SHOP-TEE-S", "loc-1", 2)]
    fulls = PendingPush.objects.filter(channel=store, full=True)
    assert list(fulls.values_list("channel_sku", "location")) == [("SHOP-TEE-S", "loc-1")]
