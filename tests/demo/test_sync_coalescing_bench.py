"""``bench/sync_coalescing.py`` runs (a smoke test: 40 orders over 30 SKUs, no pacing, the outbox
drained after every order in this process) and reports what it promises: every event carried to
the store, the store equal to OpenOMS, at most one inventory call per drain, its figures as the
last printed line."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from openoms_emulator.shopify.server import start_in_thread

BENCH = Path(__file__).resolve().parents[2] / "bench" / "sync_coalescing.py"


def _bench_module(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH.parent))  # its ``import benchkit``
    spec = importlib.util.spec_from_file_location("sync_coalescing_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_coalescing_bench_carries_every_event_and_ends_equal(tenant, monkeypatch, capsys):
    # given the bench's quick mode: 40 orders of 3 lines over 30 SKUs, drained inline
    bench = _bench_module(monkeypatch)
    options = bench.Options(orders=40, skus=30, seconds=0, drain="inline")
    recorded = bench.Recorded(bench.TOKEN)
    emulator = bench.recording_emulator(recorded, restore_rate=None)
    running = start_in_thread(emulator)
    try:
        # when
        figures = bench.run_trace(tenant.account, running.url, emulator, recorded, options)
    finally:
        running.stop()
    # then every event reached the store and the store equals OpenOMS
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last_line) == json.loads(json.dumps(figures))
    assert (figures["orders"], figures["events"], figures["drain"]) == (40, 120, "inline")
    assert (figures["divergences"], figures["events_never_carried"]) == (0, 0)
    # one drain per order: at most one inventory mutation each (3 lines fit one batch)
    assert 1 <= figures["inventory_mutations"] <= 40
    assert figures["channel_calls"] >= figures["inventory_mutations"]
    assert figures["reduction"] == round(1 - figures["channel_calls"] / 120, 4)
    assert 0 <= figures["latency_p50_s"] <= figures["latency_p95_s"] <= figures["latency_max_s"]
