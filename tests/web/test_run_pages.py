"""Run now, a run's page (polled while queued or running, then its counts and events) and a job's
runs; times in the account's timezone; another tenant's jobs and runs are not found."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.runs import run_execute
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url, make_channel
from tests.web.job_data import job_of, make_event, make_run, stored

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _no_heartbeat(settings):
    settings.OPENOMS_JOB_HEARTBEAT_SECONDS = 0


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


@pytest.fixture
def export(tenant):
    """Export Products of a beta sandbox store."""
    store = make_channel(tenant.account, "Acme Store")
    return job_of(tenant.account, "export_products", store)


def test_run_now_queues_a_run_and_opens_its_page(admin, export):
    # when
    response = admin.post(f"/jobs/{export.pk}/run/", {"next": channel_url(export.channel)})
    # then
    run = JobRun.objects.get(job=export)
    assert response.url == f"/runs/{run.pk}/"
    assert (run.status, run.trigger, run.actor_label) == (
        "queued",
        "run_now",
        "account_administrator@acme-group.example",
    )
    html = text(admin.get(response.url))
    assert "Export Products is queued: it runs in the background." in html
    assert '<span class="badge badge-blue">Queued</span>' in html
    assert f'hx-get="/runs/{run.pk}/progress/" hx-trigger="every 1s"' in html
    assert "Waiting for a worker…" in html


def test_run_now_while_a_run_is_queued_is_refused_with_the_reason(admin, export):
    # given
    admin.post(f"/jobs/{export.pk}/run/")
    first = JobRun.objects.get(job=export)
    # when
    response = admin.post(
        f"/jobs/{export.pk}/run/", {"next": channel_url(export.channel)}, follow=True
    )
    # then
    assert response.redirect_chain == [(channel_url(export.channel), 302)]
    assert JobRun.objects.filter(job=export).count() == 1
    assert (
        f'<div class="flash flash-error">Export Products is already queued (run {first.pk}); '
        "it runs once at a time.</div>"
    ) in text(response)


def test_run_now_never_follows_a_next_to_another_site(admin, export):
    # given
    admin.post(f"/jobs/{export.pk}/run/")
    # when
    response = admin.post(f"/jobs/{export.pk}/run/", {"next": "https://evil.example/"})
    # then
    assert response.url == f"{channel_url(export.channel)}#other-system-settings"


def test_the_progress_reloads_the_page_once_the_run_finished(admin, export):
    # given
    admin.post(f"/jobs/{export.pk}/run/")
    run = JobRun.objects.get(job=export)
    url = f"/runs/{run.pk}/progress/"
    still_queued = admin.get(url, **HTMX)
    # when
    run_execute(run.pk)
    finished = admin.get(url, **HTMX)
    # then
    assert "Waiting for a worker…" in text(still_queued)
    assert finished.headers["HX-Refresh"] == "true"


def test_a_finished_run_shows_its_times_counts_summary_and_events(admin, tenant, export):
    # given
    Account.objects.filter(pk=tenant.account.pk).update(timezone="Asia/Tokyo")
    at = datetime(2026, 3, 1, 1, 2, tzinfo=UTC)
    run = make_run(
        export,
        due_at=at,
        enqueued_at=at,
        started_at=at,
        finished_at=datetime(2026, 3, 1, 1, 2, 30, tzinfo=UTC),
        counts={"created": 12, "skipped": 1},
        summary="12 SKUs sent to Acme Store.",
    )
    make_event(tenant.account, "SKU TEE-1 skipped: no price.", level="warning", run_id=run.pk)
    make_event(tenant.account, "Not of this run.", level="info")
    # when
    html = text(admin.get(f"/runs/{run.pk}/"))
    # then
    assert "<dt>Started</dt><dd>2026-03-01 10:02 JST</dd>" in html
    assert "<dt>Duration</dt><dd>30.0 s</dd>" in html
    assert "<dt>Scope</dt><dd>" in html and ">Acme Store</a>" in html
    assert '<span class="badge badge-green">Succeeded</span>' in html
    assert '<span class="count-value">12</span><span class="count-label">created</span>' in html
    assert '<span class="count-value">1</span><span class="count-label">skipped</span>' in html
    assert "12 SKUs sent to Acme Store." in html
    assert "SKU TEE-1 skipped: no price." in html
    assert "Not of this run." not in html
    assert "0 Info · 1 Warning · 0 Error · 0 Fatal" in html
    assert "hx-trigger" not in html


def test_run_now_then_the_worker_fills_the_run_page(admin, tenant, export):
    # given
    admin.post(f"/jobs/{export.pk}/run/")
    run = JobRun.objects.get(job=export)
    # when
    run_execute(run.pk)
    html = text(admin.get(f"/runs/{run.pk}/"))
    # then
    run.refresh_from_db()
    assert run.status == RunStatus.SKIPPED
    assert '<span class="badge badge-amber">Skipped</span>' in html
    assert '<span class="count-value">0</span><span class="count-label">sent</span>' in html


def test_a_job_lists_its_runs_twenty_a_page(admin, export):
    # given
    runs = [make_run(export, counts={"sent": n}) for n in range(25)]
    # when
    first = text(admin.get(f"/jobs/{export.pk}/runs/"))
    second = text(admin.get(f"/jobs/{export.pk}/runs/?page=2"))
    # then
    assert first.count('<a href="/runs/') == 20
    assert second.count('<a href="/runs/') == 5
    assert f'<a href="/runs/{runs[-1].pk}/">Run {runs[-1].pk}</a>' in first
    assert f'<a href="/runs/{runs[0].pk}/">Run {runs[0].pk}</a>' in second
    assert "Page 1 of 2 · 25 entries" in first
    assert "24 sent" in first


def test_the_channel_row_links_its_last_run_with_its_status(admin, export):
    # given
    make_run(export, status=RunStatus.FAILED)
    last = make_run(export, status=RunStatus.RUNNING)
    # when
    html = text(admin.get(channel_url(export.channel)))
    # then
    row = html[html.index(f'<tr id="job-{export.pk}"') :].split("</tr>")[0]
    assert f'<a href="/runs/{last.pk}/" class="nowrap">' in row
    assert '<span class="badge badge-blue">Running</span>' in row


@pytest.fixture
def theirs(other_tenant):
    """Another tenant's beta store: its Export Products job and one finished run."""
    store = make_channel(other_tenant.account, "Globex Store")
    job = job_of(other_tenant.account, "export_products", store)
    return job, make_run(job)


def test_another_tenants_jobs_and_runs_are_not_found(admin, theirs):
    # given
    job, run = theirs
    # when
    pages = [f"/jobs/{job.pk}/runs/", f"/runs/{run.pk}/", f"/runs/{run.pk}/progress/"]
    statuses = [admin.get(url).status_code for url in pages]
    channel_page = admin.get(channel_url(job.channel))
    # then
    assert statuses == [404, 404, 404]
    assert channel_page.status_code == 404


def test_run_now_and_save_on_another_tenants_job_change_nothing(admin, theirs):
    # given
    job, _ = theirs
    # when
    run_now = admin.post(f"/jobs/{job.pk}/run/")
    save = admin.post(
        channel_url(job.channel, "other-system-settings/"),
        {"job": [str(job.pk)], f"job-{job.pk}-period": "1h", f"job-{job.pk}-enabled": "on"},
    )
    # then
    assert (run_now.status_code, save.status_code) == (404, 404)
    assert JobRun.objects.filter(job=job).count() == 1
    assert stored(job) == ("none", True)


def test_another_tenants_job_ids_in_our_save_are_ignored(admin, tenant, export, theirs):
    # given
    job, _ = theirs
    data = {"job": [str(job.pk)], f"job-{job.pk}-period": "1h", f"job-{job.pk}-enabled": "on"}
    # when
    response = admin.post(channel_url(export.channel, "other-system-settings/"), data, follow=True)
    # then
    assert stored(job) == ("none", True)
    assert "Nothing changed." in text(response)
    assert f'id="job-{job.pk}"' not in text(response)
