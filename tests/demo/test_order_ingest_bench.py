"""``bench/order_ingest.py`` runs in its quick mode (a handful of signed Shopify orders through
the same webhook view, by Django's test client, and the same inbox processing, the Import Orders
runs executed in this process) and reports what it promises: every order imported once and
allocated, replayed deliveries refused, the ledger adding up, its figures as the last line."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from openoms.orders.models import SalesOrder
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.server import start_in_thread

BENCH = Path(__file__).resolve().parents[2] / "bench" / "order_ingest.py"


def _bench_module(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH.parent))  # its ``import benchkit``, helpers
    spec = importlib.util.spec_from_file_location("order_ingest_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_order_ingest_bench_imports_every_order_once(tenant, monkeypatch, capsys, tmp_path):
    # given the bench's world on 30 SKUs and its quick mode: 8 orders, in process
    bench = _bench_module(monkeypatch)
    setup = sys.modules["order_ingest_setup"]
    running = start_in_thread(ShopifyEmulator(tokens=(setup.TOKEN,), plan="standard"))
    try:
        world = setup.seed_world(tenant.account, 30, running.url)
        options = bench.Options(quick=True, profile_orders=8, skus=30)
        # when
        figures = bench.full_run(world, options, str(tmp_path))
        result = bench.headline(figures, world)
    finally:
        running.stop()
    # then each of the 8 orders was stored once, imported once and allocated
    profile = figures["profile"]
    assert profile["outcome"] == {
        "orders": 8,
        "lost": 0,
        "duplicated": 0,
        "wrong_lines": 0,
        "not_allocated": 0,
    }
    assert (profile["stored"], profile["replays_refused"]) == (8, 3)
    imported = SalesOrder.objects.filter(channel=world.channel, order_number__startswith="B")
    assert imported.exclude(order_number__endswith="-SQL").count() == 8
    assert (result["lost"], result["duplicated"]) == (0, 0)
    assert (result["ledger_mismatches"], result["negative_available"]) == (0, 0)
    # the allocations reached the other channel's outbox, never the order's own channel
    assert result["outbox_rows"] >= 1
    assert result["queries_per_delivery"] > 0 and result["queries_per_order"] > 0
    # and the figures are printed, the JSON object last
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last_line) == json.loads(json.dumps(result))
