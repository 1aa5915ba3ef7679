"""A real ``openoms worker`` killed with SIGKILL in the middle of Import Receipts over the ShipBob
emulator (PostgreSQL): the receipt it recorded before it died stays, recorded once; once the
run is recovered as stale, the next run (queued at once: Import Receipts resumes after a
stopped worker) records what was left and nothing twice — stock and Incoming exact."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

from django.utils import timezone

from openoms.automation.models import RunStatus
from openoms.automation.services.runs import run_execute, runs_recover_stale
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.purchasing.models import Receipt
from openoms.sync.services.po_queue import IMPORT, SEND
from openoms.sync.services.work_queue import channel_job
from tests.processes import SHARED_DATABASE, wait_for, worker_process
from tests.sync.purchasing.conftest import fresh, receive, stock, to_send
from tests.sync.shipments.conftest import run_queued

pytestmark = SHARED_DATABASE

LATENCY_MS = 1500


def test_receipts_cut_off_by_kill_9_are_applied_once(shop, emulator, settings, tmp_path):
    # given two POs sent to ShipBob (PO-1: MUG 10, TEE-S 5; PO-2: MUG 6), the import due at once
    settings.OPENOMS_RECEIPT_POLL_SECONDS = 0
    first = to_send(shop.account, "PO-1")
    second = to_send(shop.account, "PO-2", ("MUG", 6))
    run_queued(shop.channel, SEND)
    run_id = channel_job(shop.channel, IMPORT).active_run_id
    assert run_id is not None
    # and the warehouse received 4 MUG-1 of PO-1 and all of PO-2; ShipBob answers in 1.5 s
    receive(emulator, first, **{"MUG-1": 4})
    receive(emulator, second)
    emulator.control("config", {"latency_ms": LATENCY_MS})
    # when a worker imports: it records PO-1's receipt, then dies while it reads PO-2
    with worker_process(tmp_path, OPENOMS_JOB_HEARTBEAT_SECONDS="0.5") as worker:
        wait_for(lambda: Receipt.objects.filter(order=first).exists(), timeout=30)
        time.sleep(0.3)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    # then PO-1's receipt is there once, PO-2 has none yet
    emulator.control("config", {"latency_ms": 0})
    assert list(Receipt.objects.values_list("number", flat=True)) == ["PO-1-R1"]
    assert stock(shop, "MUG") == (14, 12)
    # when the stale run is recovered (a new run is queued at once) and executed
    assert runs_recover_stale(now=timezone.now() + timedelta(hours=1)) == 1
    recovering = channel_job(shop.channel, IMPORT).active_run_id
    assert recovering not in (None, run_id)
    assert run_execute(recovering) == RunStatus.SUCCEEDED
    # then PO-2 is received; PO-1's 4 MUG were not recorded a second time
    assert sorted(Receipt.objects.values_list("number", "status")) == [
        ("PO-1-R1", "short_received"),
        ("PO-2-R1", "received"),
    ]
    assert (fresh(first).status, fresh(second).status) == ("receiving", "received")
    assert list(fresh(first).lines.values_list("sku", "received")) == [("MUG", 4), ("TEE-S", 0)]
    assert (stock(shop, "MUG"), stock(shop, "TEE-S")) == ((20, 6), (6, 5))
    assert ledger_mismatches(account=shop.account) == []
