"""Shopify orders through the real path: signed ``orders/create`` webhooks POSTed to a gunicorn
server (HMAC verified → deduplicated → stored in the inbox), then ``openoms worker`` processes
running Import Orders (order and lines persisted → SKUs translated → allocated → outbox).

    .venv/bin/python bench/order_ingest.py [--orders 1500] [--workers 1,4] [--channels 1] [--quick]

Seeds ``--skus`` (2,000) SKUs stocked in one warehouse, the beta Shopify channel the orders come
from (Real-Time, warehouse mapping, every store SKU mapped) and a second Real-Time channel on the
same warehouse (the allocations reach its outbox: an order's allocation is never echoed to its
own channel), the account's automatic workflow on (each order allocated on import). The Push
Inventory Updates runs wait out a one-hour coalescing window: the outbox rows are counted, not
sent (``bench/sync_coalescing.py`` measures the drain). Measures, in one run:

1. orders/s from the first delivery sent to the last order stored, ``--orders`` orders (1-5
   lines, Zipf SKUs) POSTed by 8 senders as fast as the server answers, with each worker count
   of ``--workers`` (after 300 orders of warm-up, not measured), and where the CPU went
   (``cpu_meter``: web server, workers, PostgreSQL, senders; cores busy); per stage: deliveries acknowledged/s, statements per delivery and per
   order and milliseconds per order in each stage (an in-process pass through the same view
   and inbox processing, ``order_ingest_stages``). ``--channels N`` spreads the orders over N
   Shopify channels (an Import Orders run serves one channel: one channel, one worker busy);
2. the SQL floor: the same orders written by hand-written SQL, one transaction each
   (``order_ingest_sql.sql_floor``); ``ratio_to_sql`` = orders/s (1 worker) / floor orders/s;
   and the floor in as many processes as the most workers (``order_ingest_ceiling``): the
   machine's ceiling for that many workers (``sql_orders_per_s_parallel``);
3. acknowledgment latency p50/p99 at ``--rate`` (200) deliveries/s offered for ``--seconds``
   (10) while the most workers run (open loop: from each delivery's due time);
4. kill -9: 4 workers and a scheduler (runs beat every 1 s, stale after 10 s); the busiest
   worker is killed when half the orders are stored; then lost, duplicated, the ledger,
   Available >= 0, and whether the killed worker was running Import Orders.

An Import Orders run serves one channel at a time, and a delivery stored while its channel's
run is running does not queue another: when deliveries wait with no run queued for 5 s, the
bench queues one (a manual sync) and counts it (``stranded_nudges``). ``--quick``: the
in-process pass and the SQL floor only (no server, no workers). Last line: one JSON object.
Uses ``OPENOMS_DATABASE_URL`` (default database ``openoms_bench_orders``, dropped and
re-created).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass

import benchkit
import order_ingest_ceiling as ceiling
import order_ingest_load as load
import order_ingest_sql as sql
from http_sender import Sender
from order_ingest_phases import kill_test, latency, throughput, warm_up
from order_ingest_setup import TOKEN, order_bodies, seed_world

DATABASE_URL = benchkit.database_url("openoms_bench_orders")


@dataclass
class Options:
    orders: int = 1_500
    workers: str = "1,4"
    channels: int = 1
    skus: int = 2_000
    rate: float = 200.0
    seconds: float = 10.0
    kill_orders: int = 1_000
    profile_orders: int = 100
    concurrency: int = 8
    quick: bool = False
    seed: int = 14


class Numbering:
    """Order numbers never reused within a run (each phase its own orders)."""

    def __init__(self, skus: int, seed: int):
        self.next, self.skus, self.seed = 1, skus, seed

    def take(self, count: int) -> list[dict]:
        bodies = order_bodies(count, self.skus, self.next, self.seed + self.next)
        self.next += count
        return bodies


def profile(world, numbering: Numbering, options: Options) -> dict:
    """The in-process pass (statements per delivery and per order) and the SQL floor."""
    from django.db import connection
    from django.test import Client

    bodies = numbering.take(options.profile_orders)
    figures = sql.in_process(world, bodies, Client())
    figures["outcome"] = sql.outcome(world, bodies)
    floor_bodies = numbering.take(options.profile_orders if options.quick else options.orders)
    postgres = connection.vendor == "postgresql"  # the smoke test may run on SQLite
    figures["sql_orders_per_s"] = sql.sql_floor(world, floor_bodies) if postgres else None
    most = max(int(w) for w in options.workers.split(","))
    if postgres and not options.quick and most > 1:
        figures["sql_orders_per_s_parallel"] = ceiling.sql_floor_parallel(
            world, numbering.take(options.orders), most
        )
    count = len(bodies)
    print(
        f"in process ({count} orders, Django test client, runs executed here): receive "
        f"{count / figures['receive_s']:,.0f} deliveries/s ({figures['queries_per_delivery']} "
        f"statements each); import {count / figures['import_s']:,.1f} orders/s "
        f"({figures['queries_per_order']} statements per order, {figures['import_runs']} runs)"
    )
    stages = ", ".join(f"{k} {v}" for k, v in figures["stage_ms_per_order"].items())
    print(f"  ms per order by stage (exclusive, in process): {stages}")
    print(
        f"replays of {figures['replays_refused']} stored deliveries answered duplicate; "
        f"imported: {figures['outcome']}"
    )
    if postgres:
        print(
            f"SQL floor ({len(floor_bodies)} orders, 8 statements and one transaction each): "
            f"{figures['sql_orders_per_s']:,.0f} orders/s"
        )
    if parallel := figures.get("sql_orders_per_s_parallel"):
        print(
            f"SQL floor in {most} processes at once (this machine's ceiling for {most} "
            f"workers): {parallel:,.0f} orders/s"
        )
    return figures


def full_run(world, options: Options, log_dir: str) -> dict:
    """The in-process pass and the floor, then (unless ``--quick``) the phases through a
    gunicorn server and worker processes; → their figures."""
    numbering = Numbering(options.skus, options.seed)
    figures = {"profile": profile(world, numbering, options)}
    if options.quick:
        return figures
    counts = [int(w) for w in options.workers.split(",")]
    port = load.free_port()
    server = load.start_server(port, 2, 4, os.path.join(log_dir, "gunicorn.log"))
    c = Sender("127.0.0.1", port)
    try:
        load.wait_ready(c)
        warm_up(world, c, numbering, options, log_dir)
        figures["runs"] = [throughput(world, c, numbering, n, options, log_dir) for n in counts]
        figures["latency"] = latency(world, c, numbering, max(counts), options, log_dir)
        figures["kill"] = kill_test(world, c, numbering, options, log_dir)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def headline(figures: dict, world) -> dict:
    from openoms.sync.models import PendingPush

    prof = figures["profile"]
    result = {
        "queries_per_delivery": prof["queries_per_delivery"],
        "queries_per_order": prof["queries_per_order"],
        "in_process_orders_per_s": round(prof["deliveries"] / prof["import_s"], 1),
        "sql_orders_per_s": round(prof["sql_orders_per_s"] or 0),
        "sql_orders_per_s_parallel": round(prof.get("sql_orders_per_s_parallel") or 0),
        "lost": prof["outcome"]["lost"],
        "duplicated": prof["outcome"]["duplicated"],
        "stage_ms_per_order": prof["stage_ms_per_order"],
    }
    for run in figures.get("runs", []):
        result[f"orders_per_s_{run['workers']}w"] = run["orders_per_s"]
        result[f"ratio_to_sql_{run['workers']}w"] = round(
            run["orders_per_s"] / prof["sql_orders_per_s"], 3
        )
        result[f"cpu_ms_per_order_{run['workers']}w"] = round(
            sum(run["cpu_ms_per_order"].values()), 2
        )
        result[f"cores_busy_{run['workers']}w"] = run["cores_busy"]
        result["lost"] += run["lost"]
        result["duplicated"] += run["duplicated"]
    if runs := figures.get("runs"):
        result["ratio_to_sql"] = result[f"ratio_to_sql_{runs[0]['workers']}w"]
    if lat := figures.get("latency"):
        result.update(ack_p50_s=lat["ack_p50_s"], ack_p99_s=lat["ack_p99_s"])
    if kill := figures.get("kill"):
        result.update(kill_lost=kill["lost"], kill_duplicated=kill["duplicated"])
        result["kill_runs_recovered"] = kill["runs_recovered"]
        result["lost"] += kill["lost"]
        result["duplicated"] += kill["duplicated"]
        result["stranded_nudges"] = kill["stranded_nudges"] + sum(
            r["stranded_nudges"] for r in runs
        )
    result.update(sql.stock_checks(world))
    result["outbox_rows"] = PendingPush.objects.filter(channel=world.other).count()
    result["load_average"] = round(os.getloadavg()[0], 1)
    print(
        f"ledger mismatches {result['ledger_mismatches']}, levels below zero "
        f"{result['negative_available']}, outbox rows waiting for {world.other.name} "
        f"{result['outbox_rows']}"
    )
    print(json.dumps(result))
    return result


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    defaults = Options()
    for name, value in vars(defaults).items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            parser.add_argument(flag, action="store_true")
        else:
            parser.add_argument(flag, type=type(value), default=value)
    return Options(**vars(parser.parse_args(argv)))


def main(argv: list[str] | None = None) -> dict:
    options = parse(argv)
    os.environ["OPENOMS_PUSH_WINDOW_SECONDS"] = "3600"  # the outbox is filled, not drained
    os.environ["OPENOMS_JOB_STALE_SECONDS"] = "10"  # the kill test's run is recovered soon
    os.environ["OPENOMS_JOB_HEARTBEAT_SECONDS"] = "1"  # (a live run beats well within it)
    benchkit.fresh_database(DATABASE_URL)
    with tempfile.TemporaryDirectory(prefix="openoms-bench-orders-") as data_dir:
        benchkit.configure_environment(DATABASE_URL, data_dir)
        from openoms_emulator.shopify.app import ShopifyEmulator
        from openoms_emulator.shopify.server import start_in_thread

        running = start_in_thread(ShopifyEmulator(tokens=(TOKEN,), plan="standard"))
        try:
            started = time.time()
            world = seed_world(
                benchkit.bench_account(), options.skus, running.url, options.channels
            )
            print(
                f"setup: {options.skus:,} SKUs, {options.channels} + 1 channels in "
                f"{time.time() - started:.1f} s"
            )
            figures = full_run(world, options, data_dir)
            return headline(figures, world)
        finally:
            running.stop()


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
