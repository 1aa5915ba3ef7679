"""The measured phases of ``order_ingest.py`` with real processes (see its docstring): orders/s
with N workers (``throughput``), acknowledgment latency at a rate (``latency``), and a worker
SIGKILLed mid-way (``kill_test``). Each phase sends its own new orders (``numbering.take``)."""

from __future__ import annotations

import os
import threading
import time
from contextlib import suppress

import order_ingest_load as load
import order_ingest_sql as sql
from cpu_meter import cpu_use, pids_where

GOALS = {1: 100, 4: 300}
GOAL_P99_S = 0.5


def nudge(world):
    from openoms.automation.job_types import JobType
    from openoms.automation.services.runs import manual_run_queue
    from openoms.core.errors import Conflict
    from openoms.tenancy.actor import Actor

    def queue(channel) -> None:
        with suppress(Conflict):  # a run came meanwhile
            manual_run_queue(
                actor=Actor.system("bench"), channel=channel, job_type=JobType.IMPORT_ORDERS
            )

    return queue


WARM_UP_ORDERS = 300


def warm_up(world, client, numbering, options, log_dir: str) -> None:
    """Orders through the server and a worker before anything is measured: the server's
    processes load their code and open their connections on their first requests."""
    bodies = numbering.take(WARM_UP_ORDERS)
    procs = load.start_processes("worker", 1, log_dir)
    try:
        load.post_all(client, load.prepared(world, bodies), options.concurrency)
        load.wait_imported(world, bodies, 900, nudge(world))
    finally:
        load.stop_processes(procs)
    print(f"warm-up: {len(bodies)} orders through the server and a worker (not measured)")


def throughput(world, client, numbering, workers: int, options, log_dir: str) -> dict:
    """``--orders`` deliveries POSTed while ``workers`` workers run; orders/s end to end."""
    bodies = numbering.take(options.orders)
    deliveries = load.prepared(world, bodies)
    procs = load.start_processes("worker", workers, log_dir)
    try:
        time.sleep(3)  # the workers are up (their start is not measured)
        with cpu_use(_groups(procs)) as cpu:
            sent = load.post_all(client, deliveries, options.concurrency)
            done = load.wait_imported(world, bodies, 900, nudge(world))
    finally:
        load.stop_processes(procs)
    took = done["last"] - sent["first"]
    acked = sent["last_ack"] - sent["first"]
    figures = {
        "workers": workers,
        "orders": len(bodies),
        "orders_per_s": round(len(bodies) / took, 1),
        "acked_per_s": round(len(bodies) / acked, 1),
        "ack_p99_s": round(load.percentile(sorted(sent["seconds"]), 0.99), 3),
        "not_200": sum(s != 200 for s in sent["statuses"]),
        "stranded_nudges": done["nudges"],
        "cpu_ms_per_order": {k: round(1000 * v / len(bodies), 2) for k, v in cpu.seconds.items()},
        "cores_busy": round(cpu.busy, 3),
        **sql.outcome(world, bodies),
    }
    goal = GOALS.get(workers)
    print(
        f"{workers} worker(s): {len(bodies):,} orders in {took:.1f} s = "
        f"{figures['orders_per_s']} orders/s (goal >= {goal}); all acknowledged after "
        f"{acked:.1f} s ({figures['acked_per_s']} deliveries/s, p99 {figures['ack_p99_s']} s "
        f"under full load); lost {figures['lost']}, duplicated {figures['duplicated']}, "
        f"not allocated {figures['not_allocated']}; runs queued by the bench "
        f"{figures['stranded_nudges']}"
    )
    spent = figures["cpu_ms_per_order"]
    print(
        f"  CPU ms per order: {', '.join(f'{k} {v}' for k, v in spent.items())}; sum "
        f"{sum(spent.values()):.2f} ms, so {cpu.cores} cores carry at most "
        f"{1000 * cpu.cores / max(sum(spent.values()), 0.001):,.0f} orders/s of this mix; cores "
        f"busy {100 * cpu.busy:.0f} %"
    )
    return figures


def _groups(workers) -> dict:
    """The processes of the phase, by role (``cpu_meter``)."""
    return {
        "web server": lambda: pids_where(lambda c: "gunicorn" in c and "openoms.config" in c),
        "workers": lambda: [proc.pid for proc in workers],
        "PostgreSQL": lambda: pids_where(
            lambda c: c.split(" ")[0].endswith(("postgres", "postgres:"))
        ),
        "bench (the channel sending)": lambda: [os.getpid()],
    }


def latency(world, client, numbering, workers: int, options, log_dir: str) -> dict:
    """Deliveries offered at ``--rate``/s for ``--seconds`` while ``workers`` workers run."""
    bodies = numbering.take(int(options.rate * options.seconds))
    deliveries = load.prepared(world, bodies)
    procs = load.start_processes("worker", workers, log_dir)
    try:
        time.sleep(3)
        paced = load.post_paced(client, deliveries, options.rate, 64)
        load.wait_imported(world, bodies, 900, nudge(world))
    finally:
        load.stop_processes(procs)
    lat, svc = paced["latencies"], paced["services"]
    figures = {
        "ack_p50_s": round(load.percentile(lat, 0.50), 3),
        "ack_p99_s": round(load.percentile(lat, 0.99), 3),
        "ack_max_s": round(lat[-1], 3) if lat else 0.0,
        "service_p99_s": round(load.percentile(svc, 0.99), 3),
        "not_200": sum(s != 200 for s in paced["statuses"]),
        "offered_s": paced["offered_s"],
        "took_s": round(paced["took_s"], 1),
    }
    print(
        f"acknowledgment at {options.rate:g} deliveries/s for {options.seconds:g} s, {workers} "
        f"workers running: p50 {figures['ack_p50_s']} s, p99 {figures['ack_p99_s']} s (goal <= "
        f"{GOAL_P99_S} s), max {figures['ack_max_s']} s; request alone p99 "
        f"{figures['service_p99_s']} s; sending took {figures['took_s']} s; not 200: "
        f"{figures['not_200']}"
    )
    return figures


def kill_test(world, client, numbering, options, log_dir: str) -> dict:
    """4 workers and a scheduler; the busiest worker SIGKILLed when half the orders exist."""
    from openoms.automation.models import JobRun
    from openoms.orders.models import SalesOrder

    bodies = numbering.take(options.kill_orders)
    refs = [b["admin_graphql_api_id"] for b in bodies]
    deliveries = load.prepared(world, bodies)
    procs = load.start_processes("worker", 4, log_dir)
    scheduler = load.start_processes("scheduler", 1, log_dir)
    killed: list[int] = []

    def killer() -> None:
        from django.db import connection

        rows = SalesOrder.objects.filter(channel__in=world.channels, external_ref__in=refs)
        while rows.count() < len(refs) // 2:
            time.sleep(0.05)
        killed.append(load.kill_busiest(procs))
        connection.close()

    try:
        time.sleep(3)
        thread = threading.Thread(target=killer, daemon=True)
        thread.start()
        load.post_all(client, deliveries, options.concurrency)
        thread.join(timeout=600)
        done = load.wait_imported(world, bodies, 900, nudge(world))
    finally:
        load.stop_processes(procs + scheduler)
    figures = {**sql.outcome(world, bodies), "killed_pid": killed[0] if killed else None}
    figures["stranded_nudges"] = done["nudges"]
    figures["runs_recovered"] = JobRun.objects.filter(
        job__channel__in=world.channels, summary="Its worker stopped."
    ).count()  # 1: the killed worker was running Import Orders
    print(
        f"kill -9 of worker {figures['killed_pid']} with half of {len(bodies):,} orders stored: "
        f"lost {figures['lost']}, duplicated {figures['duplicated']}, wrong lines "
        f"{figures['wrong_lines']}, not allocated {figures['not_allocated']}; runs queued by "
        f"the bench {figures['stranded_nudges']}; Import Orders runs recovered as stale "
        f"{figures['runs_recovered']}"
    )
    return figures
