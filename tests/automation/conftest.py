"""Fixtures of the automation tests: a beta sandbox store with its jobs, and queue helpers.

The task backend is the production one (django-tasks-db): enqueuing writes a task row in the
same transaction, which the tests read back; runs are executed with ``run_execute``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.automation.services.jobs import job_update, jobs_ensure
from openoms.automation.services.runs import run_execute
from openoms.channels.models import Channel
from openoms.tenancy.actor import Actor
from tests.sync.conftest import make_channel

SYSTEM = Actor.system("test")


@pytest.fixture
def store(tenant) -> Channel:
    """A beta sandbox store of ``tenant.account``, with every job row ensured."""
    channel = make_channel(tenant.account, "Beta Store")
    jobs_ensure(tenant.account)
    return channel


def job_of(account, job_type: str, channel: Channel | None = None) -> RecurringJob:
    return RecurringJob.objects.select_related("account", "channel").get(
        account=account, channel=channel, job_type=job_type
    )


def set_period(job: RecurringJob, period: str, **kwargs) -> RecurringJob:
    return job_update(actor=SYSTEM, job=job, period=period, **kwargs)


def queued_run_ids() -> list[int]:
    """The run ids of the task rows waiting in the django-tasks-db queue, in order."""
    rows = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
    return [row.args_kwargs["args"][0] for row in rows]


def drain() -> list[str]:
    """Execute every queued run (as a worker would) and empty the queue; → their statuses."""
    statuses = [run_execute(run_id) for run_id in queued_run_ids()]
    DBTaskResult.objects.all().delete()
    return statuses


def runs_of(job: RecurringJob) -> list[tuple[datetime | None, str]]:
    return list(JobRun.objects.filter(job=job).order_by("id").values_list("due_at", "status"))


FINISHED = {RunStatus.SUCCEEDED, RunStatus.SKIPPED, RunStatus.FAILED}
