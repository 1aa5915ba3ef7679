"""The scheduler through a simulated week: None never runs, every period fires on its grid,
a job is enqueued once per due time and never while its previous run is unfinished."""

from collections import Counter
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.scheduler import scheduler_tick
from tests.automation.conftest import drain, job_of, queued_run_ids, set_period

WEEK = {  # one account job per period
    "pii_redaction": "none",
    "import_inventory": "30m",
    "export_inventory": "1h",
    "export_products": "4h",
    "authorization_refresh": "12h",
    "import_orders": "1d",
}
DAY = {"import_orders": "5m", "export_order_updates": "15m"}
MINUTES = {"5m": 5, "15m": 15, "30m": 30, "1h": 60, "4h": 240, "12h": 720, "1d": 1440}


def simulate(start, end) -> None:
    """Tick at every due time between ``start`` and ``end``, running what was enqueued."""
    now = start
    while now <= end:
        scheduler_tick(now=now)
        drain()
        upcoming = RecurringJob.objects.filter(next_run_at__isnull=False, enabled=True)
        nxt = min(upcoming.values_list("next_run_at", flat=True), default=None)
        if nxt is None:
            return
        now = max(nxt, now + timedelta(seconds=1))


def schedule_together(account, store, periods: dict[str, str]) -> tuple[dict, object]:
    """Set the account's jobs to ``periods``, all first due at the same moment; the store's
    own jobs never run. → the jobs and that moment."""
    jobs = {code: set_period(job_of(account, code), period) for code, period in periods.items()}
    start = max(job.next_run_at for job in jobs.values() if job.next_run_at)
    running = [job.pk for job in jobs.values() if job.will_run]
    RecurringJob.objects.filter(pk__in=running).update(next_run_at=start)
    RecurringJob.objects.exclude(pk__in=running).update(next_run_at=None)
    return jobs, start


def assert_on_time(jobs: dict, periods: dict[str, str], start, span: timedelta) -> None:
    for code, period in periods.items():
        due = list(
            JobRun.objects.filter(job=jobs[code]).order_by("id").values_list("due_at", flat=True)
        )
        if period == "none":
            assert due == [], code
            continue
        step = timedelta(minutes=MINUTES[period])
        assert due == [start + i * step for i in range(span // step)], code
    assert {run.enqueued_at - run.due_at for run in JobRun.objects.all()} == {timedelta(0)}


def test_a_simulated_week_runs_each_period_on_time_and_none_never(tenant, store):
    # given
    jobs, start = schedule_together(tenant.account, store, WEEK)
    # when a week passes
    simulate(start, start + timedelta(days=7) - timedelta(seconds=1))
    # then every job ran exactly once per slot, at its due time, and None never
    assert_on_time(jobs, WEEK, start, timedelta(days=7))


def test_a_simulated_day_runs_the_short_periods_on_time(tenant, store):
    # given
    jobs, start = schedule_together(tenant.account, store, DAY)
    # when a day passes
    simulate(start, start + timedelta(days=1) - timedelta(seconds=1))
    # then 288 runs every 5 minutes and 96 every 15 minutes, each at its due time
    assert_on_time(jobs, DAY, start, timedelta(days=1))
    assert JobRun.objects.count() == 288 + 96


def test_one_tick_enqueues_each_due_job_once_with_one_task(tenant, store):
    # given two due channel jobs
    set_period(job_of(tenant.account, "export_products", store), "15m")
    now = timezone.now() + timedelta(seconds=1)
    # when two ticks run at the same moment
    first = scheduler_tick(now=now)
    second = scheduler_tick(now=now)
    # then: the store's Authorization Refresh and Export Products, and the account's
    # Authorization Refresh and PII Redaction (daily by default), once each
    runs = list(JobRun.objects.values_list("job__channel_id", "job_type"))
    assert Counter(runs) == Counter(
        {
            (store.pk, "authorization_refresh"): 1,
            (store.pk, "export_products"): 1,
            (None, "authorization_refresh"): 1,
            (None, "pii_redaction"): 1,
        }
    )
    assert (first.enqueued, second.enqueued) == (4, 0)
    assert sorted(queued_run_ids()) == sorted(JobRun.objects.values_list("id", flat=True))
    assert DBTaskResult.objects.count() == 4


def test_a_job_whose_run_is_unfinished_is_not_enqueued_again(tenant, store):
    # given an every-5-minutes job whose run is still queued when its next slot comes
    job = set_period(job_of(tenant.account, "export_products", store), "5m")
    t0 = job.next_run_at
    scheduler_tick(now=t0)
    # when the next slot passes
    later = scheduler_tick(now=t0 + timedelta(minutes=5))
    # then nothing new for that job until its run finishes
    assert JobRun.objects.filter(job=job).count() == 1
    assert later.enqueued == 0
    drain()
    scheduler_tick(now=t0 + timedelta(minutes=5, seconds=1))
    assert JobRun.objects.filter(job=job).count() == 2


def test_paused_jobs_and_jobs_of_disabled_or_stable_channels_are_not_enqueued(tenant, store):
    # given due jobs: one paused, one on a channel that got disabled, one on a stable channel
    paused = set_period(job_of(tenant.account, "export_products", store), "5m", enabled=False)
    RecurringJob.objects.filter(job_type__in=["authorization_refresh", "pii_redaction"]).update(
        next_run_at=None
    )
    store.is_enabled = False
    store.save()
    # when
    result = scheduler_tick(now=timezone.now() + timedelta(hours=1))
    # then
    assert result.enqueued == 0
    assert not JobRun.objects.filter(job=paused).exists()
