"""A run queued for a later time (a poll, a retry's backoff) does not refuse someone who asks
for the work now: Run now and a channel's manual sync make that run due at once, and its delayed
task then does nothing. A run due now still refuses a second one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.automation.models import JobRun
from openoms.automation.services.runs import job_run_now, manual_run_queue, run_execute
from openoms.core.errors import Conflict
from tests.automation.conftest import SYSTEM, job_of


def queued_for_later(job, minutes: int = 5) -> JobRun:
    """A run of ``job`` queued (by the scheduler) for ``minutes`` from now."""
    later = timezone.now() + timedelta(minutes=minutes)
    run = JobRun.objects.create(
        job=job,
        account=job.account,
        job_type=job.job_type,
        trigger="schedule",
        due_at=later,
        enqueued_at=later,
        actor_label="Scheduler",
    )
    job.active_run = run
    job.save(update_fields=["active_run"])
    return run


@pytest.mark.parametrize("ask", ["run_now", "manual_sync"])
def test_asking_now_makes_the_waiting_run_due_and_runs_it_once(tenant, store, ask):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)
    waiting = queued_for_later(job)
    before = timezone.now()
    # when
    if ask == "run_now":
        got = job_run_now(actor=SYSTEM, job=job)
    else:
        got = manual_run_queue(actor=SYSTEM, channel=store, job_type="authorization_refresh")
    first, again = run_execute(got.pk), run_execute(got.pk)
    # then
    assert got.pk == waiting.pk
    assert JobRun.objects.filter(job=job).count() == 1
    waiting.refresh_from_db()
    assert before <= waiting.due_at <= timezone.now()
    assert (first, again) == ("succeeded", "")  # the delayed task finds it done


def test_a_run_due_now_still_refuses_a_second(tenant, store):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)
    run = job_run_now(actor=SYSTEM, job=job)
    # when
    with pytest.raises(Conflict) as refused:
        manual_run_queue(actor=SYSTEM, channel=store, job_type="authorization_refresh")
    # then
    assert refused.value.message == (
        f"Authorization Refresh Settings is already queued (run {run.pk}); it runs once at a time."
    )
    assert JobRun.objects.filter(job=job).count() == 1
