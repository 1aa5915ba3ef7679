"""Fixtures of the inventory sync outbox's tests: a beta store with two locations (loc-1: A,
loc-2: virtual V = A + B), mapped SKUs, and a fake store connector that records each call (its
kind, entries and key) and can be told to fail."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.runs import run_execute
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.connectors.base import ConnectorError, ListingLevel
from openoms.connectors.types import QuantityResult
from openoms.inventory.services.levels import level_adjust
from openoms.inventory.triggers import Trigger
from openoms.sync.models import PendingPush
from openoms.sync.services.outbox import outbox_is_empty
from tests.connectors import shopify_emulator as shared
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.sync.conftest import make_channel
from tests.sync.runs import SYSTEM, install_connector

PUSH = JobType.PUSH_INVENTORY_UPDATES
emulator, served, shopify_schema = shared.emulator, shared.served, shared.shopify_schema


@dataclass
class FakeStore:
    """A store connector: listings by SKU (``listed``: SKU → item refs), every call recorded as
    (kind, [(item, location, value, compare)], key), ``fail`` calls refused with a
    ``ConnectorError``; keys already applied are replayed (applied once); the quantities of
    ``stale`` items keep changing: their entries are handed back (``again``), as Shopify's
    connector does with a keyed batch."""

    listed: dict[str, list[str]] = field(default_factory=dict)
    calls: list[tuple[str, list[tuple], str | None]] = field(default_factory=list)
    held: dict[tuple[str, str], int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    fail: int = 0
    reads: int = 0
    stale: set[str] = field(default_factory=set)  # items whose quantity keeps changing

    def factory(self, credentials: dict, channel_ref: str) -> FakeStore:
        return self

    def read_levels(self, locations):
        self.reads += 1
        for sku, refs in self.listed.items():
            for ref in refs:
                for location in locations:
                    yield ListingLevel(ref, sku, location, self.held.get((ref, location), 0))

    def location_ref(self, location: str) -> str | None:
        return location if location.startswith("loc-") else None

    def push_capacity(self) -> int:
        return 250

    def set_quantities(self, quantities, key=None):
        return self._apply("set", quantities, key, lambda e, _: e.quantity)

    def adjust_quantities(self, deltas, key=None):
        return self._apply("adjust", deltas, key, lambda e, now: now + e.delta)

    def push_inventory(self, levels) -> int:
        return len(list(levels))

    def _apply(self, kind, entries, key, value):
        entries = list(entries)
        self.calls.append(
            (
                kind,
                [
                    (
                        e.inventory_item_id,
                        e.location_id,
                        getattr(e, "quantity", None) if kind == "set" else e.delta,
                        e.compare,
                    )
                    for e in entries
                ],
                key,
            )
        )
        if self.fail:
            self.fail -= 1
            raise ConnectorError("The store answered 503.")
        if key not in self.keys:
            for e in entries:
                where = (e.inventory_item_id, e.location_id)
                if e.inventory_item_id not in self.stale:
                    self.held[where] = value(e, self.held.get(where, 0))
            self.keys.add(key)
        return [
            QuantityResult(e.inventory_item_id, e.location_id, True)
            if e.inventory_item_id not in self.stale
            else QuantityResult(
                e.inventory_item_id,
                e.location_id,
                False,
                "CHANGE_FROM_QUANTITY_STALE",
                again=True,
                current=self.held.get((e.inventory_item_id, e.location_id), 0),
            )
            for e in entries
        ]


@pytest.fixture
def fake(monkeypatch) -> FakeStore:
    store = FakeStore(listed={"SHOP-TEE": ["item-tee"], "SHOP-MUG": ["item-mug"]})
    install_connector(monkeypatch, "sandbox_sales", store.factory)
    return store


@dataclass
class Shop:
    account: object
    channel: Channel
    a: object
    b: object
    variants: dict


@pytest.fixture
def shop(tenant) -> Shop:
    """A beta store in Real-Time Adjustment: loc-1 = A, loc-2 = V (A + B); SHOP-TEE maps TEE,
    SHOP-MUG maps MUG; CAP is unmapped."""
    account = tenant.account
    org = account.organization
    a, b = make_warehouse(org, "A"), make_warehouse(org, "B")
    v = make_warehouse(org, "V", kind="virtual", members=[a, b])
    enable(account, a, b, v)
    variants = make_variants(account, "TEE", "MUG", "CAP")
    channel = make_channel(account, "Demo Store")
    Channel.objects.filter(pk=channel.pk).update(inventory_sync_mode="real_time")
    channel.refresh_from_db()
    WarehouseMapping.objects.create(channel=channel, warehouse=a, external_id="loc-1")
    WarehouseMapping.objects.create(channel=channel, warehouse=v, external_id="loc-2")
    for channel_sku, sku in (("SHOP-TEE", "TEE"), ("SHOP-MUG", "MUG")):
        SkuMapping.objects.create(
            account=account, channel=channel, channel_sku=channel_sku, variant=variants[sku]
        )
    return Shop(account, channel, a, b, variants)


def adjust(shop: Shop, warehouse, sku: str, delta: int, trigger=Trigger.ADJUST_INVENTORY_MANUALLY):
    return level_adjust(
        actor=SYSTEM,
        account=shop.account,
        warehouse=warehouse,
        variant=shop.variants[sku],
        delta=delta,
        trigger=trigger,
    )


def pending(channel: Channel) -> dict[tuple[str, str], tuple[int, bool, int]]:
    """(channel SKU, location) → (delta, full, version) of the channel's outbox rows."""
    rows = PendingPush.objects.filter(channel=channel)
    return {(r.channel_sku, r.location): (r.delta, r.full, r.version) for r in rows}


def push_job(channel: Channel) -> RecurringJob:
    return RecurringJob.objects.get(channel=channel, job_type=PUSH)


def drain(channel: Channel) -> JobRun:
    """Execute the channel's queued Push Inventory Updates run, as a worker would."""
    job = push_job(channel)
    assert job.active_run_id is not None, "no run is queued"
    run_execute(job.active_run_id)
    return JobRun.objects.get(pk=job.active_run_id)


def drain_all(channel: Channel, runs: int = 20) -> list[JobRun]:
    """Execute the channel's Push Inventory Updates runs, one after the other, until its outbox
    is empty (each run queues the next while rows remain); the runs executed."""
    done = []
    while not outbox_is_empty(channel):
        assert len(done) < runs, f"the outbox is not empty after {runs} runs"
        done.append(drain(channel))
    return done
