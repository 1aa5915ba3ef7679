"""Recurring jobs, job runs and events to the API's JSON, and the Events filters from it.

Times a client sends without an offset are the account's local times (as on its pages);
responses are always UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from openoms.activity.models import Event
from openoms.activity.selectors import EventFilter
from openoms.api.schemas.automation import EventFilters
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.selectors import listed_event_counts
from openoms.automation.services.jobs import job_periods
from openoms.automation.services.runs import run_event_counts
from openoms.core.errors import ValidationFailed
from openoms.tenancy.models import Account


def job_out(job: RecurringJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "scope": job.scope,
        "channel_id": job.channel_id,
        "job_type": job.job_type,
        "label": job.spec.label,
        "period": job.period,
        "periods": list(job_periods(job)),
        "enabled": job.enabled,
        "will_run": job.will_run,
        "last_run_at": job.last_run_at,
        "next_run_at": job.next_run_at,
        "active_run_id": job.active_run_id,
    }


def job_run_out(run: JobRun) -> dict[str, Any]:
    """The run with how many events of each level it wrote (no query for a run of a list)."""
    return {
        "id": run.pk,
        "url": f"/api/v2/job-runs/{run.pk}",
        "job_id": run.job_id,
        "channel_id": run.channel_id,
        "job_type": run.job_type,
        "trigger": run.trigger,
        "status": run.status,
        "due_at": run.due_at,
        "enqueued_at": run.enqueued_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "attempt": run.attempt,
        "counts": run.counts,
        "summary": run.summary,
        "event_counts": _event_counts(run),
    }


def _event_counts(run: JobRun) -> dict[str, int]:
    listed = listed_event_counts(run)
    return run_event_counts(run) if listed is None else listed


def event_out(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "created_at": event.created_at,
        "level": event.level,
        "message": event.message,
        "channel_id": event.channel_id,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "entity_label": event.entity_label,
        "actor_label": event.actor_label,
        "run_id": event.run_id,
    }


def event_filter_in(filters: EventFilters, account: Account) -> EventFilter:
    """The selector's filter: ``since``/``until`` made aware (the account's timezone when the
    client named none) and in UTC; a time outside the representable range is a 422."""
    return EventFilter(
        level=filters.level,
        channel_id=filters.channel_id,
        entity_type=filters.entity_type,
        entity=filters.entity,
        run_id=filters.run_id,
        since=_utc(filters.since, account, "since"),
        until=_utc(filters.until, account, "until"),
        search=filters.search,
    )


def _utc(value: datetime | None, account: Account, field: str) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone(account))
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValidationFailed({field: "The date is out of range."}) from None


def _zone(account: Account) -> ZoneInfo:
    try:
        return ZoneInfo(account.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
