"""Job runs: queue one (Run now, or the scheduler), execute it in a worker, finish it, and
recover runs whose worker died.

A run is claimed by one worker (``queued`` → ``running`` in one conditional UPDATE), so a task
delivered twice runs once. While it runs, a heartbeat thread touches ``heartbeat_at``; a running
run whose heartbeat is older than ``OPENOMS_JOB_STALE_SECONDS`` lost its worker (kill -9, power
cut) and is marked failed by the scheduler, which then schedules the job again as usual.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from openoms.activity.models import Event, EventLevel
from openoms.activity.services import event_record, event_run_scope
from openoms.automation.handlers import JobFailed, RunOutcome
from openoms.automation.job_types import JOB_TYPES
from openoms.automation.models import JobRun, RecurringJob, RunStatus, RunTrigger
from openoms.automation.periods import next_due
from openoms.automation.services.execution import heartbeat, perform
from openoms.automation.services.jobs import jobs_ensure
from openoms.channels.models import Channel
from openoms.core import task_queue
from openoms.core.errors import Conflict
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

log = logging.getLogger(__name__)

SCHEDULER_LABEL = "Scheduler"
JOB_RUN_TASK = "automation.job_run"


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "OPENOMS_JOB_STALE_SECONDS", 300))


def max_attempts() -> int:
    return getattr(settings, "OPENOMS_JOB_MAX_ATTEMPTS", 3)


def retry_delay(attempt: int) -> timedelta:
    """Backoff before attempt ``attempt + 1``: the base, doubled at every attempt."""
    base = getattr(settings, "OPENOMS_JOB_RETRY_SECONDS", 30)
    return timedelta(seconds=base * 2 ** (attempt - 1))


def job_run_now(*, actor: Actor, job: RecurringJob) -> JobRun:
    """Queue a run of ``job`` now (its row's "Run now", ``POST /api/v2/jobs/{id}/run``).

    Refused (``Conflict``) while the job is queued or running, or when its channel is stable
    (a stable channel's jobs are the account's). Runs whatever its period, None included. A run
    already queued for a later time (a poll, a retry's backoff) is made due now instead.
    """
    actor.require_account(job.account)
    actor.require(Perm.AUTOMATION_RUN)
    with transaction.atomic():
        job = _claimed(job.pk)
        if job.channel_id and not job.channel.is_beta:
            raise Conflict(
                f"{job.channel.name} is a stable channel: it follows the account's "
                "recurring jobs (Account → Recurring Jobs)."
            )
        if job.active_run_id is not None:
            return job.active_run
        return run_queue(job, trigger=RunTrigger.RUN_NOW, actor_label=actor.label)


def manual_run_queue(*, actor: Actor, channel: Channel, job_type: str) -> JobRun:
    """Queue a manual sync of ``channel``: a run of its job (a stable channel: the account's
    job) that works on ``channel`` only. The caller (``sync.pipeline.sync_start``) has checked
    who asks and whether the work may run on the channel. ``Conflict`` while the job is busy;
    its run queued for a later time is made due now instead (and returned)."""
    rows = RecurringJob.objects.filter(account_id=channel.account_id, job_type=job_type)
    rows = rows.filter(channel=channel) if channel.is_beta else rows.filter(channel__isnull=True)
    with transaction.atomic():
        if not rows.exists():
            jobs_ensure(channel.account)
        job = _claimed(rows.values_list("pk", flat=True).get())
        if job.active_run_id is not None:
            return job.active_run
        return run_queue(
            job, trigger=RunTrigger.MANUAL_SYNC, actor_label=actor.label, channel=channel
        )


def _claimed(job_id: int) -> RecurringJob:
    """The job row, locked, once it is not queued or running (else ``Conflict``); or with its
    ``active_run`` when that run was queued for a later time and is now made due."""
    job = (
        RecurringJob.objects.select_for_update(of=("self",))
        .select_related("account", "channel", "active_run")
        .get(pk=job_id)
    )
    if job.active_run_id is not None and not _due_now(job.active_run):
        raise Conflict(
            f"{JOB_TYPES[job.job_type].label} is already "
            f"{job.active_run.get_status_display().lower()} (run {job.active_run_id}); it runs "
            "once at a time."
        )
    return job


def _due_now(run: JobRun) -> bool:
    """Make ``run`` due now when it is queued for a later time (someone asks for the work now);
    its delayed task then finds it done and does nothing. → whether it was."""
    now = timezone.now()
    if run.status != RunStatus.QUEUED or run.due_at is None or run.due_at <= now:
        return False
    if not JobRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(due_at=now):
        return False
    run.due_at = now
    run_enqueue(run.pk)
    return True


def run_queue(
    job: RecurringJob,
    *,
    trigger: str,
    actor_label: str,
    due_at: datetime | None = None,
    channel: Channel | None = None,
) -> JobRun:
    """Create the run, make it the job's active run and enqueue its task (in the caller's
    transaction, with the job row already claimed). ``channel``: a manual sync's one channel."""
    now = timezone.now() if due_at is None else due_at
    run = JobRun.objects.create(
        job=job,
        channel=channel,
        account_id=job.account_id,
        job_type=job.job_type,
        trigger=trigger,
        due_at=due_at,
        enqueued_at=now,
        actor_label=actor_label,
    )
    RecurringJob.objects.filter(pk=job.pk).update(active_run=run)
    job.active_run = run
    run_enqueue(run.pk)
    return run


def run_enqueue(run_id: int, run_after: datetime | None = None) -> None:
    """Enqueue the run's task (in the caller's transaction on the database backend)."""
    task_queue.enqueue(JOB_RUN_TASK, run_id, run_after=run_after)


def runs_enqueue(run_ids: list[int]) -> None:
    """Enqueue many runs' tasks at once (the scheduler's batch: one INSERT)."""
    task_queue.enqueue_many(JOB_RUN_TASK, [(run_id,) for run_id in run_ids])


def run_execute(run_id: int) -> str:
    """Do the run (the worker's task); returns its final status ("" when it was not queued)."""
    now = timezone.now()
    claimed = JobRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, attempt=F("attempt") + 1
    )
    if not claimed:
        return ""
    run = JobRun.objects.select_related("job", "job__channel", "account", "channel").get(pk=run_id)
    with event_run_scope(run.pk), heartbeat(run.pk):
        try:
            outcome = perform(run)
        except JobFailed as exc:
            _record(run, EventLevel.ERROR, f"{_title(run)} stopped: {exc.message}")
            outcome = RunOutcome(RunStatus.FAILED, summary=exc.message)
        except Exception as exc:
            log.exception("Job run %s failed unexpectedly", run.pk)
            if _retry(run, exc):
                return RunStatus.QUEUED
            outcome = RunOutcome(RunStatus.FAILED, summary=f"Unexpected failure: {exc}")
    run_finish(run, outcome)
    return outcome.status


def _retry(run: JobRun, exc: Exception) -> bool:
    """A Fatal event; queue the run again after the backoff unless attempts are used up."""
    attempts = max_attempts()
    if run.attempt >= attempts:
        _record(
            run,
            EventLevel.FATAL,
            f"{_title(run)} failed unexpectedly ({exc}); gave up "
            f"after {attempts} attempts. It runs again at its next due time.",
        )
        return False
    delay = retry_delay(run.attempt)
    _record(
        run,
        EventLevel.FATAL,
        f"{_title(run)} failed unexpectedly ({exc}); attempt "
        f"{run.attempt} of {attempts}, retrying in {int(delay.total_seconds())} s.",
    )
    with transaction.atomic():
        JobRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.QUEUED, summary=f"Retrying after: {exc}"
        )
        run_enqueue(run.pk, run_after=timezone.now() + delay)
    return True


def run_finish(run: JobRun, outcome: RunOutcome) -> None:
    """Store how the run ended and free its job (only if it is still this run's job)."""
    now = timezone.now()
    with transaction.atomic():
        updated = JobRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=outcome.status,
            finished_at=now,
            counts=outcome.counts,
            summary=outcome.summary[:2000],
        )
        if not updated:
            return
        job_changes = {"active_run": None, "last_run_at": run.started_at or now}
        if outcome.status == RunStatus.SUCCEEDED:
            job_changes["last_success_at"] = run.started_at or now
        RecurringJob.objects.filter(pk=run.job_id, active_run_id=run.pk).update(**job_changes)
        if run.trigger == RunTrigger.RUN_NOW:
            _skip_slot_served(run, now)


def _skip_slot_served(run: JobRun, now: datetime) -> None:
    """A Run now that started after the job fell due did that slot's work: move the job to its
    next slot instead of running it again right after."""
    job = RecurringJob.objects.filter(pk=run.job_id).only("period", "next_run_at").first()
    started = run.started_at or now
    if job is None or job.next_run_at is None or job.next_run_at > started:
        return
    RecurringJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
        next_run_at=next_due(job.next_run_at, job.period, now)
    )


def runs_recover_stale(*, now: datetime | None = None) -> int:
    """Mark failed every running run whose worker stopped beating; returns how many."""
    now = now or timezone.now()
    stale = JobRun.objects.filter(status=RunStatus.RUNNING, heartbeat_at__lt=now - stale_after())
    recovered = 0
    for run in stale.select_related("job", "job__channel", "account", "channel"):
        with transaction.atomic():
            updated = JobRun.objects.filter(
                pk=run.pk, status=RunStatus.RUNNING, heartbeat_at=run.heartbeat_at
            ).update(status=RunStatus.FAILED, finished_at=now, summary="Its worker stopped.")
            if not updated:
                continue
            RecurringJob.objects.filter(pk=run.job_id, active_run_id=run.pk).update(
                active_run=None, last_run_at=run.started_at
            )
            resumes = JOB_TYPES[run.job_type].resumes_after_stop
            again = (
                "A new run was queued." if resumes else "The job runs again at its next due time."
            )
            with event_run_scope(run.pk):
                _record(
                    run,
                    EventLevel.ERROR,
                    f"{_title(run)} stopped: its worker stopped "
                    f"responding (last sign of life {run.heartbeat_at:%Y-%m-%d %H:%M:%S} "
                    f"UTC). {again}",
                )
            if resumes:
                job = _claimed(run.job_id)
                run_queue(
                    job, trigger=run.trigger, actor_label=run.actor_label, channel=run.channel
                )
            recovered += 1
    return recovered


def run_event_counts(run: JobRun) -> dict[str, int]:
    """How many events of each level the run wrote (for its row and page)."""
    found = Event.objects.filter(run_id=run.pk).values("level").annotate(count=Count("id"))
    return dict.fromkeys(EventLevel.values, 0) | {row["level"]: row["count"] for row in found}


def _title(run: JobRun) -> str:
    label = JOB_TYPES[run.job_type].label
    channel = run.channel or run.job.channel
    return f"{label} of {channel.name}" if channel else f"{label} of the account"


def _record(run: JobRun, level: str, message: str) -> None:
    channel = run.channel or run.job.channel
    event_record(
        account=run.account,
        level=level,
        message=message,
        entity_type="job",
        entity_id=str(run.job_id),
        entity_label=JOB_TYPES[run.job_type].label,
        channel_id=channel.pk if channel else None,
        actor_label=run.actor_label or SCHEDULER_LABEL,
    )
