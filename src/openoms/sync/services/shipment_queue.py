"""Queueing a fulfillment channel's shipment work: *Send Shipments* when shipments are created
or asked to be cancelled (the listener of ``orders.changes``), *Import Shipments* when a ShipBob
webhook about a shipment is stored; and the end of such a run, which frees its job itself and
queues the next run when work is left (the Push Inventory Updates pattern of ``outbox``).

The shipment rows and the stored webhook deliveries are the durable outbox and inbox: a run is
queued in the caller's transaction (committed with them), or, when the channel's job is busy,
checked again after the commit; a run ending re-checks what is left. Nothing waits for a period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun, RecurringJob, RunTrigger
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import run_enqueue
from openoms.channels.models import Channel
from openoms.sync.models import DeliveryStatus, WebhookDelivery, WebhookSource

SEND, IMPORT = JobType.SEND_SHIPMENTS, JobType.IMPORT_SHIPMENTS
SHIPMENTS_LABEL = "Shipments"
WEBHOOK_LABEL = "ShipBob webhook"
SHIPMENT_TOPIC_PREFIX = "order."  # ShipBob's shipment topics: order.shipped, order.shipment.*


def shipment_job(channel: Channel, job_type: str) -> RecurringJob:
    """The job of ``job_type`` that works on ``channel``: its own (beta) or the account's
    (stable); created when missing (channels made before the job type existed)."""
    rows = RecurringJob.objects.filter(account_id=channel.account_id, job_type=job_type)
    rows = rows.filter(channel=channel) if channel.is_beta else rows.filter(channel__isnull=True)
    job = rows.first()
    if job is None:
        jobs_ensure(channel.account)
        job = rows.get()
    return job


def shipments_queue(account_id: int, shipments: Sequence) -> None:
    """The listener of ``orders.changes``: queue Send Shipments for each fulfillment channel
    of ``shipments`` (created by allocation, or asked to be cancelled)."""
    channel_ids = {s.fulfillment_channel_id for s in shipments if s.fulfillment_channel_id}
    if channel_ids:
        work_queue(channel_ids, SEND, SHIPMENTS_LABEL, account_id=account_id)


def shipment_webhook_queue(delivery: WebhookDelivery) -> None:
    """Queue Import Shipments for the channel of a newly stored ShipBob shipment delivery."""
    if (
        delivery.source == WebhookSource.SHIPBOB
        and delivery.status == DeliveryStatus.RECEIVED
        and delivery.topic.startswith(SHIPMENT_TOPIC_PREFIX)
    ):
        work_queue({delivery.channel_id}, IMPORT, WEBHOOK_LABEL, account_id=delivery.account_id)


def work_queue(
    channel_ids: Iterable[int], job_type: str, label: str, *, account_id: int | None = None
) -> None:
    """Queue a run of ``job_type`` for each enabled channel, in the caller's transaction, when
    none is queued or running; when one is (or its job row is busy), check again after the
    commit, so work committed while a run ends is never left waiting."""
    channels = Channel.objects.filter(pk__in=list(channel_ids), is_enabled=True)
    if account_id is not None:
        channels = channels.filter(account_id=account_id)
    for channel in channels.select_related("account"):
        job = shipment_job(channel, job_type)
        if job.active_run_id is None and _queue_if_idle(job, channel, label, locked=False):
            continue
        transaction.on_commit(lambda job=job, channel=channel: _queue_if_idle(job, channel, label))


def _queue_if_idle(
    job: RecurringJob, channel: Channel, label: str, *, locked: bool = True, run_after=None
) -> bool:
    """Queue a run of ``job`` for ``channel`` if the job is idle; → True when it is queued or
    was already busy. ``locked=False`` (inside the caller's write): a job row another
    transaction holds is skipped rather than waited for (the post-commit check covers it)."""
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
    """A run of ``job`` (the job row locked and idle, in the caller's transaction), due at
    ``run_after`` (now when None). A stable channel's run works on that channel only."""
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
    job = shipment_job(channel, run.job_type)
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
