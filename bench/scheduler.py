"""Recurring jobs on PostgreSQL: how soon the scheduler enqueues a due job, and how fast workers
drain the task queue, each against a baseline measured in the same run.

    .venv/bin/python bench/scheduler.py

Uses ``OPENOMS_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/openoms_bench_sched``);
a database whose name contains "bench" is dropped and re-created. Measures:

(a) pickup latency: 10,000 hourly jobs (1,000 accounts x 10: 4 account jobs and the 6 jobs of a
    beta sandbox store; every other row ``jobs_ensure`` makes exists too, period None) fall due
    one after another over 20 s while ``openoms scheduler --interval 0.2`` runs; latency = when
    the run's task became visible (committed, seen by a 50 ms poller) minus the job's due time,
    p50/p95/p99/max. Then the same with two schedulers (scale-out). Also the statements one tick
    issues per enqueued job, and how long the scheduler's ``jobs_ensure`` pass takes;
(b) worker throughput: 5,000 no-op tasks drained by two ``openoms worker`` processes, against
    the raw claim loop it stands on (two processes doing ``SELECT … FOR UPDATE SKIP LOCKED``,
    ``UPDATE``, ``COMMIT`` on a plain table of as many rows, psycopg only).

Prints the figures, then one JSON line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import benchkit

DATABASE_URL = benchkit.database_url("openoms_bench_sched")
BENCH_DIR = Path(__file__).resolve().parent
ACCOUNTS, ACCOUNT_JOBS, WINDOW_S, LEAD_S = 1_000, 4, 20.0, 2.0
NOOP_TASKS = 5_000
OPENOMS = [sys.executable, "-m", "openoms.cli"]


def build_jobs() -> tuple[list[int], int]:
    """The accounts, their beta stores and every job row; → (the 10,000 scheduled job ids, the
    canary job: one more account's job, due at once, that shows a scheduler is up)."""
    from openoms.automation.job_types import JOB_TYPES, channel_job_types
    from openoms.automation.models import RecurringJob
    from openoms.channels.kinds import KINDS
    from openoms.channels.models import Channel
    from openoms.tenancy.models import Account

    canary_account = benchkit.bench_account()
    org = canary_account.organization
    accounts = Account.objects.bulk_create(
        Account(organization=org, name=f"Sched {i}", code=f"{org.code}-{i:04d}")
        for i in range(ACCOUNTS)
    )
    channels = Channel.objects.bulk_create(
        Channel(account=a, type="sales", kind="sandbox_sales", name="Store", is_beta=True)
        for a in accounts
    )
    parked = datetime.now(UTC) + timedelta(days=1)
    store_jobs = [spec.code for spec in channel_job_types(KINDS["sandbox_sales"])]
    rows = []
    for account, channel in zip(accounts, channels, strict=True):
        for n, code in enumerate(JOB_TYPES):
            on = n < ACCOUNT_JOBS
            rows.append(_job(account, None, code, "1h" if on else "none", parked if on else None))
        rows += [_job(account, channel, code, "1h", parked) for code in store_jobs]
    rows += [_job(canary_account, None, code, "none", None) for code in JOB_TYPES]
    rows[-1].period, rows[-1].next_run_at = "1h", parked
    created = RecurringJob.objects.bulk_create(rows, batch_size=2_000)
    scheduled = [job.pk for job in created[:-8] if job.period != "none"]
    return scheduled, created[-1].pk


def _job(account, channel, code, period, due):
    """An unsaved job row (for bulk_create)."""
    from openoms.automation.models import RecurringJob

    return RecurringJob(
        account=account, channel=channel, job_type=code, period=period, next_run_at=due
    )


def sql(statement: str, params=None) -> list[tuple]:
    """Run ``statement``, its ``{jobs}``, ``{runs}`` and ``{tasks}`` naming the tables."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from openoms.automation.models import JobRun, RecurringJob

    names = {"jobs": RecurringJob, "runs": JobRun, "tasks": DBTaskResult}
    statement = statement.format(**{key: model._meta.db_table for key, model in names.items()})
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def reset() -> None:
    """No runs, no tasks, every job free and parked a day ahead."""
    sql(
        "UPDATE {jobs} SET active_run_id = NULL, next_run_at = "
        "CASE WHEN period = 'none' THEN NULL ELSE now() + interval '1 day' END"
    )
    sql("DELETE FROM {runs}")
    sql("DELETE FROM {tasks}")
    sql("VACUUM ANALYZE {jobs}")


def arm(job_ids: list[int], start: datetime) -> None:
    """Due times evenly over the window from ``start``, in random order across accounts."""
    step = WINDOW_S / len(job_ids)
    sql(
        "UPDATE {jobs} j SET next_run_at = %s + r.rank * %s * interval '1 s' "
        "FROM (SELECT id, row_number() OVER (ORDER BY random()) - 1 AS rank "
        "FROM {jobs} WHERE id = ANY(%s)) r WHERE j.id = r.id",
        [start, step, job_ids],
    )


def profile_tick(job_ids: list[int]) -> dict:
    """One in-process tick over 200 due jobs: statements per job; and one jobs_ensure pass."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openoms.automation.services.jobs import jobs_ensure
    from openoms.automation.services.scheduler import scheduler_tick
    from openoms.tenancy.models import Account

    sql("UPDATE {jobs} SET next_run_at = now() WHERE id = ANY(%s)", [job_ids[:200]])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = scheduler_tick()
        tick_s = time.perf_counter() - started
    kinds = Counter(query["sql"].split()[0].upper() for query in queries.captured_queries)
    started = time.perf_counter()
    for account in Account.objects.all():
        jobs_ensure(account)
    ensure_s = time.perf_counter() - started
    reset()
    return {
        "jobs": result.enqueued,
        "statements": len(queries.captured_queries),
        "kinds": dict(kinds),
        "tick_ms_per_job": 1000 * tick_s / max(result.enqueued, 1),
        "ensure_s": ensure_s,
    }


def start(command: list[str], env: dict | None = None, stdout=subprocess.PIPE):
    """A child process. Its log goes to a scratch file, not a pipe: a worker logs every task,
    and a pipe nobody reads would fill up and stall it."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
    proc = subprocess.Popen(command, env=env or os.environ.copy(), stdout=stdout, stderr=log)
    proc.log = log
    return proc


def stop(proc: subprocess.Popen, timeout: float = 600) -> None:
    """Wait for ``proc`` to end; a failure shows the end of its log."""
    proc.wait(timeout=timeout)
    proc.log.seek(0)
    tail = proc.log.read()[-2000:].decode(errors="replace")
    proc.log.close()
    assert proc.returncode == 0, tail


def bench_pickup(job_ids: list[int], canary: int, schedulers: int) -> dict:
    """(a) ``schedulers`` scheduler processes; the due jobs are armed once each of them has
    enqueued the canary. → latencies (visible, and at insert) in seconds."""
    procs = [start([*OPENOMS, "scheduler", "--interval", "0.2"]) for _ in range(schedulers)]
    try:
        wait_until_ticking(procs, canary)
        arm(job_ids, datetime.now(UTC) + timedelta(seconds=LEAD_S))
        seen = poll_runs(set(job_ids), deadline=time.monotonic() + LEAD_S + WINDOW_S + 180)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            stop(proc, timeout=60)
    inserted = sql(
        "SELECT extract(epoch FROM t.enqueued_at - r.due_at) FROM {runs} r "
        "JOIN {tasks} t ON (t.args_kwargs->'args'->>0)::bigint = r.id WHERE r.job_id = ANY(%s)",
        [job_ids],
    )
    assert len(seen) == len(inserted) == len(job_ids), (len(seen), len(inserted))
    reset()
    return {"visible": sorted(seen), "inserted": sorted(float(r[0]) for r in inserted)}


def wait_until_ticking(procs: list[subprocess.Popen], canary: int) -> None:
    """Make the canary due again and again until every scheduler has enqueued it once (each
    says so on its output): then all have started and done their first ``jobs_ensure`` pass."""
    ticking = [threading.Event() for _ in procs]
    for proc, event in zip(procs, ticking, strict=True):
        threading.Thread(target=_watch, args=(proc, event), daemon=True).start()
    while not all(event.is_set() for event in ticking):
        sql("UPDATE {jobs} SET active_run_id = NULL, next_run_at = now() WHERE id = %s", [canary])
        time.sleep(0.3)
        assert all(proc.poll() is None for proc in procs), "a scheduler stopped"


def _watch(proc: subprocess.Popen, event: threading.Event) -> None:
    for _ in proc.stdout:
        event.set()


def poll_runs(job_ids: set[int], deadline: float) -> list[float]:
    """Every 50 ms, the runs committed since the last look: → (first seen - due) for each.
    Runs get ids in insert order, so only ids above the highest contiguous one seen are read
    (the canary's runs, committed first, start the sequence)."""
    latencies: list[float] = []
    seen: set[int] = set()
    low = None
    while len(latencies) < len(job_ids) and time.monotonic() < deadline:
        rows = sql("SELECT id, job_id, due_at FROM {runs} WHERE id > %s", [low or 0])
        now = datetime.now(UTC)
        for run_id, job_id, due_at in rows:
            if run_id not in seen and job_id in job_ids:
                latencies.append((now - due_at).total_seconds())
            seen.add(run_id)
        low = min(seen) - 1 if low is None and seen else low
        while low is not None and low + 1 in seen:
            low += 1
        time.sleep(0.05)
    return latencies


def bench_noop_workers() -> dict:
    """(b) 5,000 no-op tasks, two ``openoms worker --batch`` processes: tasks/s from the first
    start to the last finish (the workers' own timestamps: their start-up is not counted)."""
    from django.db import transaction
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult
    from noop_tasks import noop

    with transaction.atomic():
        for _ in range(NOOP_TASKS):
            noop.enqueue()
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH")]))
    command = [*OPENOMS, "worker", "--batch", "--no-startup-delay"]
    procs = [start(command, env, stdout=subprocess.DEVNULL) for _ in range(2)]
    for proc in procs:
        stop(proc)
    done = DBTaskResult.objects.filter(task_path=noop.module_path)
    assert done.filter(status="SUCCESSFUL").count() == NOOP_TASKS
    span = done.aggregate(first=Min("started_at"), last=Max("finished_at"))
    return {"tasks_per_s": NOOP_TASKS / (span["last"] - span["first"]).total_seconds()}


def bench_raw_claims() -> float:
    """The baseline: two processes claiming rows of a plain table one at a time (psycopg)."""
    sql("DROP TABLE IF EXISTS bench_claims")
    sql("CREATE TABLE bench_claims (id bigserial PRIMARY KEY, done boolean NOT NULL DEFAULT false)")
    sql("INSERT INTO bench_claims (done) SELECT false FROM generate_series(1, %s)", [NOOP_TASKS])
    sql("VACUUM ANALYZE bench_claims")
    command = [sys.executable, __file__, "--raw-claimer"]
    procs = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    spans = [
        json.loads(proc.communicate(timeout=600)[0].strip().splitlines()[-1]) for proc in procs
    ]
    assert sum(span["claimed"] for span in spans) == NOOP_TASKS
    sql("DROP TABLE bench_claims")
    return NOOP_TASKS / (max(s["end"] for s in spans) - min(s["start"] for s in spans))


def raw_claimer() -> None:
    """A child of ``bench_raw_claims``: claim until no row is left; print its own time span."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        print("ready", flush=True)
        sys.stdin.readline()
        claimed, started = 0, time.time()
        while True:
            with conn.transaction():
                row = conn.execute(
                    "SELECT id FROM bench_claims WHERE NOT done ORDER BY id LIMIT 1 "
                    "FOR UPDATE SKIP LOCKED"
                ).fetchone()
                if row is None:
                    break
                conn.execute("UPDATE bench_claims SET done = true WHERE id = %s", row)
            claimed += 1
        print(json.dumps({"claimed": claimed, "start": started, "end": time.time()}))


def percentiles(values: list[float]) -> dict:
    """p50, p95, p99 and max of sorted ``values``."""

    def at(q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": values[-1]}


def report_pickup(label: str, pickup: dict) -> dict:
    """Print one pickup phase; → its visible percentiles and the p95 at insert."""
    visible, inserted = percentiles(pickup["visible"]), percentiles(pickup["inserted"])
    print(f"(a) pickup latency, {label} ({len(pickup['visible']):,} jobs over {WINDOW_S:.0f} s):")
    for name, figures in (("visible (committed)", visible), ("at insert", inserted)):
        cells = ", ".join(f"{key} {value:.3f} s" for key, value in figures.items())
        print(f"    {name}: {cells}")
    return visible | {"insert_p95": inserted["p95"]}


def main() -> None:
    """Set up, run (a) and (b), print the figures and the JSON line."""
    if sys.argv[1:] == ["--raw-claimer"]:
        raw_claimer()
        return
    benchkit.fresh_database(DATABASE_URL)
    benchkit.configure_environment(DATABASE_URL, tempfile.mkdtemp(prefix="openoms-bench-"))
    started = time.perf_counter()
    job_ids, canary = build_jobs()
    sql("VACUUM ANALYZE")
    print(f"setup: {ACCOUNTS:,} accounts, {len(job_ids):,} scheduled jobs in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    tick = profile_tick(job_ids)
    print(
        f"    one tick over {tick['jobs']} due jobs: {tick['statements']} statements "
        f"({tick['statements'] / max(tick['jobs'], 1):.1f} per job: {tick['kinds']}), "
        f"{tick['tick_ms_per_job']:.2f} ms per job; a jobs_ensure pass over every account "
        f"{tick['ensure_s']:.2f} s"
    )
    one = report_pickup("one scheduler", bench_pickup(job_ids, canary, schedulers=1))
    two = report_pickup("two schedulers", bench_pickup(job_ids, canary, schedulers=2))
    noop = bench_noop_workers()["tasks_per_s"]
    raw = bench_raw_claims()
    print(f"(b) {NOOP_TASKS:,} no-op tasks, 2 workers: {noop:,.0f} tasks/s; raw claim loop, "
          f"2 processes: {raw:,.0f} claims/s; ratio {noop / raw:.3f}")  # fmt: skip
    print(f"total {time.perf_counter() - started:.0f} s")
    figures = {
        "jobs": len(job_ids),
        "pickup_p50_s": one["p50"],
        "pickup_p95_s": one["p95"],
        "pickup_p99_s": one["p99"],
        "pickup_max_s": one["max"],
        "pickup_insert_p95_s": one["insert_p95"],
        "two_schedulers_pickup_p95_s": two["p95"],
        "statements_per_job": tick["statements"] / max(tick["jobs"], 1),
        "noop_tasks_per_s": noop,
        "raw_claims_per_s": raw,
        "ratio_to_raw_claim": noop / raw,
    }
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))


if __name__ == "__main__":
    main()
