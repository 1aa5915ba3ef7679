"""The API jobs tests' store, rows and requests."""

from openoms.activity.models import Event
from openoms.automation.models import RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from tests.api.helpers import api_send
from tests.sync.conftest import make_channel


def beta_store(tenant):
    """A beta sandbox store of our account, with the job rows its account and it get when they
    are created (``automation.services.setup``); the API only reads them."""
    channel = make_channel(tenant.account, "Beta Store")
    jobs_ensure(tenant.account)
    return channel


def job_of(account, job_type, channel=None) -> RecurringJob:
    jobs_ensure(account)
    return RecurringJob.objects.get(account=account, channel=channel, job_type=job_type)


def jobs_state() -> tuple[list[tuple], int]:
    """Every job's settings and clock, and the number of events: compare around a refusal."""
    rows = RecurringJob.objects.order_by("pk").values_list(
        "pk", "period", "enabled", "next_run_at", "active_run_id", "updated_at"
    )
    return list(rows), Event.objects.count()


def patch_job(client, job, body, api_key, **headers):
    return api_send(client, "patch", f"/jobs/{job.pk}", body, api_key, **headers)


def fields(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in pairs]
