"""The one path of channel work.

Every call to a channel — a scheduled job, Run now, the channel's Sync menu, an API sync — is a
``JobRun`` executed by a worker (``automation``), whose handler for a channel job type is
``channel_work`` below:

    the gate, once: the channel is enabled and its Authorization Refresh is not None → Warning
    → the work's rule (the kind's capability, seed 000's Master Product rules) → JobFailed
    → the channel's connector in the role the work needs (``connector_for``)        → Warning
    → the work's body (``Work.body``: reads the channel, writes OpenOMS, returns counts)
    → an Info event with the body's summary; the executor stores the run's counts.

A channel failing (``ConnectorError``) stops the run with an Error event that says why. A
manual sync (``sync_start``) checks who asks and the rule up front (refused at once, nothing
queued) and queues a run of the channel's job like Run now does; its run shows under the job's
runs like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openoms.activity.models import EventLevel
from openoms.automation.handlers import (
    JobFailed,
    RunContext,
    RunOutcome,
    register_job_handler,
)
from openoms.automation.job_types import JOB_TYPES, JobType
from openoms.automation.models import JobRun, RunStatus, RunTrigger
from openoms.automation.selectors import channel_calls_refusal
from openoms.automation.services.runs import manual_run_queue
from openoms.channels.events import channel_event
from openoms.channels.kinds import CAPABILITY_LABELS
from openoms.channels.models import Channel
from openoms.channels.services.channels import channel_credentials_renew
from openoms.connectors.base import ChannelAccess, ConnectorError, ConnectorUnavailable, Notice
from openoms.connectors.registry import connector_for, connector_unavailable
from openoms.core.errors import Conflict, NotFound
from openoms.core.secrets import SecretUnreadable
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


@dataclass(frozen=True)
class WorkContext:
    """What a work's body gets: the run's context, the channel as stored now (with its
    account), and its connector in the role the work declared."""

    run: RunContext
    channel: Channel
    connector: object

    @property
    def actor(self) -> Actor:
        return self.run.actor

    @property
    def manual(self) -> bool:
        """True for a manual sync (the Sync menu or the API), False for a recurring job."""
        return self.run.run.trigger == RunTrigger.MANUAL_SYNC


@dataclass(frozen=True)
class Work:
    """What one channel job type does: the connector ``role`` it needs (a Protocol of
    ``connectors.base``), the permission a manual sync needs, the rule beyond the kind's
    capability (``refusal``: why it may not run on a channel, e.g. seed 000), and its ``body``.
    ``later`` names the release that brings a work with no body yet."""

    job_type: JobType
    perm: Perm
    role: type | None = None
    body: Callable[[WorkContext], RunOutcome] | None = None
    refusal: Callable[[Channel], str | None] | None = None
    later: str = ""


_WORKS: dict[str, Work] = {}


def register_work(work: Work) -> None:
    """Declare what a channel job type does (from ``SyncConfig.ready``)."""
    _WORKS[work.job_type] = work
    register_job_handler(work.job_type, channel_work)


def work_refusal(channel: Channel, job_type: str) -> str | None:
    """Why ``job_type`` may never run on ``channel`` as set up now, or None when it may."""
    work = _WORKS.get(job_type)
    if work and work.refusal and (reason := work.refusal(channel)):
        return reason
    spec = JOB_TYPES[job_type]
    if spec.capability is not None and not channel.kind_spec.can(spec.capability):
        return (
            f"{channel.name} is a {channel.kind_spec.label} channel: it cannot "
            f"{CAPABILITY_LABELS[spec.capability].lower()}."
        )
    return None


def channel_gate(channel: Channel) -> str | None:
    """Why OpenOMS may not call ``channel`` now (disabled; Authorization Refresh None)."""
    if not channel.is_enabled:
        return f"the channel {channel.name} is disabled."
    return channel_calls_refusal(channel)


def channel_work(context: RunContext) -> RunOutcome:
    """The handler of every channel job type: the one path (see the module docstring)."""
    work = _WORKS[context.job.job_type]
    channel = Channel.objects.select_related("account").get(pk=context.channel.pk)
    title = f"{JOB_TYPES[work.job_type].label} of {channel.name}"
    if reason := channel_gate(channel):
        return _skipped(context, channel, f"{title} was skipped: {reason}")
    if reason := work_refusal(channel, work.job_type):
        raise JobFailed(reason)
    if work.body is None:
        return _skipped(context, channel, f"{title} arrives with the {work.later} release.")
    try:
        credentials = channel.credentials
    except SecretUnreadable as exc:
        raise JobFailed(exc.message) from exc
    try:
        connector = connector_for(
            channel.kind, channel_access(context, channel, credentials), work.role
        )
    except ConnectorUnavailable as exc:
        return _skipped(context, channel, f"{title} was skipped: {exc.message} Nothing was done.")
    try:
        outcome = work.body(WorkContext(context, channel, connector))
    except ConnectorError as exc:
        raise JobFailed(exc.message) from exc
    except Conflict as exc:
        raise JobFailed(exc.message) from exc
    if outcome.summary:
        level = EventLevel.INFO if outcome.status == RunStatus.SUCCEEDED else EventLevel.WARNING
        channel_event(channel, level, outcome.summary, context.actor.label)
    return outcome


NOTICE_LEVELS = {"info": EventLevel.INFO, "warning": EventLevel.WARNING, "error": EventLevel.ERROR}


def channel_access(context: RunContext, channel: Channel, credentials: dict) -> ChannelAccess:
    """What the channel's connector is built from: its credentials, its base URL, its notices
    recorded as the channel's Events (in the run, at once) and renewed credentials stored."""

    def report(notice: Notice) -> None:
        level = NOTICE_LEVELS.get(notice.level, EventLevel.WARNING)
        channel_event(channel, level, notice.message, context.actor.label)

    return ChannelAccess(
        credentials=dict(credentials or {}),
        channel_ref=f"channel {channel.pk}",
        base_url=channel.api_base_url,
        report=report,
        save_credentials=lambda renewed: channel_credentials_renew(channel, renewed),
    )


def _skipped(context: RunContext, channel: Channel, reason: str) -> RunOutcome:
    channel_event(channel, EventLevel.WARNING, reason, context.actor.label)
    return RunOutcome(RunStatus.SKIPPED, {"channels skipped": 1}, reason)


def sync_start(*, actor: Actor, channel: Channel, job_type: str) -> JobRun:
    """Start a manual sync of ``channel`` (its Sync menu, the API): a queued run of the channel's
    job (a stable channel: the account's) that works on this channel only.

    ``NotFound`` for another tenant's channel; ``PermissionDenied`` when the actor may not do
    the work; ``Conflict`` with the reason when the work may not run on this channel (its kind,
    seed 000) or arrives later, or while the job is already queued or running.
    """
    found = Channel.objects.select_related("account").filter(pk=channel.pk).first()
    if found is None or not actor.sees_account(found.account):
        raise NotFound("Channel not found.")
    work = _WORKS.get(job_type)
    if work is None:
        raise Conflict(f"{JOB_TYPES[job_type].label} is not a channel sync.")
    actor.require(work.perm)
    if reason := work_refusal(found, job_type):
        raise Conflict(reason)
    if work.body is None:
        raise Conflict(f"{JOB_TYPES[job_type].label} arrives with the {work.later} release.")
    return manual_run_queue(actor=actor, channel=found, job_type=job_type)


@dataclass(frozen=True)
class SyncChoice:
    """One manual sync a channel's Sync menu offers, with why it may not run now ("" if it may)."""

    job_type: str
    label: str
    refusal: str = ""


def sync_choices(actor: Actor, channel: Channel) -> list[SyncChoice]:
    """The manual syncs of ``channel`` (the works its kind can do, Authorization Refresh aside),
    in the job types' order, each with the reason it may not run (seed 000, a later release,
    the actor's role)."""
    choices = []
    for job_type, work in _WORKS.items():
        spec = JOB_TYPES[job_type]
        if spec.capability is None or not channel.kind_spec.can(spec.capability):
            continue
        refusal = work_refusal(channel, job_type)
        if refusal is None and work.body is None:
            refusal = f"Arrives with the {work.later} release."
        if refusal is None:
            refusal = connector_unavailable(channel.kind)
        if refusal is None and not actor.can(work.perm):
            refusal = "Your role may not do this."
        choices.append(SyncChoice(job_type, spec.label, refusal or ""))
    return choices
