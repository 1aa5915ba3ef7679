"""Doing a run's work: which channels it targets, the registered handler for each, and the
run's summed outcome. Also the heartbeat of a running run.

An account job runs for every enabled stable channel of the account whose kind can do it (for
Import Products: only the Master Product Channel); a channel job for its own beta channel; a
manual sync for its one channel. What a handler does with a channel (the gate, the connector,
the events) is ``sync``'s one pipeline (``sync/pipeline.py``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.activity.services import event_record
from openoms.automation.handlers import RunContext, RunOutcome, job_handler
from openoms.automation.job_types import JOB_TYPES, JobType, kind_supports
from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.channels.events import channel_event
from openoms.channels.master_product import product_import_refusal
from openoms.channels.models import Channel
from openoms.tenancy.actor import Actor

log = logging.getLogger(__name__)


def perform(run: JobRun) -> RunOutcome:
    """Run the handler for each target of ``run`` and sum up what they did."""
    job = run.job
    actor = Actor.system(run.actor_label or "Scheduler")
    if job.channel_id and not job.channel.is_beta:
        reason = f"{job.channel.name} is a stable channel now: it follows the account's jobs."
        return RunOutcome(RunStatus.SKIPPED, summary=reason)
    targets = run_targets(run)
    if not targets:
        return _nothing_to_do(run)
    outcomes = []
    for channel in targets:
        context = RunContext(run, job, run.account, channel, actor, job.last_success_at)
        outcomes.append(_handle(context))
    return _sum(outcomes)


def run_targets(run: JobRun) -> list[Channel | None]:
    """The channels the run works on: a manual sync's one channel, else the job's targets
    ([None] for account work such as PII Redaction)."""
    if run.channel_id is not None:
        return [run.channel]
    return job_targets(run.job)


def job_targets(job: RecurringJob) -> list[Channel | None]:
    """The channels a run of ``job`` would work on now: its own beta channel, or the account's
    enabled stable channels whose kind can do it (Import Products: only the master)."""
    spec = JOB_TYPES[job.job_type]
    if not spec.channel_level:
        return [None]
    if job.channel_id:
        return [job.channel]
    stable = Channel.objects.filter(account_id=job.account_id, is_beta=False, is_enabled=True)
    channels = [
        channel
        for channel in stable.order_by("name")
        if kind_supports(channel.kind_spec, job.job_type)
    ]
    for channel in channels:
        channel.account = job.account  # one account object: its master is looked up once
    if job.job_type == JobType.IMPORT_PRODUCTS:
        channels = [channel for channel in channels if product_import_refusal(channel) is None]
    return channels


def _handle(context: RunContext) -> RunOutcome:
    handler = job_handler(context.job.job_type)
    if handler is not None:
        return handler(context)
    spec = JOB_TYPES[context.job.job_type]
    reason = f"{spec.label} arrives with a later release: nothing was done."
    _warn(context.run, context.channel, reason)
    return RunOutcome(RunStatus.SKIPPED, summary=reason)


def _nothing_to_do(run: JobRun) -> RunOutcome:
    """An account job with no stable channel to work on: the run says so (no event: this is
    the normal state of an account whose channels are all beta)."""
    label = JOB_TYPES[run.job_type].label
    reason = f"No enabled stable channel of this account runs {label}: nothing to do."
    return RunOutcome(RunStatus.SKIPPED, summary=reason)


def _sum(outcomes: list[RunOutcome]) -> RunOutcome:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        for key, value in outcome.counts.items():
            counts[key] = counts.get(key, 0) + value
    statuses = {outcome.status for outcome in outcomes}
    if RunStatus.FAILED in statuses:
        status = RunStatus.FAILED
    elif RunStatus.SUCCEEDED in statuses:
        status = RunStatus.SUCCEEDED
    else:
        status = RunStatus.SKIPPED
    summary = " ".join(outcome.summary for outcome in outcomes if outcome.summary)
    return RunOutcome(status, counts, summary)


def _warn(run: JobRun, channel: Channel | None, message: str) -> None:
    _event(run, channel, EventLevel.WARNING, message)


def _event(run: JobRun, channel: Channel | None, level: str, message: str) -> None:
    if channel is not None:
        channel_event(channel, level, message, run.actor_label)
        return
    event_record(
        account=run.account,
        level=level,
        message=message,
        entity_type="job",
        entity_id=str(run.job_id),
        entity_label=JOB_TYPES[run.job_type].label,
        actor_label=run.actor_label,
    )


@contextmanager
def heartbeat(run_id: int) -> Iterator[None]:
    """Touch the run's ``heartbeat_at`` every ``OPENOMS_JOB_HEARTBEAT_SECONDS`` while the block
    runs (from a thread with its own database connection); 0 turns it off."""
    interval = getattr(settings, "OPENOMS_JOB_HEARTBEAT_SECONDS", 15)
    if interval <= 0:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=_beat, args=(run_id, interval, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def _beat(run_id: int, interval: float, stop: threading.Event) -> None:
    try:
        while not stop.wait(interval):
            try:
                JobRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
            except Exception:  # a missed beat is retried at the next one
                log.warning("Heartbeat of job run %s failed", run_id, exc_info=True)
    finally:
        connection.close()
