"""POST /api/v2/jobs/{id}/run, GET /api/v2/jobs/{id}/runs and GET /api/v2/job-runs/{id}.

Run now queues a run (202); a job runs once at a time (409 while queued or running) and a
stable channel's job never runs on its own (409). Tasks go to the dummy backend; runs are
finished with ``run_execute``, as a worker would.
"""

import re

import pytest

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import run_execute
from tests.api.helpers import ISO_UTC, api_get, api_send, error, key_prefix
from tests.sync.conftest import make_channel

NO_EVENTS = {"info": 0, "warning": 0, "error": 0, "fatal": 0}


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.OPENOMS_JOB_HEARTBEAT_SECONDS = 0


@pytest.fixture
def store(tenant):
    """A beta sandbox store of our account, with its jobs."""
    channel = make_channel(tenant.account, "Beta Store")
    jobs_ensure(tenant.account)
    return channel


def job_of(account, job_type, channel=None) -> RecurringJob:
    return RecurringJob.objects.get(account=account, channel=channel, job_type=job_type)


def run_now(client, job, api_key, **headers):
    return api_send(client, "post", f"/jobs/{job.pk}/run", "", api_key, **headers)


def runs_state() -> tuple[list[tuple], list[tuple]]:
    jobs = RecurringJob.objects.order_by("pk").values_list("pk", "active_run_id", "last_run_at")
    runs = JobRun.objects.order_by("pk").values_list("pk", "status", "finished_at")
    return list(jobs), list(runs)


def test_run_now_queues_a_run_and_answers_202_with_it(client, tenant, store, api_key):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)

    # when
    response = run_now(client, job, api_key)

    # then
    assert response.status_code == 202
    run = JobRun.objects.get(job=job)
    body = response.json()
    assert re.match(ISO_UTC, body.pop("enqueued_at"))
    assert body == {
        "id": run.pk,
        "url": f"/api/v2/job-runs/{run.pk}",
        "job_id": job.pk,
        "channel_id": None,
        "job_type": "authorization_refresh",
        "trigger": "run_now",
        "status": "queued",
        "due_at": None,
        "started_at": None,
        "finished_at": None,
        "attempt": 0,
        "counts": {},
        "summary": "",
        "event_counts": NO_EVENTS,
    }
    assert RecurringJob.objects.get(pk=job.pk).active_run_id == run.pk
    assert run.actor_label == f"API key Test key ({key_prefix(api_key)}…)"


@pytest.mark.parametrize("status", ["queued", "running"])
def test_run_now_is_409_while_the_job_is_queued_or_running(client, tenant, store, api_key, status):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)
    first = run_now(client, job, api_key).json()["id"]
    JobRun.objects.filter(pk=first).update(status=status)
    before = runs_state()

    # when
    response = run_now(client, job, api_key)

    # then
    assert response.status_code == 409
    assert response.json() == error(
        "conflict",
        f"Authorization Refresh Settings is already {status} (run {first}); it runs once at a "
        "time.",
    )
    assert runs_state() == before


def test_a_finished_run_is_read_with_its_counts_and_events_and_the_job_may_run_again(
    client, tenant, store, api_key
):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)
    run_id = run_now(client, job, api_key).json()["id"]
    run_execute(run_id)

    # when
    response = api_get(client, f"/job-runs/{run_id}", api_key)
    again = run_now(client, job, api_key)

    # then
    assert response.status_code == 200
    body = response.json()
    for name in ("enqueued_at", "started_at", "finished_at"):
        assert re.match(ISO_UTC, body.pop(name)), name
    summary = body.pop("summary")
    assert re.match(r"^Authorization of Beta Store refreshed: .+ valid until .+\.$", summary)
    assert body == {
        "id": run_id,
        "url": f"/api/v2/job-runs/{run_id}",
        "job_id": job.pk,
        "channel_id": None,
        "job_type": "authorization_refresh",
        "trigger": "run_now",
        "status": "succeeded",
        "due_at": None,
        "attempt": 1,
        "counts": {"refreshed": 1},
        "event_counts": {"info": 1, "warning": 0, "error": 0, "fatal": 0},
    }
    assert Event.objects.get(run_id=run_id).message == summary
    assert again.status_code == 202
    assert again.json()["id"] != run_id


def test_an_account_job_runs_for_the_stable_channels_and_says_when_there_is_none(
    client, tenant, store, api_key
):
    # given: the only channel is beta, so the account's job has nothing to work on
    job = job_of(tenant.account, "export_products")
    run_id = run_now(client, job, api_key).json()["id"]
    run_execute(run_id)

    # when
    response = api_get(client, f"/job-runs/{run_id}", api_key)

    # then
    assert (response.json()["status"], response.json()["summary"]) == (
        "skipped",
        "No enabled stable channel of this account runs Export Products: nothing to do.",
    )
    assert response.json()["event_counts"] == NO_EVENTS


def test_run_now_on_a_stable_channels_job_is_409_and_queues_nothing(client, tenant, store, api_key):
    # given: the store became stable; its old job rows stay but follow the account's
    job = job_of(tenant.account, "authorization_refresh", store)
    store.is_beta = False
    store.save(update_fields=["is_beta"])
    before = runs_state()

    # when
    response = run_now(client, job, api_key)

    # then
    assert response.status_code == 409
    assert response.json() == error(
        "conflict",
        "Beta Store is a stable channel: it follows the account's recurring jobs (Account → "
        "Recurring Jobs).",
    )
    assert runs_state() == before


def test_the_runs_of_a_job_are_listed_newest_first_page_by_page(client, tenant, store, api_key):
    # given: three finished runs
    job = job_of(tenant.account, "export_products", store)
    ids = []
    for _ in range(3):
        ids.append(run_now(client, job, api_key).json()["id"])
        run_execute(ids[-1])

    # when
    first = api_get(client, f"/jobs/{job.pk}/runs?page_size=2", api_key)
    second = api_get(client, f"/jobs/{job.pk}/runs?page_size=2&page=2", api_key)

    # then
    assert [item["id"] for item in first.json()["items"]] == [ids[2], ids[1]]
    assert [item["id"] for item in second.json()["items"]] == [ids[0]]
    assert (first.json()["count"], second.json()["next"]) == (3, None)
    assert first.json()["next"] == f"http://testserver/api/v2/jobs/{job.pk}/runs?page_size=2&page=2"
    item = second.json()["items"][0]
    assert (item["status"], item["counts"], item["summary"]) == (
        "skipped",
        {"sent": 0},
        "Export Products to Beta Store: 0 SKUs sent.",
    )
    assert set(item) == {
        "id",
        "url",
        "job_id",
        "channel_id",
        "job_type",
        "trigger",
        "status",
        "due_at",
        "enqueued_at",
        "started_at",
        "finished_at",
        "attempt",
        "counts",
        "summary",
        "event_counts",
    }


def test_a_job_without_runs_has_an_empty_list(client, tenant, store, api_key):
    # when
    response = api_get(client, f"/jobs/{job_of(tenant.account, 'pii_redaction').pk}/runs", api_key)

    # then
    assert response.status_code == 200
    assert (response.json()["items"], response.json()["count"]) == ([], 0)


def test_run_now_retried_with_its_idempotency_key_queues_one_run(client, tenant, store, api_key):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)
    first = run_now(client, job, api_key, **{"Idempotency-Key": "run-1"})

    # when
    retry = run_now(client, job, api_key, **{"Idempotency-Key": "run-1"})
    other_key = run_now(client, job, api_key, **{"Idempotency-Key": "run-2"})

    # then
    assert (first.status_code, retry.status_code, other_key.status_code) == (202, 202, 409)
    assert retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"
    assert JobRun.objects.filter(job=job).count() == 1


def test_an_unknown_run_is_404(client, store, api_key):
    # when
    response = api_get(client, "/job-runs/987654", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Run not found.")
