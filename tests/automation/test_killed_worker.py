"""A real ``openoms worker`` killed with SIGKILL in the middle of a slow run (PostgreSQL): the run
stays running until its heartbeat is older than the stale timeout, then ``runs_recover_stale``
fails it once, with one Error event, and frees its job. A live worker's heartbeat keeps an
equally long run from being recovered.
"""

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.activity.models import Event, EventLevel
from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import job_run_now, runs_recover_stale
from openoms.automation.services.scheduler import due_jobs
from openoms.channels.services.channels import channel_create
from openoms.tenancy.actor import Actor
from tests.processes import SHARED_DATABASE, wait_for, worker_process

pytestmark = SHARED_DATABASE

STALE_SECONDS = 3
HEARTBEAT_SECONDS = 0.5


@pytest.fixture
def stale_timeout(settings):
    settings.OPENOMS_JOB_STALE_SECONDS = STALE_SECONDS


@pytest.fixture
def slow_job(tenant) -> RecurringJob:
    """The Authorization Refresh job of a beta sandbox store whose every call takes 30 s."""
    channel = channel_create(
        actor=Actor.system("test"),
        account=tenant.account,
        type="sales",
        kind="sandbox_sales",
        name="Slow store",
        credentials={"store_name": "Slow", "latency_seconds": "30"},
    )
    jobs_ensure(tenant.account)
    return RecurringJob.objects.get(channel=channel, job_type=JobType.AUTHORIZATION_REFRESH)


@pytest.fixture
def worker(tmp_path) -> Iterator[subprocess.Popen]:
    """A real ``openoms worker`` polling every 0.1 s; killed at the end if still alive."""
    with worker_process(tmp_path, OPENOMS_JOB_HEARTBEAT_SECONDS=str(HEARTBEAT_SECONDS)) as proc:
        yield proc


def running_with_a_beat(run: JobRun) -> bool:
    """The worker claimed the run and its heartbeat thread has beaten at least once."""
    run.refresh_from_db()
    return run.status == RunStatus.RUNNING and run.heartbeat_at > run.started_at


def test_a_killed_worker_s_run_is_failed_once_after_the_stale_timeout(
    tenant, slow_job, worker, stale_timeout
):
    # given: the slow run is running in the worker, its heartbeat fresh
    run = job_run_now(actor=Actor.for_user(tenant.user("organization_owner")), job=slow_job)
    wait_for(lambda: running_with_a_beat(run))
    assert timezone.now() - run.heartbeat_at < timedelta(seconds=2)
    # when: the worker dies without a chance to clean up
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    # then: within the stale timeout nothing is recovered and the job stays busy
    assert runs_recover_stale() == 0
    run.refresh_from_db()
    slow_job.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert slow_job.active_run_id == run.pk
    assert not due_jobs(timezone.now()).filter(pk=slow_job.pk).exists()
    assert not Event.objects.filter(run_id=run.pk).exists()
    # when: the heartbeat has been silent for longer than the stale timeout
    silent_until = run.heartbeat_at + timedelta(seconds=STALE_SECONDS + 0.2)
    time.sleep(max(0.0, (silent_until - timezone.now()).total_seconds()))
    recovered = runs_recover_stale()
    # then: the run failed once, with one Error event saying why, and the job is free again
    assert recovered == 1
    run.refresh_from_db()
    slow_job.refresh_from_db()
    assert (run.status, run.summary) == (RunStatus.FAILED, "Its worker stopped.")
    assert run.finished_at is not None
    events = list(Event.objects.filter(run_id=run.pk))
    assert [(e.level, e.entity_type, e.entity_id) for e in events] == [
        (EventLevel.ERROR, "job", str(slow_job.pk))
    ]
    assert events[0].message.startswith(
        "Authorization Refresh Settings of Slow store stopped: its worker stopped responding"
    )
    assert (slow_job.active_run_id, slow_job.last_run_at) == (None, run.started_at)
    assert runs_recover_stale() == 0
    assert Event.objects.filter(run_id=run.pk).count() == 1
    # and the job can run again: the scheduler sees it due, and Run now queues a new run
    assert due_jobs(timezone.now()).filter(pk=slow_job.pk).exists()
    again = job_run_now(actor=Actor.for_user(tenant.user("organization_owner")), job=slow_job)
    slow_job.refresh_from_db()
    assert again.pk != run.pk
    assert (again.status, slow_job.active_run_id) == (RunStatus.QUEUED, again.pk)


def test_a_live_worker_s_heartbeat_keeps_a_long_run_from_being_recovered(
    tenant, slow_job, worker, stale_timeout
):
    # given: the slow run is running in a live worker
    run = job_run_now(actor=Actor.for_user(tenant.user("organization_owner")), job=slow_job)
    wait_for(lambda: running_with_a_beat(run))
    first_beat = run.heartbeat_at
    # when: the run lasts longer than the stale timeout
    time.sleep(STALE_SECONDS + 0.5)
    recovered = runs_recover_stale()
    # then: its heartbeat kept advancing, so nothing was recovered
    assert recovered == 0
    run.refresh_from_db()
    slow_job.refresh_from_db()
    assert worker.poll() is None
    assert run.status == RunStatus.RUNNING
    assert run.heartbeat_at > first_beat + timedelta(seconds=2)
    assert timezone.now() - run.heartbeat_at < timedelta(seconds=STALE_SECONDS)
    assert slow_job.active_run_id == run.pk
    assert not Event.objects.filter(run_id=run.pk).exists()
