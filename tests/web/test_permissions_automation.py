"""The automation rows of the permission table, through the web UI, for each of the five roles:
seeing jobs, runs and Events; changing a job's period; Run now. ``row`` marks each test as its
row's (``test_permissions.py`` checks that every row has one)."""

from __future__ import annotations

import pytest

from openoms.automation.models import JobRun
from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.web.channel_data import channel_url, make_channel
from tests.web.job_data import job_of, make_run, stored
from tests.web.test_permissions import check, row


@pytest.fixture
def export(tenant):
    """Export Products of a beta sandbox store of ``tenant.account``."""
    store = make_channel(tenant.account, "Acme Store")
    return job_of(tenant.account, "export_products", store)


@row(Perm.AUTOMATION_VIEW)
def test_automation_view(signed_in, export, role):
    # given
    run = make_run(export)
    client = signed_in(role)
    # when
    events = client.get("/events/")
    run_page = client.get(f"/runs/{run.pk}/")
    runs = client.get(f"/jobs/{export.pk}/runs/")
    # then
    check(Perm.AUTOMATION_VIEW, role, events.status_code == 200, events.status_code)
    assert run_page.status_code == runs.status_code == events.status_code


@row(Perm.AUTOMATION_MANAGE)
def test_automation_manage(signed_in, export, role):
    # given
    client = signed_in(role)
    data = {
        "job": [str(export.pk)],
        f"job-{export.pk}-period": "1h",
        f"job-{export.pk}-enabled": "on",
    }
    # when
    response = client.post(channel_url(export.channel, "other-system-settings/"), data)
    # then
    allowed = stored(export) == ("1h", True)
    check(Perm.AUTOMATION_MANAGE, role, allowed, response.status_code)
    if not allowed:
        assert stored(export) == ("none", True)


@row(Perm.AUTOMATION_RUN)
def test_automation_run(signed_in, export, role):
    # given
    client = signed_in(role)
    # when
    response = client.post(f"/jobs/{export.pk}/run/")
    # then
    allowed = JobRun.objects.filter(job=export, trigger="run_now").exists()
    check(Perm.AUTOMATION_RUN, role, allowed, response.status_code)


def test_without_automation_run_no_run_now_is_offered(signed_in, tenant, export, monkeypatch):
    # given a table where Account Administrators may not run jobs
    runners = PERMISSIONS[Perm.AUTOMATION_RUN] - {Role.ACCOUNT_ADMINISTRATOR.value}
    monkeypatch.setitem(PERMISSIONS, Perm.AUTOMATION_RUN, runners)
    run = make_run(export)
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    pages = [
        channel_url(export.channel),
        "/settings/account/recurring-jobs/",
        f"/runs/{run.pk}/",
        f"/jobs/{export.pk}/runs/",
    ]
    html = [client.get(url).content.decode() for url in pages]
    # then
    assert ["Run now</button>" in page for page in html] == [False] * 4
    assert all('id="run-now-' not in page for page in html)
    assert client.post(f"/jobs/{export.pk}/run/").status_code == 403
