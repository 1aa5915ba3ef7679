"""Job runs: Run now, one execution per run, how a run ends (counts, events), Errors that stop
it, Fatal failures retried with backoff, and runs whose worker died."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openoms.activity.models import Event
from openoms.automation import handlers
from openoms.automation.handlers import JobFailed
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.runs import job_run_now, run_execute, runs_recover_stale
from openoms.core.errors import Conflict
from tests.automation.conftest import SYSTEM, drain, job_of, queued_run_ids, set_period


def run_events(run) -> list[tuple[str, str]]:
    return list(Event.objects.filter(run_id=run.pk).order_by("id").values_list("level", "message"))


def test_run_now_queues_one_run_and_refuses_a_second_while_it_is_unfinished(tenant, store):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)
    # when
    run = job_run_now(actor=SYSTEM, job=job)
    with pytest.raises(Conflict) as refused:
        job_run_now(actor=SYSTEM, job=job)
    # then
    assert (run.status, run.trigger, run.actor_label) == ("queued", "run_now", "test")
    assert refused.value.message == (
        f"Authorization Refresh Settings is already queued (run {run.pk}); it runs once at a time."
    )
    assert queued_run_ids() == [run.pk]
    assert job_of(tenant.account, "authorization_refresh", store).active_run_id == run.pk


def test_a_run_executes_once_and_records_its_counts_and_events(tenant, store):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)
    run = job_run_now(actor=SYSTEM, job=job)
    # when the task is delivered twice
    first, second = run_execute(run.pk), run_execute(run.pk)
    # then
    run.refresh_from_db()
    assert (first, second) == ("succeeded", "")
    assert (run.status, run.attempt, run.counts) == ("succeeded", 1, {"refreshed": 1})
    assert run.started_at <= run.finished_at
    assert [level for level, _ in run_events(run)] == ["info"]
    assert run_events(run)[0][1].startswith("Authorization of Beta Store refreshed: the token is")
    job.refresh_from_db()
    assert (job.active_run_id, job.last_run_at, job.last_success_at) == (
        None,
        run.started_at,
        run.started_at,
    )


def test_a_stable_channels_own_job_may_not_run(tenant, store):
    # given the store became stable
    store.is_beta = False
    store.save()
    # when
    with pytest.raises(Conflict) as refused:
        job_run_now(actor=SYSTEM, job=job_of(tenant.account, "authorization_refresh", store))
    # then
    assert "stable channel" in refused.value.message
    assert not JobRun.objects.exists()


def test_a_refused_product_job_stops_with_an_error_that_says_why(tenant, store):
    # given Import Products on a store that is not the Master Product Channel
    run = job_run_now(actor=SYSTEM, job=job_of(tenant.account, "import_products", store))
    # when
    status = run_execute(run.pk)
    # then
    assert status == "failed"
    level, message = run_events(run)[-1]
    assert level == "error"
    assert message.startswith("Import Products of Beta Store stopped: OpenOMS is this account's")


def test_a_work_the_channel_kind_refuses_fails_with_the_reason(tenant, store):
    run = job_run_now(actor=SYSTEM, job=job_of(tenant.account, "import_orders", store))
    assert run_execute(run.pk) == "failed"
    assert run_events(run) == [
        (
            "error",
            "Import Orders of Beta Store stopped: Beta Store is a Sandbox store channel: orders "
            "are imported from, and fulfillments sent to, Shopify channels only for now.",
        )
    ]


def test_an_unexpected_failure_is_fatal_and_retried_with_backoff_then_given_up(
    tenant, store, monkeypatch, settings
):
    # given a handler that always breaks
    settings.OPENOMS_JOB_RETRY_SECONDS = 30

    def broken(context):
        raise RuntimeError("socket closed")

    monkeypatch.setitem(handlers._HANDLERS, "authorization_refresh", broken)
    job = job_of(tenant.account, "authorization_refresh", store)
    run = job_run_now(actor=SYSTEM, job=job)
    DBTaskResult.objects.all().delete()
    # when three attempts fail
    statuses = []
    delays = []
    for _ in range(3):
        before = timezone.now()
        statuses.append(run_execute(run.pk))
        task = DBTaskResult.objects.order_by("enqueued_at").last()
        if task is not None:
            delays.append(round((task.run_after - before).total_seconds() / 30))
        DBTaskResult.objects.all().delete()
    # then: two retries, 30 s then 60 s later, then failed; one Fatal event per attempt
    run.refresh_from_db()
    assert statuses == ["queued", "queued", "failed"]
    assert delays == [1, 2]
    assert (run.status, run.attempt) == ("failed", 3)
    assert [level for level, _ in run_events(run)] == ["fatal", "fatal", "fatal"]
    assert "attempt 1 of 3, retrying in 30 s" in run_events(run)[0][1]
    assert run_events(run)[2][1].endswith(
        "gave up after 3 attempts. It runs again at its next due time."
    )
    assert job_of(tenant.account, "authorization_refresh", store).active_run_id is None


def test_a_handler_error_fails_the_run_without_retry(tenant, store, monkeypatch):
    def unreachable(context):
        raise JobFailed("the channel did not answer within 30 s.")

    monkeypatch.setitem(handlers._HANDLERS, "authorization_refresh", unreachable)
    run = job_run_now(actor=SYSTEM, job=job_of(tenant.account, "authorization_refresh", store))
    DBTaskResult.objects.all().delete()
    # when
    status = run_execute(run.pk)
    # then
    assert (status, queued_run_ids()) == ("failed", [])
    assert run_events(run) == [
        (
            "error",
            "Authorization Refresh Settings of Beta Store stopped: "
            "the channel did not answer within 30 s.",
        )
    ]


def test_a_run_whose_worker_stopped_is_recovered_and_the_job_runs_again(tenant, store, settings):
    # given a running run whose last heartbeat is older than the stale timeout
    settings.OPENOMS_JOB_STALE_SECONDS = 60
    job = set_period(job_of(tenant.account, "export_products", store), "1h")
    run = job_run_now(actor=SYSTEM, job=job)
    silent_since = timezone.now() - timedelta(seconds=61)
    JobRun.objects.filter(pk=run.pk).update(
        status="running", started_at=silent_since, heartbeat_at=silent_since, attempt=1
    )
    alive = job_run_now(actor=SYSTEM, job=job_of(tenant.account, "authorization_refresh", store))
    JobRun.objects.filter(pk=alive.pk).update(status="running", heartbeat_at=timezone.now())
    # when
    recovered = runs_recover_stale()
    # then only the silent run is failed, with one Error, and its job is free again
    run.refresh_from_db()
    alive.refresh_from_db()
    assert (recovered, run.status, alive.status) == (1, "failed", "running")
    [(level, message)] = run_events(run)
    assert level == "error"
    assert message.startswith("Export Products of Beta Store stopped: its worker stopped")
    job = RecurringJob.objects.get(pk=job.pk)
    assert job.active_run_id is None
    assert job_run_now(actor=SYSTEM, job=job).status == "queued"
    assert runs_recover_stale() == 0


def test_drain_runs_everything_queued(tenant, store):
    job_run_now(actor=SYSTEM, job=job_of(tenant.account, "authorization_refresh", store))
    assert drain() == ["succeeded"]


def test_a_run_now_of_a_due_job_serves_its_slot_so_it_does_not_run_again_at_once(tenant, store):
    # given an hourly job, due now
    job = set_period(job_of(tenant.account, "export_products", store), "1h")
    due = job.next_run_at
    # when a person runs it now and it finishes
    run_execute(job_run_now(actor=SYSTEM, job=job).pk)
    # then its next slot is an hour after the one it served, not now
    job.refresh_from_db()
    assert job.next_run_at == due + timedelta(hours=1)
