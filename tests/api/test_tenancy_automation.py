"""Automation by API: another tenant's jobs, runs and events are invisible and untouchable.

Every job and run route answers 404 for another organization's ids (and for a sibling account
of our own organization), with the standard body, and nothing changes anywhere.
"""

import pytest

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.tenancy.actor import Actor
from tests.api.helpers import api_get, api_send, error
from tests.factories import make_api_key
from tests.sync.conftest import make_channel

# Every job and run route, with a body that would change something on a job of ours.
ROUTES = [
    ("get", "/jobs/{job}", None, "Job not found."),
    ("patch", "/jobs/{job}", {"period": "1h"}, "Job not found."),
    ("patch", "/jobs/{job}", {"enabled": False}, "Job not found."),
    ("post", "/jobs/{job}/run", None, "Job not found."),
    ("get", "/jobs/{job}/runs", None, "Job not found."),
    ("get", "/job-runs/{run}", None, "Run not found."),
]


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.OPENOMS_JOB_HEARTBEAT_SECONDS = 0


def with_finished_run(account, name):
    """A beta store of ``account`` whose Authorization Refresh ran once (an Info event)."""
    channel = make_channel(account, name)
    jobs_ensure(account)
    job = RecurringJob.objects.get(channel=channel, job_type="authorization_refresh")
    run = job_run_now(actor=Actor.system("test"), job=job)
    run_execute(run.pk)
    return channel, job, run


@pytest.fixture
def ours(tenant):
    return with_finished_run(tenant.account, "Acme Store")


@pytest.fixture
def theirs(other_tenant):
    return with_finished_run(other_tenant.account, "Globex Store")


def automation_state() -> tuple[list[dict], list[dict], list[dict]]:
    """Every job, run and event of every tenant: compare before/after a refused request."""
    return (
        list(RecurringJob.objects.order_by("pk").values()),
        list(JobRun.objects.order_by("pk").values()),
        list(Event.objects.order_by("pk").values()),
    )


def address(template: str, job, run) -> str:
    return template.format(job=job.pk, run=run.pk)


@pytest.mark.parametrize(("method", "path", "body", "message"), ROUTES)
def test_another_organizations_job_or_run_is_404_everywhere_and_unchanged(
    client, ours, theirs, api_key, method, path, body, message
):
    # given
    _, job, run = theirs
    before = automation_state()

    # when
    response = api_send(client, method, address(path, job, run), body or "", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", message)
    assert automation_state() == before


@pytest.mark.parametrize(("method", "path", "body", "message"), ROUTES)
def test_a_sibling_account_of_the_organization_cannot_reach_our_job_or_run(
    client, ours, tenant, method, path, body, message
):
    # given
    _, job, run = ours
    sibling_key = make_api_key(tenant.second_account)
    before = automation_state()

    # when
    response = api_send(client, method, address(path, job, run), body or "", sibling_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", message)
    assert automation_state() == before


def test_the_job_list_holds_only_the_keys_own_jobs(client, tenant, ours, theirs, api_key):
    # given
    their_jobs = RecurringJob.objects.filter(account=theirs[1].account_id).count()

    # when
    everything = api_get(client, "/jobs?page_size=200", api_key)
    their_channel = api_get(client, f"/jobs?channel_id={theirs[0].pk}", api_key)

    # then
    listed = {item["id"] for item in everything.json()["items"]}
    assert listed == set(
        RecurringJob.objects.filter(account=tenant.account).values_list("pk", flat=True)
    )
    assert their_channel.json()["count"] == 0
    assert RecurringJob.objects.filter(account=theirs[1].account_id).count() == their_jobs


def test_the_events_list_holds_only_the_keys_own_events(client, tenant, ours, theirs, api_key):
    # given
    their_channel, _, their_run = theirs
    assert Event.objects.filter(run_id=their_run.pk).exists()

    # when
    everything = api_get(client, "/events", api_key)
    by_run = api_get(client, f"/events?run_id={their_run.pk}", api_key)
    by_channel = api_get(client, f"/events?channel_id={their_channel.pk}", api_key)

    # then
    listed = {item["id"] for item in everything.json()["items"]}
    assert listed == set(Event.objects.filter(account=tenant.account).values_list("pk", flat=True))
    assert listed.isdisjoint(
        Event.objects.exclude(account=tenant.account).values_list("pk", flat=True)
    )
    assert (by_run.json()["count"], by_channel.json()["count"]) == (0, 0)
