"""A real ``openoms worker`` killed with SIGKILL while its batch is on the wire (the store applies
it): the recovering run sends the same batch with the same idempotency key, Shopify replays it,
and no delta is applied twice (PostgreSQL: the worker shares the test database). The store and
its helpers are the fault storm's (``test_sync_faults.py``)."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

from django.utils import timezone

from openoms.automation.services.runs import runs_recover_stale
from openoms.channels.models import Channel
from openoms.inventory.services.levels import level_adjust
from openoms.inventory.triggers import Trigger
from openoms.sync.models import PushBatch
from tests.processes import SHARED_DATABASE, wait_for, worker_process
from tests.sync import test_sync_faults
from tests.sync.test_sync_faults import (
    SKUS,
    START,
    SYSTEM,
    control,
    drain,
    openoms_stock,
    seed,
    store_stock,
)

pytestmark = SHARED_DATABASE
shopify_schema, storm_store = (
    test_sync_faults.shopify_schema,
    test_sync_faults.storm_store,
)  # fixtures

STALE_SECONDS = 2


def adjust_at_a(account, skus: list[str], delta: int) -> None:
    for sku in skus:
        level_adjust(
            actor=SYSTEM,
            account=account,
            warehouse="A",
            variant=sku,
            delta=delta,
            trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
        )


def test_a_worker_killed_mid_batch_leaves_no_delta_lost_or_doubled(
    tenant, storm_store, tmp_path, settings
):
    # given the store and OpenOMS equal, a Real-Time channel whose listings OpenOMS knows
    settings.OPENOMS_JOB_STALE_SECONDS = STALE_SECONDS
    emulator, url = storm_store
    channel = seed(tenant.account, url, "real_time")
    adjust_at_a(tenant.account, SKUS[:1], 1)
    drain(channel)
    emulator.mutations.clear()
    # and a slow store (1.5 s a call), a worker running
    control(url, "config", {"latency_ms": 1500})
    with worker_process(tmp_path, OPENOMS_JOB_HEARTBEAT_SECONDS="0.5") as worker:
        # when 10 SKUs change at A, and the worker sends their batch
        adjust_at_a(tenant.account, SKUS[:10], -3)
        batch = wait_for(
            lambda: PushBatch.objects.filter(channel=channel, sent_at__isnull=False).first(), 30
        )
        # and is killed while the batch is on the wire (the store still applies it)
        time.sleep(0.5)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        wait_for(lambda: len(emulator.mutations) >= 1, 10)
        control(url, "config", {"latency_ms": 0})
        # then the batch is still there, with its key, and the store has applied it once
        assert PushBatch.objects.filter(pk=batch.pk, key=batch.key).exists()
        assert store_stock(url)[(SKUS[0], "Main")] == START + 1 - 3
        # when the stale run is recovered and the outbox drained again
        runs_recover_stale(now=timezone.now() + timedelta(seconds=STALE_SECONDS + 1))
        drain(Channel.objects.get(pk=channel.pk))
        # then the same batch was sent again with the same key, and not applied a second time
        keys = [key for key, _ in emulator.mutations]
        assert keys[:2] == [f"{batch.key}.0.0"] * 2, emulator.mutations
        assert not PushBatch.objects.filter(channel=channel).exists()
        assert store_stock(url) == openoms_stock(tenant.account)
        assert store_stock(url)[(SKUS[0], "Main")] == START + 1 - 3
