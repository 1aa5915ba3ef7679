"""Two real scheduler processes racing over the same due jobs on PostgreSQL: every due job is
enqueued exactly once (one run, one queued task, one step on its period grid).

A negative control runs the same race with a naive tick (read the due jobs without row locks,
move ``next_run_at`` unconditionally) and sees jobs enqueued twice: the harness can fail.
"""

import json
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openoms.automation.models import JobRun, RecurringJob, RunStatus, RunTrigger
from openoms.automation.periods import NONE, PERIOD_DELTAS
from openoms.automation.services.jobs import jobs_ensure
from tests.factories import make_account, make_organization
from tests.processes import SHARED_DATABASE, child_env

pytestmark = SHARED_DATABASE

ACCOUNTS = 40  # x 8 account jobs = 320 rows: 300 due, 20 that must not run
PERIODS = ("1h", "4h", "12h", "1d")
TASK_PATH = "openoms.automation.tasks.job_run_task"

# A scheduler process: set up Django, say "ready", wait for "go" on stdin, then tick until the
# deadline and print how many jobs it enqueued. ``naive`` is the broken claim of the control.
DRIVER = textwrap.dedent(
    """
    import json, sys, time
    import django
    django.setup()
    from django.db import transaction
    from openoms.automation.models import RunTrigger
    from openoms.automation.periods import next_due
    from openoms.automation.services.runs import run_queue
    from openoms.automation.services.scheduler import due_jobs, scheduler_tick
    from django.utils import timezone

    def naive_tick(batch):
        now = timezone.now()
        jobs = list(due_jobs(now)[:batch])
        for job in jobs:
            with transaction.atomic():
                type(job).objects.filter(pk=job.pk).update(
                    next_run_at=next_due(job.next_run_at, job.period, now)
                )
                run_queue(job, trigger=RunTrigger.SCHEDULE, actor_label="Naive",
                          due_at=job.next_run_at)
        return len(jobs)

    mode, batch, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print("ready", flush=True)
    sys.stdin.readline()
    deadline = time.monotonic() + seconds
    enqueued = 0
    while time.monotonic() < deadline:
        if mode == "naive":
            enqueued += naive_tick(batch)
        else:
            enqueued += scheduler_tick(batch=batch).enqueued
        time.sleep(0.02)
    print(json.dumps({"enqueued": enqueued}), flush=True)
    """
)


def race(tmp_path, mode: str, batch: int, seconds: float = 3.0) -> list[int]:
    """Start two scheduler processes, release them at the same moment; → what each enqueued."""
    env = child_env(tmp_path, OPENOMS_LOG_LEVEL="WARNING")
    command = [sys.executable, "-c", DRIVER, mode, str(batch), str(seconds)]
    procs = [
        subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=60) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    return [json.loads(out.strip().splitlines()[-1])["enqueued"] for out, _ in outputs]


def due_and_idle_jobs() -> tuple[dict[int, tuple], dict[int, tuple]]:
    """40 accounts in two organizations, all 8 account jobs each: 300 due on a period in the
    last hour, and 20 that must not run (due later, paused, or period None).
    → ({job id: (due, period)}, {job id: (next_run_at, period, enabled)})."""
    now = timezone.now()
    for org_number in range(2):
        organization = make_organization(f"Race {org_number} Group")
        for number in range(ACCOUNTS // 2):
            jobs_ensure(make_account(organization, f"Race {org_number}-{number}"))
    due, idle = {}, {}
    # (8 of each account's jobs: those queued by changes, not by a period, are left idle)
    jobs = RecurringJob.objects.exclude(
        job_type__in=[
            "push_inventory_updates",
            "send_shipments",
            "import_shipments",
            "send_purchase_orders",
            "import_receipts",
        ]
    )
    for i, job in enumerate(jobs.order_by("id")):
        job.period = PERIODS[i % len(PERIODS)]
        job.next_run_at = now - timedelta(minutes=1 + i % 50, seconds=7)
        if i % 16 == 15:
            variant = (i // 16) % 3
            if variant == 0:
                job.next_run_at = now + timedelta(hours=1)
            job.enabled = variant != 1
            job.period = NONE if variant == 2 else job.period
            job.next_run_at = None if variant == 2 else job.next_run_at
            idle[job.pk] = (job.next_run_at, job.period, job.enabled)
        else:
            due[job.pk] = (job.next_run_at, job.period)
        job.save(update_fields=["period", "enabled", "next_run_at"])
    return due, idle


def queued_task_run_ids() -> Counter:
    tasks = DBTaskResult.objects.filter(task_path=TASK_PATH)
    return Counter(row["args"][0] for row in tasks.values_list("args_kwargs", flat=True))


def test_two_schedulers_enqueue_every_due_job_exactly_once(tmp_path):
    # given
    due, idle = due_and_idle_jobs()
    assert (len(due), len(idle)) == (300, 20)
    # when: two processes tick in small batches at the same time, for 3 seconds
    enqueued = race(tmp_path, "exactly_once", batch=10)
    # then: both took part in the race, and together they enqueued each due job once
    assert min(enqueued) > 0, enqueued
    assert sum(enqueued) == 300
    runs = {run.job_id: run for run in JobRun.objects.all()}
    assert JobRun.objects.count() == 300
    assert set(runs) == set(due)
    assert queued_task_run_ids() == Counter({run.pk: 1 for run in runs.values()})
    for job in RecurringJob.objects.filter(pk__in=due):
        due_at, period = due[job.pk]
        run = runs[job.pk]
        assert (run.status, run.trigger, run.due_at) == (
            RunStatus.QUEUED,
            RunTrigger.SCHEDULE,
            due_at,
        )
        assert job.next_run_at == due_at + PERIOD_DELTAS[period]
        assert job.active_run_id == run.pk
    # and the jobs that were not due are untouched
    for job in RecurringJob.objects.filter(pk__in=idle):
        assert (job.next_run_at, job.period, job.enabled) == idle[job.pk]
        assert job.active_run_id is None


def test_negative_control_a_naive_claim_enqueues_jobs_twice(tmp_path):
    # given: the same jobs
    due, _ = due_and_idle_jobs()
    # when: the two processes read due jobs without row locks and move their clocks
    # unconditionally
    enqueued = race(tmp_path, "naive", batch=300)
    # then: the assertions of the test above fail: some jobs have two runs and two tasks
    runs_per_job = Counter(JobRun.objects.values_list("job_id", flat=True))
    assert sum(enqueued) > 300
    assert max(runs_per_job.values()) == 2
    assert JobRun.objects.count() == sum(enqueued)
    assert sum(queued_task_run_ids().values()) == sum(enqueued)
    assert set(runs_per_job) == set(due)
