"""Recurring jobs as data: every account and beta channel has its rows; people change a job's
Main Job Period and pause or resume it (UI and API share ``job_update``, so the same rules hold).

Rows are created by ``jobs_ensure`` (idempotent), which the account and channel services of
``services/setup.py`` call in the same transaction as the write that needs them (and the
scheduler, as a safety net for rows written before that), so pages and GET endpoints only read. New jobs never run (period None), except
Authorization Refresh, which starts at every 12 hours: None there would forbid every API call, and
PII Redaction, daily: it does nothing until a retention is set, and then it must not wait.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from openoms.activity.services import event_record
from openoms.automation.job_types import JOB_TYPES, JobType, channel_job_types
from openoms.automation.models import RecurringJob
from openoms.automation.periods import NONE, PERIOD_DELTAS, PERIOD_LABELS
from openoms.channels.kinds import PERIODS_ALL
from openoms.channels.master_product import (
    OPENOMS_IS_SOURCE,
    product_export_refusal,
    product_import_refusal,
)
from openoms.channels.models import Channel
from openoms.core.errors import ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, MasterProductSource
from openoms.tenancy.permissions import Perm

DEFAULT_PERIODS = {JobType.AUTHORIZATION_REFRESH: "12h", JobType.PII_REDACTION: "1d"}


def jobs_ensure(account: Account) -> int:
    """Create the missing job rows of ``account`` and its beta channels; returns how many.

    Rows of a channel that became stable stay (with their periods) but are not scheduled: a
    stable channel follows the account's jobs.
    """
    existing = set(
        RecurringJob.objects.filter(account=account).values_list("channel_id", "job_type")
    )
    wanted = [(None, code) for code in JOB_TYPES]
    for channel in Channel.objects.filter(account=account, is_beta=True):
        wanted += [(channel.pk, spec.code) for spec in channel_job_types(channel.kind_spec)]
    missing = [key for key in wanted if key not in existing]
    now = timezone.now()
    rows = [
        RecurringJob(
            account=account,
            channel_id=channel_id,
            job_type=code,
            period=DEFAULT_PERIODS.get(code, NONE),
            next_run_at=None if DEFAULT_PERIODS.get(code, NONE) == NONE else now,
        )
        for channel_id, code in missing
    ]
    RecurringJob.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def job_periods(job: RecurringJob) -> tuple[str, ...]:
    """The periods the job's dropdown offers: its channel kind's, or all at account scope."""
    return job.channel.kind_spec.periods if job.channel_id else PERIODS_ALL


def job_update(
    *, actor: Actor, job: RecurringJob, period: str | None = None, enabled: bool | None = None
) -> RecurringJob:
    """Change the job's Main Job Period and/or pause (``enabled=False``) or resume it.

    Refused (``ValidationFailed`` on ``period``) for a period the channel kind does not offer,
    or a product job that disagrees with the account's Master Product Source (seed 000).
    Resuming a job whose due time passed during the pause runs it at once, once.
    """
    actor.require_account(job.account)
    actor.require(Perm.AUTOMATION_MANAGE)
    with transaction.atomic():
        job = (
            RecurringJob.objects.select_for_update(of=("self",))
            .select_related("account", "channel")
            .get(pk=job.pk)
        )
        new_period = job.period if period is None else period
        _check_period(job, new_period)
        before = (job.period, job.enabled)
        job.period = new_period
        job.enabled = job.enabled if enabled is None else enabled
        if (job.period, job.enabled) == before:
            return job
        job.next_run_at = _first_due(job, timezone.now(), period_changed=before[0] != job.period)
        job.save(update_fields=["period", "enabled", "next_run_at", "updated_at"])
        _record_change(actor, job, before)
    return job


def _check_period(job: RecurringJob, period: str) -> None:
    if period not in PERIOD_LABELS:
        raise ValidationFailed({"period": f"Choose one of: {', '.join(PERIODS_ALL)}."})
    if period not in job_periods(job):
        offered = ", ".join(PERIOD_LABELS[code] for code in job_periods(job))
        kind = job.channel.kind_spec.label
        raise ValidationFailed({"period": f"{kind} channels offer: {offered}."})
    if period != NONE:
        reason = product_job_refusal(job)
        if reason:
            raise ValidationFailed({"period": reason})


def product_job_refusal(job: RecurringJob) -> str | None:
    """Why a product job may not be scheduled as set up now (seed 000), or None when it may."""
    if job.job_type not in (JobType.IMPORT_PRODUCTS, JobType.EXPORT_PRODUCTS):
        return None
    if job.channel_id:
        refusal = (
            product_import_refusal
            if job.job_type == JobType.IMPORT_PRODUCTS
            else product_export_refusal
        )
        return refusal(job.channel)
    if job.job_type == JobType.EXPORT_PRODUCTS:
        return None
    return _account_import_refusal(job.account)


def _account_import_refusal(account: Account) -> str | None:
    if account.master_product_source == MasterProductSource.OPENOMS:
        return OPENOMS_IS_SOURCE
    master = Channel.objects.filter(account=account, is_product_master=True).first()
    if master is None:
        return "No Master Product Channel is set (Account → Workflow Settings)."
    if master.is_beta:
        return (
            f"The Master Product Channel {master.display_name} is a beta channel: set its Import "
            "Products period in its own Other System Settings."
        )
    return None


def _first_due(job: RecurringJob, now: datetime, *, period_changed: bool) -> datetime | None:
    """When a job just set (or resumed) first runs: never for None; at once when it never ran
    or its next slot passed (a resumed job catches up once); else one period after its last
    run."""
    if job.period == NONE:
        return None
    if not period_changed and job.next_run_at is not None:
        return max(job.next_run_at, now)
    if job.last_run_at is None:
        return now
    return max(job.last_run_at + PERIOD_DELTAS[job.period], now)


def _record_change(actor: Actor, job: RecurringJob, before: tuple[str, bool]) -> None:
    spec = JOB_TYPES[job.job_type]
    where = job.channel.name if job.channel_id else "the account"
    state = PERIOD_LABELS[job.period] + ("" if job.enabled else ", paused")
    was = PERIOD_LABELS[before[0]] + ("" if before[1] else ", paused")
    event_record(
        account=job.account,
        level="info",
        message=f"{spec.label} of {where}: {was} → {state}.",
        entity_type="job",
        entity_id=str(job.pk),
        entity_label=spec.label,
        channel_id=job.channel_id,
        actor_label=actor.label,
    )


@dataclass
class JobChanges:
    """What ``jobs_change`` did: the jobs it changed, and each refusal by job id."""

    saved: list[RecurringJob] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def jobs_change(
    *, actor: Actor, jobs: list[RecurringJob], wanted: dict[int, tuple[str, bool]]
) -> JobChanges:
    """Give each job of ``jobs`` the (period, enabled) that ``wanted`` holds for its id, job by
    job through ``job_update``: a refused job keeps its values and its reason is returned; the
    others are saved. Ids of ``wanted`` not in ``jobs`` (e.g. another tenant's) are ignored."""
    result = JobChanges()
    for job in jobs:
        if job.pk not in wanted or wanted[job.pk] == (job.period, job.enabled):
            continue
        period, enabled = wanted[job.pk]
        try:
            result.saved.append(job_update(actor=actor, job=job, period=period, enabled=enabled))
        except ValidationFailed as exc:
            result.errors[job.pk] = exc.errors.get("period") or exc.message
    return result
