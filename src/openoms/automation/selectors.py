"""Reads of recurring jobs and their runs for pages and the API, scoped to the acting account.

A job or run of another tenant is "not found". ``channel_calls_refusal`` is the one gate every
call to a channel's service passes (seed 004: Authorization Refresh = None means no API calls).
"""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from openoms.activity.models import Event, EventLevel
from openoms.automation.job_types import JOB_TYPES, JobType
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.periods import NONE
from openoms.channels.models import Channel
from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

_EVENT_COUNT = "event_count_"  # + level: a run's annotation (``job_runs``)


def jobs(
    actor: Actor,
    account: Account,
    *,
    scope: str | None = None,
    channel_id: int | None = None,
    job_type: str | None = None,
) -> QuerySet[RecurringJob]:
    """The account's recurring jobs: account scope first, then by channel, in job-type order."""
    actor.require_account(account)
    actor.require(Perm.AUTOMATION_VIEW)
    found = RecurringJob.objects.filter(account=account).select_related(
        "channel__account", "active_run"
    )
    if scope not in (None, "account", "channel"):
        raise ValidationFailed({"scope": "Choose account or channel."})
    if scope:
        found = found.filter(channel__isnull=scope == "account")
    if channel_id is not None:
        found = found.filter(channel_id=channel_id)
    if job_type is not None:
        if job_type not in JOB_TYPES:
            raise ValidationFailed({"job_type": f"Choose one of: {', '.join(JOB_TYPES)}."})
        found = found.filter(job_type=job_type)
    return found.order_by(F("channel_id").asc(nulls_first=True), "id")


def job_get(actor: Actor, pk: int) -> RecurringJob:
    """One job the actor may see (by id alone: the API's ``/jobs/{id}``)."""
    actor.require(Perm.AUTOMATION_VIEW)
    job = RecurringJob.objects.select_related("account", "channel", "active_run").filter(pk=pk)
    found = job.first()
    if found is None or not actor.sees_account(found.account):
        raise NotFound("Job not found.")
    return found


def job_runs(actor: Actor, job: RecurringJob) -> QuerySet[JobRun]:
    """The job's runs, newest first, each with its event counts (``listed_event_counts``) read
    in the same query: a page of runs is one query whatever its size."""
    actor.require_account(job.account)
    actor.require(Perm.AUTOMATION_VIEW)
    runs = JobRun.objects.filter(job=job).annotate(
        **{_EVENT_COUNT + level: _events_of_level(level) for level in EventLevel.values}
    )
    return runs.order_by("-enqueued_at", "-id")


def _events_of_level(level: str) -> Coalesce:
    """How many events of ``level`` the outer run wrote (a subquery on the ``run_id`` index)."""
    written = Event.objects.filter(run_id=OuterRef("pk"), level=level).order_by()
    counted = written.values("run_id").annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted), 0)


def listed_event_counts(run: JobRun) -> dict[str, int] | None:
    """How many events of each level a run of ``job_runs`` wrote (read with it); None for a
    run read otherwise (``automation.services.runs.run_event_counts`` counts them)."""
    if not hasattr(run, _EVENT_COUNT + EventLevel.INFO):
        return None
    return {level: getattr(run, _EVENT_COUNT + level) for level in EventLevel.values}


def account_runs(actor: Actor, account: Account) -> QuerySet[JobRun]:
    """Every run of the account's jobs, newest first."""
    actor.require_account(account)
    actor.require(Perm.AUTOMATION_VIEW)
    return JobRun.objects.filter(account=account).select_related("job", "job__channel")


def run_get(actor: Actor, pk: int) -> JobRun:
    actor.require(Perm.AUTOMATION_VIEW)
    found = JobRun.objects.select_related("account", "job", "job__channel").filter(pk=pk).first()
    if found is None or not actor.sees_account(found.account):
        raise NotFound("Run not found.")
    return found


def authorization_job(channel: Channel) -> RecurringJob | None:
    """The Authorization Refresh job that governs ``channel``: its own when it is a beta channel,
    else the account's (stable channels follow the account's recurring jobs)."""
    rows = RecurringJob.objects.filter(
        account_id=channel.account_id, job_type=JobType.AUTHORIZATION_REFRESH
    )
    if channel.is_beta:
        return rows.filter(channel_id=channel.pk).first()
    return rows.filter(channel__isnull=True).first()


def channel_calls_refusal(channel: Channel) -> str | None:
    """Why OpenOMS may make no API call to ``channel``'s service now, or None when it may."""
    job = authorization_job(channel)
    if job is None or job.period != NONE:
        return None
    where = "its Other System Settings" if channel.is_beta else "Account → Recurring Jobs"
    return (
        f"Authorization Refresh Settings of {channel.name} is None ({where}): OpenOMS makes no "
        "API calls to this channel."
    )
