"""Export Inventory: each mapped SKU's Available quantity, as a full value, at each location."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import job_update, jobs_ensure
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.connectors.registry import CONNECTORS, Planned
from openoms.connectors.types import StockLevel
from openoms.core.capabilities import STORE_CAPABILITIES
from openoms.core.errors import NotFound
from openoms.inventory.models import InventoryLevel
from openoms.sync.pipeline import sync_start
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse, snapshot
from tests.sync.conftest import event_lines, make_channel
from tests.sync.runs import SYSTEM, install_connector, run_events, sync_now

EXPORT = "export_inventory"


class Recorder:
    """A store connector that records every use of it and what it was sent."""

    def __init__(self):
        self.created: list[str] = []
        self.pushed: list[list[StockLevel]] = []

    def factory(self, credentials: dict, channel_ref: str) -> Recorder:
        self.created.append(channel_ref)
        return self

    def push_inventory(self, levels) -> int:
        self.pushed.append(list(levels))
        return len(self.pushed[-1])


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    recorder = Recorder()
    install_connector(monkeypatch, "sandbox_sales", recorder.factory)
    return recorder


def level(account, variant, warehouse, total: int, allocated: int = 0, on_hold: int = 0):
    return InventoryLevel.objects.create(
        account=account,
        variant=variant,
        warehouse=warehouse,
        total=total,
        allocated=allocated,
        on_hold=on_hold,
    )


def make_store(account, name: str = "Demo Store", *, kind: str = "sandbox_sales") -> Channel:
    """A store with location "loc-1" fed by A and "loc-2" by virtual V (A + B); its channel
    SKUs SHOP-TEE-S and SHOP-MUG map TEE-S and MUG; CAP has no mapping. Levels: TEE-S 10 at A
    (3 allocated, 1 on hold) and 4 at B; MUG 2 at A (5 allocated) and 8 at B; CAP 50 at A."""
    org = account.organization
    a, b = make_warehouse(org, "A"), make_warehouse(org, "B")
    v = make_warehouse(org, "V", kind="virtual", members=[a, b])
    enable(account, a, b, v)
    variants = make_variants(account, "TEE-S", "MUG", "CAP")
    level(account, variants["TEE-S"], a, 10, allocated=3, on_hold=1)
    level(account, variants["TEE-S"], b, 4)
    level(account, variants["MUG"], a, 2, allocated=5)
    level(account, variants["MUG"], b, 8)
    level(account, variants["CAP"], a, 50)
    channel = make_channel(account, name, kind=kind)
    WarehouseMapping.objects.create(channel=channel, warehouse=a, external_id="loc-1")
    WarehouseMapping.objects.create(channel=channel, warehouse=v, external_id="loc-2")
    for channel_sku, sku in (("SHOP-TEE-S", "TEE-S"), ("SHOP-MUG", "MUG")):
        SkuMapping.objects.create(
            account=account, channel=channel, channel_sku=channel_sku, variant=variants[sku]
        )
    return Channel.objects.select_related("account").get(pk=channel.pk)


@pytest.fixture
def store(tenant) -> Channel:
    return make_store(tenant.account)


EXPECTED = [
    StockLevel("SHOP-MUG", "loc-1", 0),  # 2 - 5 allocated: never below zero
    StockLevel("SHOP-TEE-S", "loc-1", 6),  # 10 - 3 allocated - 1 on hold
    StockLevel("SHOP-MUG", "loc-2", 5),  # (2 + 8) - 5
    StockLevel("SHOP-TEE-S", "loc-2", 10),  # (10 + 4) - 3 - 1
]


def test_export_sends_each_mapped_sku_available_quantity_at_each_location(
    tenant, actor, store, recorder
):
    # given
    before = snapshot()
    # when
    run = sync_now(store, EXPORT, actor)
    # then
    assert recorder.pushed == [EXPECTED]
    assert {type(level.quantity) for level in recorder.pushed[0]} == {int}
    summary = "Export Inventory to Demo Store: 4 quantities sent to 2 locations."
    assert (run.status, run.trigger, run.channel_id) == ("succeeded", "manual", store.pk)
    assert (run.counts, run.summary) == ({"sent": 4}, summary)
    assert event_lines(tenant.account) == [("info", summary)]
    assert snapshot() == before


def test_a_negative_available_quantity_is_sent_as_zero(tenant, actor, store, recorder):
    # given TEE-S at A: 2 in stock, 3 allocated, 1 on hold (-2 available)
    InventoryLevel.objects.filter(variant__sku="TEE-S", warehouse__code="A").update(total=2)
    # when
    sync_now(store, EXPORT, actor)
    # then (at V: 2 + 4 - 3 - 1 = 2)
    sent = {(level.sku, level.location): level.quantity for level in recorder.pushed[0]}
    assert sent[("SHOP-TEE-S", "loc-1")] == 0
    assert sent[("SHOP-TEE-S", "loc-2")] == 2


def test_a_mapped_sku_without_a_level_is_sent_as_zero(tenant, actor, store, recorder):
    # given
    InventoryLevel.objects.filter(variant__sku="MUG").delete()
    # when
    sync_now(store, EXPORT, actor)
    # then
    sent = {(level.sku, level.location): level.quantity for level in recorder.pushed[0]}
    assert sent == {
        ("SHOP-MUG", "loc-1"): 0,
        ("SHOP-TEE-S", "loc-1"): 6,
        ("SHOP-MUG", "loc-2"): 0,
        ("SHOP-TEE-S", "loc-2"): 10,
    }


def test_a_store_without_a_warehouse_mapping_fails_the_run(tenant, store, recorder, settings):
    # given
    WarehouseMapping.objects.filter(channel=store).delete()
    run = queued_run(settings, store)
    # when
    status = run_execute(run.pk)
    # then
    assert status == "failed"
    assert recorder.pushed == []
    assert list(Event.objects.filter(run_id=run.pk).values_list("level", "message")) == [
        (
            "error",
            "Export Inventory of Demo Store stopped: Demo Store has no warehouse mapping: map a "
            "warehouse to each of its locations under Warehouse Mappings. Nothing was exported.",
        )
    ]


def test_authorization_refresh_none_never_calls_the_store(tenant, actor, store, recorder):
    # given
    jobs_ensure(tenant.account)
    refresh = RecurringJob.objects.get(channel=store, job_type="authorization_refresh")
    job_update(actor=SYSTEM, job=refresh, period="none")
    # when
    run = sync_now(store, EXPORT, actor)
    # then
    assert recorder.created == []
    reason = (
        "Export Inventory of Demo Store was skipped: Authorization Refresh Settings of Demo Store "
        "is None (its Other System Settings): OpenOMS makes no API calls to this channel."
    )
    assert (run.status, run.summary) == ("skipped", reason)
    assert event_lines(tenant.account)[1:] == [("warning", reason)]  # after the period's change


def test_a_disabled_store_receives_nothing(tenant, store, recorder):
    # given
    Channel.objects.filter(pk=store.pk).update(is_enabled=False)
    # when
    run = sync_now(store, EXPORT)
    # then
    assert (run.status, run.counts) == ("skipped", {"channels skipped": 1})
    assert recorder.created == []
    assert run_events(run) == [
        (
            "warning",
            "Export Inventory of Demo Store was skipped: the channel Demo Store is disabled.",
        )
    ]


def test_a_kind_without_a_connector_is_skipped_with_a_warning(tenant, monkeypatch):
    # given a kind whose connector is still planned
    monkeypatch.setitem(CONNECTORS, "shopify", Planned("Shopify", STORE_CAPABILITIES))
    shop = make_store(tenant.account, "Shop", kind="shopify")
    # when
    run = sync_now(shop, EXPORT)
    # then
    reason = (
        "Export Inventory of Shop was skipped: The Shopify connector arrives in a later "
        "release. Nothing was done."
    )
    assert (run.status, run.summary) == ("skipped", reason)
    assert run_events(run) == [("warning", reason)]


def test_only_the_channel_accounts_levels_are_read(tenant, other_tenant, actor, store, recorder):
    # given another tenant's store with the same codes and SKUs, and our second account's own
    # TEE-S and MUG in our warehouse A
    make_store(other_tenant.account)
    InventoryLevel.objects.filter(account=other_tenant.account).update(total=900)
    second, a = tenant.second_account, location_warehouse(store, "loc-1")
    enable(second, a)
    for variant in make_variants(second, "TEE-S", "MUG").values():
        level(second, variant, a, 700)
    # when
    sync_now(store, EXPORT, actor)
    # then
    assert recorder.pushed == [EXPECTED]


def location_warehouse(channel: Channel, location: str):
    return channel.warehouse_mappings.get(external_id=location).warehouse


def test_another_tenants_actor_cannot_export_our_store(other_tenant, store, recorder):
    # given
    stranger = Actor.for_user(other_tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    with pytest.raises(NotFound):
        sync_start(actor=stranger, channel=store, job_type=EXPORT)
    # then
    assert recorder.created == []
    assert not Event.objects.exists()
    assert not JobRun.objects.exists()


def test_a_run_now_through_the_executor_reconciles_and_counts(tenant, store, recorder, settings):
    # given a store that cannot read its levels back, and nothing known of it yet
    run = queued_run(settings, store)
    # when
    status = run_execute(run.pk)
    # then the recurring job is reconciliation (tests/sync/test_reconciliation.py): no push
    run = JobRun.objects.get(pk=run.pk)
    assert status == run.status == "succeeded"
    assert run.counts == {"checked": 0, "drifted": 0, "queued": 0}
    assert run.summary == (
        "Export Inventory to Demo Store (reconciliation): 0 levels checked, 0 differed from "
        "OpenOMS, 0 queued for a full value."
    )
    assert recorder.pushed == []
    events = Event.objects.filter(account=tenant.account)
    assert list(events.values_list("run_id", "level")) == [(run.pk, "info")]


def queued_run(settings, channel: Channel) -> JobRun:
    """A Run now of the store's Export Inventory job."""
    jobs_ensure(channel.account)
    job = RecurringJob.objects.get(channel=channel, job_type="export_inventory")
    return job_run_now(actor=Actor.system(), job=job)
