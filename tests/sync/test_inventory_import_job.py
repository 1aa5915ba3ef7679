"""Import Inventory: a 3PL's on-hand counts become the levels of the warehouses it serves."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import job_update, jobs_ensure
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.connectors import registry, sandbox_inventory
from openoms.connectors.base import ConnectorError
from openoms.connectors.types import StockLevel
from openoms.core.errors import NotFound
from openoms.inventory.models import (
    AccountWarehouse,
    InventoryLevel,
    InventoryMovement,
    Warehouse,
)
from openoms.sync.pipeline import sync_start
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, levels_by_key, make_variants, make_warehouse, set_level
from tests.sync.conftest import event_lines, make_channel
from tests.sync.runs import install_connector, run_events, sync_now

SYSTEM = Actor.system("test")
HOUR = 490_000
IMPORT = "import_inventory"


class Recorder:
    """A 3PL connector that reports given counts and records every use of it."""

    def __init__(self, reported=(), error: str | None = None):
        self.reported, self.error = list(reported), error
        self.created: list[str] = []
        self.fetched: list[tuple[list[str], list[str]]] = []

    def factory(self, credentials: dict, channel_ref: str) -> Recorder:
        self.created.append(channel_ref)
        return self

    def fetch_inventory(self, skus, locations):
        self.fetched.append((list(skus), list(locations)))
        if self.error:
            raise ConnectorError(self.error)
        return self.reported


def use(monkeypatch, recorder: Recorder) -> Recorder:
    install_connector(monkeypatch, "sandbox_fulfillment", recorder.factory)
    return recorder


def make_3pl(account, name: str = "Demo 3PL", *, kind: str = "sandbox_fulfillment") -> Channel:
    """A 3PL serving A and B (B known to it as "loc-b"), with the SKUs TEE-S (its "3PL-TEE-S"),
    TEE-M and MUG; C is enabled for the account but not served."""
    org = account.organization
    warehouses = {code: make_warehouse(org, code) for code in "ABC"}
    enable(account, *warehouses.values())
    variants = make_variants(account, "TEE-S", "TEE-M", "MUG")
    channel = make_channel(account, name, kind=kind)
    for code in "AB":
        ChannelWarehouse.objects.create(channel=channel, warehouse=warehouses[code])
    WarehouseMapping.objects.create(channel=channel, warehouse=warehouses["B"], external_id="loc-b")
    SkuMapping.objects.create(
        account=account, channel=channel, channel_sku="3PL-TEE-S", variant=variants["TEE-S"]
    )
    return Channel.objects.select_related("account").get(pk=channel.pk)


@pytest.fixture
def three_pl(tenant) -> Channel:
    return make_3pl(tenant.account)


@pytest.fixture
def frozen_hour(monkeypatch):
    monkeypatch.setattr(sandbox_inventory, "current_hour", lambda: HOUR)


def variant(account, sku: str) -> ProductVariant:
    return ProductVariant.objects.get(account=account, sku=sku)


def warehouse(account, code: str) -> Warehouse:
    return Warehouse.objects.get(organization=account.organization, code=code)


def movements(account) -> list[tuple]:
    rows = InventoryMovement.objects.filter(account=account).order_by("id")
    fields = ("change", "resulting", "trigger", "reference", "actor_label")
    return list(rows.values_list("level__warehouse__code", "level__variant__sku", *fields))


def test_the_3pl_is_asked_for_the_channel_skus_at_its_locations_and_sets_exact_levels(
    tenant, actor, three_pl, monkeypatch
):
    # given MUG at A already right, TEE-M at B and at A (not reported) set before
    account = tenant.account
    set_level(account, variant(account, "MUG"), warehouse(account, "A"), 7)
    set_level(account, variant(account, "TEE-M"), warehouse(account, "B"), 5)
    set_level(account, variant(account, "TEE-M"), warehouse(account, "A"), 9)
    reported = [
        StockLevel("3PL-TEE-S", "A", 12),
        StockLevel("3PL-TEE-S", "loc-b", 0),
        StockLevel("MUG", "A", 7),
        StockLevel("TEE-M", "loc-b", 30),
    ]
    recorder = use(monkeypatch, Recorder(reported))
    # when
    result = sync_now(three_pl, IMPORT, actor)
    # then the mapped channel SKU, then the account's unmapped SKUs, at A and B's location id
    assert recorder.fetched == [(["3PL-TEE-S", "MUG", "TEE-M"], ["A", "loc-b"])]
    assert result.counts == {"updated": 2, "unchanged": 2, "unknown SKUs": 0}
    assert levels_by_key(account) == {
        ("A", "TEE-S"): 12,
        ("B", "TEE-S"): 0,
        ("A", "MUG"): 7,
        ("B", "TEE-M"): 30,
        ("A", "TEE-M"): 9,
    }
    assert movements(account)[3:] == [  # after the 3 opening movements
        ("A", "TEE-S", 12, 12, "fc_manual_sync", f"channel {three_pl.pk}", actor.label),
        ("B", "TEE-M", 25, 30, "fc_manual_sync", f"channel {three_pl.pk}", actor.label),
    ]
    assert event_lines(account) == [
        ("info", "Import Inventory from Demo 3PL: 2 updated, 2 unchanged, 0 unknown SKUs.")
    ]


def test_a_second_run_in_the_same_hour_changes_nothing(tenant, actor, three_pl, frozen_hour):
    # given a first run from the sandbox 3PL
    first = sync_now(three_pl, IMPORT, actor)
    levels, moved = levels_by_key(tenant.account), movements(tenant.account)
    # when
    second = sync_now(three_pl, IMPORT, actor)
    # then the sandbox's counts were written once, exactly, and the second run found them
    expected = sandbox_levels("Demo 3PL")
    nonzero = sum(1 for total in expected.values() if total)
    assert levels == expected
    assert first.counts == {"updated": nonzero, "unchanged": 6 - nonzero, "unknown SKUs": 0}
    assert moved == [
        (code, sku, total, total, "fc_manual_sync", f"channel {three_pl.pk}", actor.label)
        for (code, sku), total in expected.items()
        if total
    ]
    assert second.counts == {"updated": 0, "unchanged": 6, "unknown SKUs": 0}
    assert levels_by_key(tenant.account) == levels
    assert movements(tenant.account) == moved


def sandbox_levels(name: str) -> dict[tuple[str, str], int]:
    """What the sandbox 3PL reports this (frozen) hour, by (warehouse, SKU), in its order."""
    stock = sandbox_inventory.sandbox_stock
    return {
        (code, sku): stock(name, asked, location, HOUR)
        for code, location in (("A", "A"), ("B", "loc-b"))
        for sku, asked in (("TEE-S", "3PL-TEE-S"), ("MUG", "MUG"), ("TEE-M", "TEE-M"))
    }


def test_each_unknown_sku_is_skipped_with_one_warning(tenant, actor, three_pl, monkeypatch):
    # given the 3PL reports GHOST at both locations, and TEE-S under its OpenOMS SKU
    reported = [
        StockLevel("GHOST", "A", 4),
        StockLevel("GHOST", "loc-b", 6),
        StockLevel("TEE-S", "A", 3),
        StockLevel("ODD", "A", 1),
    ]
    use(monkeypatch, Recorder(reported))
    # when
    result = sync_now(three_pl, IMPORT, actor)
    # then
    assert result.counts == {"updated": 1, "unchanged": 0, "unknown SKUs": 2}
    assert levels_by_key(tenant.account) == {("A", "TEE-S"): 3}
    hint = "map it under SKU Mappings or create it in OpenOMS. Its stock was not imported."
    assert event_lines(tenant.account) == [
        ("warning", f"Unknown SKU GHOST reported by Demo 3PL: {hint}"),
        ("warning", f"Unknown SKU ODD reported by Demo 3PL: {hint}"),
        ("info", "Import Inventory from Demo 3PL: 1 updated, 0 unchanged, 2 unknown SKUs."),
    ]
    warnings = Event.objects.filter(level="warning").order_by("id")
    assert list(warnings.values_list("entity_type", "entity_id", "channel_id")) == [
        ("sku", "GHOST", three_pl.pk),
        ("sku", "ODD", three_pl.pk),
    ]


def test_a_negative_count_is_rejected_with_a_warning(tenant, actor, three_pl, monkeypatch):
    # given
    use(monkeypatch, Recorder([StockLevel("MUG", "A", -4), StockLevel("TEE-M", "A", 3)]))
    # when
    result = sync_now(three_pl, IMPORT, actor)
    # then
    assert result.counts == {"updated": 1, "unchanged": 0, "unknown SKUs": 0, "rejected": 1}
    assert levels_by_key(tenant.account) == {("A", "TEE-M"): 3}
    assert event_lines(tenant.account) == [
        ("warning", "MUG at A: The total must be 0 or more; got -4."),
        (
            "info",
            "Import Inventory from Demo 3PL: 1 updated, 0 unchanged, 0 unknown SKUs, 1 rejected.",
        ),
    ]


def test_a_served_warehouse_no_longer_enabled_is_left_out_with_a_warning(
    tenant, actor, three_pl, monkeypatch
):
    # given
    AccountWarehouse.objects.filter(account=tenant.account, warehouse__code="B").delete()
    recorder = use(monkeypatch, Recorder([StockLevel("MUG", "A", 2)]))
    # when
    result = sync_now(three_pl, IMPORT, actor)
    # then
    assert recorder.fetched == [(["3PL-TEE-S", "MUG", "TEE-M"], ["A"])]
    assert result.counts == {"updated": 1, "unchanged": 0, "unknown SKUs": 0}
    assert event_lines(tenant.account)[0] == (
        "warning",
        "Warehouse B is not enabled for this account: its stock was not imported.",
    )


def test_a_channel_serving_no_warehouse_fails_the_run_and_writes_no_level(
    tenant, three_pl, monkeypatch, settings
):
    # given
    ChannelWarehouse.objects.filter(channel=three_pl).delete()
    recorder = use(monkeypatch, Recorder([StockLevel("MUG", "A", 5)]))
    run = queued_run(settings, three_pl)
    # when
    status = run_execute(run.pk)
    # then
    assert status == "failed"
    assert not InventoryLevel.objects.exists()
    assert recorder.fetched == []
    assert list(Event.objects.filter(run_id=run.pk).values_list("level", "message")) == [
        (
            "error",
            "Import Inventory of Demo 3PL stopped: Demo 3PL serves no warehouse: set its "
            "warehouses in Main Settings.",
        )
    ]


def test_authorization_refresh_none_never_calls_the_3pl(tenant, actor, three_pl, monkeypatch):
    # given
    jobs_ensure(tenant.account)
    refresh = RecurringJob.objects.get(channel=three_pl, job_type="authorization_refresh")
    job_update(actor=SYSTEM, job=refresh, period="none")
    recorder = use(monkeypatch, Recorder([StockLevel("MUG", "A", 5)]))
    # when
    result = sync_now(three_pl, IMPORT, actor)
    # then
    assert recorder.created == []
    assert recorder.fetched == []
    assert not InventoryLevel.objects.exists()
    reason = (
        "Import Inventory of Demo 3PL was skipped: Authorization Refresh Settings of Demo 3PL is "
        "None (its Other System Settings): OpenOMS makes no API calls to this channel."
    )
    assert (result.status, result.summary) == ("skipped", reason)
    assert event_lines(tenant.account)[1:] == [("warning", reason)]  # after the period's change


def test_a_disabled_channel_imports_nothing(tenant, actor, three_pl, monkeypatch):
    # given
    Channel.objects.filter(pk=three_pl.pk).update(is_enabled=False)
    recorder = use(monkeypatch, Recorder([StockLevel("MUG", "A", 5)]))
    # when
    run = sync_now(three_pl, IMPORT)
    # then
    assert (run.status, run.counts) == ("skipped", {"channels skipped": 1})
    assert recorder.created == []
    assert not InventoryLevel.objects.exists()
    assert run_events(run) == [
        ("warning", "Import Inventory of Demo 3PL was skipped: the channel Demo 3PL is disabled.")
    ]


def test_a_kind_without_a_connector_is_skipped_with_a_warning(tenant, monkeypatch):
    # given a kind whose connector is still planned (as ShipBob's was)
    planned = registry.Planned("ShipBob", registry.connector_capabilities("shipbob"))
    monkeypatch.setitem(registry.CONNECTORS, "shipbob", planned)
    shipbob = make_3pl(tenant.account, "Bob", kind="shipbob")
    # when
    run = sync_now(shipbob, IMPORT)
    # then
    reason = (
        "Import Inventory of Bob was skipped: The ShipBob connector arrives in a later release. "
        "Nothing was done."
    )
    assert (run.status, run.summary) == ("skipped", reason)
    assert run_events(run) == [("warning", reason)]
    assert not InventoryLevel.objects.exists()


def test_a_failing_3pl_stops_the_run_and_writes_nothing(tenant, three_pl, monkeypatch):
    # given
    use(monkeypatch, Recorder([StockLevel("MUG", "A", 5)], error="The 3PL did not answer."))
    # when
    run = sync_now(three_pl, IMPORT)
    # then
    failure = "The 3PL did not answer."
    assert (run.status, run.summary) == ("failed", failure)
    assert run_events(run) == [("error", f"Import Inventory of Demo 3PL stopped: {failure}")]
    assert not InventoryLevel.objects.exists()


def test_only_the_channel_accounts_levels_are_written(
    tenant, other_tenant, actor, three_pl, monkeypatch
):
    # given another tenant with the same warehouse codes and SKUs, and our second account's
    # own TEE-S in our warehouse A
    make_3pl(other_tenant.account)
    other = other_tenant.account
    set_level(other, variant(other, "MUG"), warehouse(other, "A"), 50)
    second = tenant.second_account
    enable(second, warehouse(tenant.account, "A"))
    ours_too = make_variants(second, "TEE-S")["TEE-S"]
    set_level(second, ours_too, warehouse(tenant.account, "A"), 40)
    use(monkeypatch, Recorder([StockLevel("MUG", "A", 5), StockLevel("3PL-TEE-S", "A", 8)]))
    # when
    sync_now(three_pl, IMPORT, actor)
    # then
    assert levels_by_key(tenant.account) == {("A", "MUG"): 5, ("A", "TEE-S"): 8}
    assert levels_by_key(other) == {("A", "MUG"): 50}
    assert levels_by_key(second) == {("A", "TEE-S"): 40}


def test_another_tenants_actor_cannot_import_into_our_channel(
    tenant, other_tenant, three_pl, monkeypatch
):
    # given
    recorder = use(monkeypatch, Recorder([StockLevel("MUG", "A", 5)]))
    stranger = Actor.for_user(other_tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    with pytest.raises(NotFound):
        sync_start(actor=stranger, channel=three_pl, job_type=IMPORT)
    # then
    assert recorder.created == []
    assert not InventoryLevel.objects.exists()
    assert not Event.objects.exists()


def test_a_run_now_through_the_executor_imports_and_counts(tenant, three_pl, frozen_hour, settings):
    # given
    run = queued_run(settings, three_pl)
    # when
    status = run_execute(run.pk)
    # then
    run = JobRun.objects.get(pk=run.pk)
    expected = sandbox_levels("Demo 3PL")
    nonzero = sum(1 for total in expected.values() if total)
    assert status == run.status == "succeeded"
    assert run.counts == {"updated": nonzero, "unchanged": 6 - nonzero, "unknown SKUs": 0}
    assert levels_by_key(tenant.account) == expected
    events = Event.objects.filter(account=tenant.account)
    assert list(events.values_list("run_id", "level")) == [(run.pk, "info")]
    assert run.summary == (
        f"Import Inventory from Demo 3PL: {nonzero} updated, {6 - nonzero} unchanged, "
        "0 unknown SKUs."
    )


def queued_run(settings, channel: Channel) -> JobRun:
    """A Run now of the channel's Import Inventory job."""
    jobs_ensure(channel.account)
    job = RecurringJob.objects.get(channel=channel, job_type="import_inventory")
    return job_run_now(actor=Actor.system(), job=job)
