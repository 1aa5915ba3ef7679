"""A real ``openoms worker`` killed with SIGKILL in the middle of a Push Inventory Updates call to
the Shopify emulator (PostgreSQL): the ``PushBatch`` it committed before the call survives; once
the run is recovered as stale, the next run sends the batch again with the same key, and the
store (read back with GraphQL) holds the delta applied exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.automation.models import RunStatus
from openoms.automation.services.runs import run_execute, runs_recover_stale
from openoms.sync.models import PendingPush, PushBatch
from openoms.sync.services.outbox_drain import drain_state, listings_refresh
from tests.connectors.shopify_emulator import item_of
from tests.processes import SHARED_DATABASE, wait_for, worker_process
from tests.sync.outbox.conftest import Shop, adjust, push_job
from tests.sync.outbox.test_shopify import connector, seeded, store  # noqa: F401 -- fixtures

pytestmark = SHARED_DATABASE

LATENCY_MS = 3000


@pytest.fixture
def worker(tmp_path) -> Iterator[subprocess.Popen]:
    """A real ``openoms worker`` polling every 0.1 s; killed at the end if still alive."""
    with worker_process(tmp_path, OPENOMS_JOB_HEARTBEAT_SECONDS="0.5") as proc:
        yield proc


def test_a_batch_cut_off_by_kill_9_is_applied_once(store, emulator, seeded, worker):  # noqa: F811
    channel, a, variants, main = store
    item = item_of(seeded, "SH-S")
    shopify = connector(emulator)
    listings_refresh(drain_state(channel, shopify, run_id=0), shopify)  # listings known
    shopify.close()
    emulator.control("config", {"latency_ms": LATENCY_MS})
    # a change: its run is queued, the worker claims it and sends the batch (3 s to answer)
    adjust(Shop(channel.account, channel, a, None, variants), a, "TEE", 4)
    run_id = push_job(channel).active_run_id
    batch = wait_for(lambda: PushBatch.objects.filter(channel=channel, attempts=1).first())
    time.sleep(0.5)  # the request is at the store
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    # the store applied it after all (the answer was lost with the worker)
    emulator.control("config", {"latency_ms": 0})
    wait_for(lambda: emulator.available(item, main) == 9, timeout=LATENCY_MS / 1000 + 5)
    assert PushBatch.objects.filter(pk=batch.pk).exists()
    assert runs_recover_stale(now=timezone.now() + timedelta(hours=1)) == 1
    # the recovery queued the next run at once; it sends the same batch again, with its key:
    # Shopify replays it
    recovering = push_job(channel).active_run_id
    assert recovering not in (None, run_id)
    assert run_execute(recovering) == RunStatus.SUCCEEDED
    assert emulator.available(item, main) == 9
    assert not PushBatch.objects.exists() and not PendingPush.objects.exists()
