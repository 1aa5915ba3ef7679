"""Queueing a channel's work when there is something for it: the one way every outbox and inbox
of the sync app makes sure a run comes (the inventory outbox's Push Inventory Updates, Send and
Import Shipments, Import Orders and Export Order Updates).

The stored rows (outbox rows, webhook deliveries, shipments, pending fulfillments) are the
durable part; a run is only the worker's cue. ``work_queue`` queues one in the caller's
transaction, committed with the rows, when the channel's job is idle; when a run is queued or
running, or the job row is held by another transaction, it checks again after the commit, so
rows committed while a run ends are never left waiting. A run that drains by itself frees its
job at its end and queues the next when work is left (``work_release``).

``work_queue_stored`` is the same guarantee for rows already committed (a webhook delivery,
stored in autocommit): one plain read of the job; busy needs nothing, since its ending run frees
the job and then looks for rows; idle, the job is locked and checked again before its run is
queued. A process that dies between the commit and the queueing leaves the rows to the job's
next scheduled run (the recurring job is the safety net).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from openoms.automation.models import JobRun, RecurringJob, RunTrigger
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import run_enqueue
from openoms.channels.models import Channel
from openoms.core.read_memo import memoized


def channel_job(channel: Channel, job_type: str) -> RecurringJob:
    """The job of ``job_type`` that works on ``channel``: its own (beta) or the account's
    (stable); created when missing (channels made before the job type existed)."""
    rows = RecurringJob.objects.filter(account_id=channel.account_id, job_type=job_type)
    rows = rows.filter(channel=channel) if channel.is_beta else rows.filter(channel__isnull=True)
    job = next(iter(rows.order_by()[:1]), None)  # one per channel (or account): no ordering
    if job is None:
        jobs_ensure(channel.account)
        job = rows.get()
    return job


def work_queue(
    channel_ids: Iterable[int],
    job_type: str,
    label: str,
    *,
    run_after: datetime | None = None,
    account_id: int | None = None,
    enabled_only: bool = True,
) -> None:
    """Make sure a run of ``job_type`` comes for each channel (see the module), due at
    ``run_after`` (now when None); ``label`` says who queued it."""
    ids = tuple(sorted(set(channel_ids)))
    for channel, job in _channel_jobs(ids, job_type, account_id, enabled_only):
        if job.active_run_id is None and _queue_if_idle(
            job, channel, label, locked=False, run_after=run_after
        ):
            continue
        transaction.on_commit(
            lambda job=job, channel=channel: _queue_if_idle(
                job, channel, label, run_after=run_after, committed=True
            )
        )


def work_queue_stored(channel: Channel, job_type: str, label: str) -> None:
    """``work_queue`` for one channel already read, whose rows are committed (a webhook
    delivery stored in autocommit): the job is read once, without a lock; busy, it needs
    nothing (its run has not read yet, or, ending, frees the job and then looks for work
    left: ``work_release``); idle, it is locked, checked again and given a run."""
    if not channel.is_enabled:
        return
    found = _job_state(channel, job_type)
    if found is None:  # no job yet (a channel made before its job type): made here
        job = channel_job(channel, job_type)
        found = job.pk, job.active_run_id
    job_id, active_run_id = found
    if active_run_id is None:
        _queue_if_idle(RecurringJob(pk=job_id), channel, label)


# the table name comes from the model; every value is a parameter
JOB_STATE = (
    f"SELECT id, active_run_id FROM {RecurringJob._meta.db_table} "  # noqa: S608
    "WHERE account_id = %s AND job_type = %s AND "
)


def _job_state(channel: Channel, job_type: str) -> tuple[int, int | None] | None:
    """(id, active run id) of ``channel_job``, read by one hand-written statement: the request
    that stores a webhook delivery reads it every time, and the ORM's query building cost more
    than the statement itself."""
    if channel.is_beta:
        sql, params = JOB_STATE + "channel_id = %s", [channel.account_id, job_type, channel.pk]
    else:
        sql, params = JOB_STATE + "channel_id IS NULL", [channel.account_id, job_type]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@memoized
def _channel_jobs(
    channel_ids: tuple[int, ...], job_type: str, account_id: int | None, enabled_only: bool
) -> list[tuple[Channel, RecurringJob]]:
    """The channels and their jobs of ``job_type`` (once per batch in a ``read_memo`` block: a
    job's ``active_run_id`` read then only picks the path, never decides: both paths read the
    row again)."""
    channels = Channel.objects.filter(pk__in=channel_ids)
    if enabled_only:
        channels = channels.filter(is_enabled=True)
    if account_id is not None:
        channels = channels.filter(account_id=account_id)
    return [
        (channel, channel_job(channel, job_type)) for channel in channels.select_related("account")
    ]


def _queue_if_idle(
    job: RecurringJob,
    channel: Channel,
    label: str,
    *,
    locked: bool = True,
    run_after=None,
    committed: bool = False,
) -> bool:
    """Queue a run of ``job`` for ``channel`` if the job is idle; → True when it is queued or
    was already busy. ``locked=False`` (inside the caller's write): a job row another
    transaction holds is skipped rather than waited for (the post-commit check covers it).
    ``committed`` (the post-commit check, the caller's rows committed): a job busy now needs
    nothing — its run either has not read yet or, ending, frees the job and then looks for
    work left (``work_release``), which sees those rows — so only an idle job is locked."""
    if committed and not RecurringJob.objects.filter(pk=job.pk, active_run__isnull=True).exists():
        return True
    with transaction.atomic():
        rows = RecurringJob.objects.select_for_update(skip_locked=not locked, of=("self",))
        found = rows.filter(pk=job.pk).first()
        if found is None:
            return False
        if found.active_run_id is not None:
            return True
        work_run_queue(found, channel, label, run_after)
        return True


def work_run_queue(job: RecurringJob, channel: Channel, label: str, run_after=None) -> JobRun:
    """A run of ``job`` (the job row locked and idle, in the caller's transaction), its task due
    at ``run_after`` (now when None). A stable channel's run works on that channel only."""
    run = JobRun.objects.create(
        job=job,
        channel=None if channel.is_beta else channel,
        account_id=job.account_id,
        job_type=job.job_type,
        trigger=RunTrigger.SCHEDULE,
        due_at=run_after,
        enqueued_at=timezone.now(),
        actor_label=label,
    )
    RecurringJob.objects.filter(pk=job.pk).update(active_run=run)
    run_enqueue(run.pk, run_after=run_after)
    return run


def work_release(
    run: JobRun, channel: Channel, label: str, next_at: Callable[[], datetime | None]
) -> None:
    """Free the job of ``run`` (its last step; it succeeded), then queue the next run for
    ``channel`` when work is left: at what ``next_at()`` says once the job is free (now or
    later; None: nothing is left). Work that commits after the job was freed queues its own
    run; work committed before is seen by ``next_at``. A scheduled run of the account's job
    (several stable channels) is left to the executor and its period."""
    job = channel_job(channel, run.job_type)
    if job.channel_id is None and run.channel_id is None:
        return  # an account run over several stable channels: the executor frees it at the end
    started = run.started_at or timezone.now()
    with transaction.atomic():
        freed = RecurringJob.objects.filter(pk=job.pk, active_run_id=run.pk).update(
            active_run=None, last_run_at=started, last_success_at=started
        )
    if not freed or (at := next_at()) is None:
        return
    now = timezone.now()
    with transaction.atomic():
        locked = RecurringJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        if locked.active_run_id is None:
            work_run_queue(locked, channel, label, None if at <= now else at)
