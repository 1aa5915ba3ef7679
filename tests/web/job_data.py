"""Builders of the recurring-job page tests: job rows, runs written directly, and the Other System
Settings / Recurring Jobs forms as a browser posts them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.utils import timezone

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob, RunStatus, RunTrigger
from openoms.automation.services.jobs import jobs_ensure
from openoms.channels.models import Channel
from openoms.tenancy.models import Account

ALL_PERIODS = [
    "None (never runs)",
    "Every 5 minutes",
    "Every 15 minutes",
    "Every 30 minutes",
    "Hourly",
    "Every 4 hours",
    "Every 12 hours",
    "Daily",
]


def job_of(account: Account, job_type: str, channel: Channel | None = None) -> RecurringJob:
    """The job row (created first by ``jobs_ensure``, as the pages do)."""
    jobs_ensure(account)
    return RecurringJob.objects.select_related("account", "channel").get(
        account=account, channel=channel, job_type=job_type
    )


def form_post(rows: list[RecurringJob], changes: dict[int, tuple[str | None, bool]]) -> dict:
    """The jobs table as a browser posts it: every row's id, period and checked Enabled box,
    with ``changes`` {job id: (period, enabled)}; a period None is a disabled dropdown."""
    data: dict[str, list[str]] = {"job": [str(job.pk) for job in rows]}
    for job in rows:
        period, enabled = changes.get(job.pk, (job.period, job.enabled))
        if period is not None:
            data[f"job-{job.pk}-period"] = [period]
        if enabled:
            data[f"job-{job.pk}-enabled"] = ["on"]
    return data


def stored(job: RecurringJob) -> tuple[str, bool]:
    job.refresh_from_db()
    return job.period, job.enabled


def make_run(job: RecurringJob, status: str = RunStatus.SUCCEEDED, **fields) -> JobRun:
    """A run of ``job`` written directly (finished a second after it started, by default)."""
    now = timezone.now()
    finished = status in (RunStatus.SUCCEEDED, RunStatus.SKIPPED, RunStatus.FAILED)
    values = {
        "enqueued_at": now,
        "started_at": now if status != RunStatus.QUEUED else None,
        "finished_at": now + timedelta(seconds=1) if finished else None,
        "trigger": RunTrigger.SCHEDULE,
        "attempt": 0 if status == RunStatus.QUEUED else 1,
        **fields,
    }
    return JobRun.objects.create(
        job=job, account=job.account, job_type=job.job_type, status=status, **values
    )


def make_event(account: Account, message: str, at: datetime | None = None, **fields) -> Event:
    """An event of ``account`` (written ``at`` that time, when given)."""
    event = Event.objects.create(account=account, message=message, **fields)
    if at is not None:
        Event.objects.filter(pk=event.pk).update(created_at=at)
        event.created_at = at
    return event


def row_of(html: str, job: RecurringJob) -> str:
    """The HTML of ``job``'s row in a jobs table."""
    start = html.index(f'<tr id="job-{job.pk}"')
    return html[start : html.index("</tr>", start)]


def options(row: str) -> list[str]:
    """The labels a row's dropdown offers."""
    return re.findall(r"<option [^>]*>([^<]+)</option>", row)
