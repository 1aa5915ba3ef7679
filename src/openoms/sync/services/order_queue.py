"""Queueing a channel's order work when there is something for it: Import Orders when an order
webhook is stored, Export Order Updates when a sales channel has fulfillments to learn.

The stored rows (the webhook inbox, the pending ``ChannelFulfillment`` rows) are the durable
part; this only makes sure a run comes soon, like ``outbox.outbox_drain_queue`` does for the
inventory outbox: a run is queued in the caller's transaction when the job is idle (a job row
another transaction holds is skipped, and checked again after the commit); when a run is
already queued it will see the rows. A run already *running* may have read before they were
committed: the job's period is the safety net (docs/orders.md).
"""

from __future__ import annotations

from django.db import transaction

from openoms.automation.job_types import JobType
from openoms.automation.models import RecurringJob, RunTrigger
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import run_queue
from openoms.channels.models import Channel

QUEUED_BY = {
    JobType.IMPORT_ORDERS: "Order webhooks",
    JobType.EXPORT_ORDER_UPDATES: "Shipment progress",
}


def channel_job(channel: Channel, job_type: str) -> RecurringJob:
    """The job of ``job_type`` that works on ``channel``: its own (beta) or the account's
    (stable); created when missing."""
    rows = RecurringJob.objects.filter(account_id=channel.account_id, job_type=job_type)
    rows = rows.filter(channel=channel) if channel.is_beta else rows.filter(channel__isnull=True)
    job = rows.first()
    if job is None:
        jobs_ensure(channel.account)
        job = rows.get()
    return job


def channel_work_queue(channel_ids, job_type: str) -> None:
    """Make sure a run of ``job_type`` comes for each channel (see the module)."""
    channels = Channel.objects.filter(pk__in=list(channel_ids), is_enabled=True)
    for channel in channels.select_related("account"):
        job = channel_job(channel, job_type)
        if job.active_run_id is None and _queue_if_idle(job, channel, locked=False):
            continue
        if job.active_run_id is None:
            transaction.on_commit(
                lambda job=job, channel=channel: _queue_if_idle(job, channel, locked=True)
            )


def _queue_if_idle(job: RecurringJob, channel: Channel, *, locked: bool) -> bool:
    """Queue a run of ``job`` for ``channel`` if it is idle; → True when queued or busy.
    ``locked=False``: a job row another transaction holds is skipped, not waited for."""
    with transaction.atomic():
        rows = RecurringJob.objects.select_for_update(skip_locked=not locked, of=("self",))
        found = rows.select_related("account").filter(pk=job.pk).first()
        if found is None:
            return False
        if found.active_run_id is not None:
            return True
        run_queue(
            found,
            trigger=RunTrigger.SCHEDULE,
            actor_label=QUEUED_BY.get(job.job_type, "OpenOMS"),
            channel=None if channel.is_beta else channel,
        )
        return True
