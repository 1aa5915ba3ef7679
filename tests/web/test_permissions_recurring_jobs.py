"""Recurring jobs for each of the five roles and an API key: the permission table, the docs, the
menu and the account's Recurring Jobs page agree. Every role that may see recurring jobs
(Automation view) has the menu entry and reads the page; only Automation manage changes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openoms.tenancy.permissions import API_KEY, PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.web.job_data import job_of, stored

JOBS_URL = "/settings/account/recurring-jobs/"
MENU_ENTRY = f'<a href="{JOBS_URL}">Recurring Jobs</a>'
DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
COLUMNS = ["organization_owner", "organization_administrator", "supervisor"]
COLUMNS += ["account_administrator", "account_user", API_KEY]
DOC_ROWS = {
    Perm.AUTOMATION_VIEW: "See recurring jobs, their runs and the Events log",
    Perm.AUTOMATION_MANAGE: "Change recurring jobs' periods, pause or resume them",
    Perm.AUTOMATION_RUN: "Run a recurring job now",
}


def _doc_row(label: str) -> set[str]:
    line = next(line for line in DOCS.read_text().splitlines() if line.startswith(f"| {label} |"))
    cells = [cell.strip() for cell in line.strip("|").split("|")][1:]
    return {column for column, cell in zip(COLUMNS, cells, strict=True) if cell == "✓"}


@pytest.mark.parametrize("perm", list(DOC_ROWS))
def test_the_docs_say_what_the_table_says(perm):
    assert _doc_row(DOC_ROWS[perm]) == set(PERMISSIONS[perm])


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_menu_and_page_follow_automation_view(signed_in, tenant, role):
    # given
    client = signed_in(role)
    sees = role.value in PERMISSIONS[Perm.AUTOMATION_VIEW]
    # when
    home = client.get("/").content.decode()
    page = client.get(JOBS_URL)
    # then
    assert (MENU_ENTRY in home) == sees
    assert page.status_code == (200 if sees else 403)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_only_automation_manage_changes_the_account_jobs(signed_in, tenant, role):
    # given
    export = job_of(tenant.account, "export_products")
    client = signed_in(role)
    manages = role.value in PERMISSIONS[Perm.AUTOMATION_MANAGE]
    # when
    html = client.get(JOBS_URL).content.decode()
    response = client.post(
        JOBS_URL,
        {
            "job": [str(export.pk)],
            f"job-{export.pk}-period": "1h",
            f"job-{export.pk}-enabled": "on",
        },
    )
    # then
    select = re.search(rf'<select id="job-{export.pk}-period"[^>]*>', html).group(0)
    assert ("disabled" in select) == (not manages)
    assert ("your role may not change them" in html) == (not manages)
    assert response.status_code == (302 if manages else 403)
    assert stored(export) == (("1h", True) if manages else ("none", True))


def test_an_api_key_reads_and_changes_the_jobs(client, tenant, api_key):
    # given
    export = job_of(tenant.account, "export_products")
    headers = {"X-API-Key": api_key}
    # when
    listed = client.get("/api/v2/jobs", headers=headers)
    changed = client.patch(
        f"/api/v2/jobs/{export.pk}",
        {"period": "1h"},
        content_type="application/json",
        headers=headers,
    )
    # then
    assert API_KEY in PERMISSIONS[Perm.AUTOMATION_VIEW] & PERMISSIONS[Perm.AUTOMATION_MANAGE]
    assert listed.status_code == 200
    assert export.pk in [row["id"] for row in listed.json()["items"]]
    assert changed.status_code == 200
    assert stored(export)[0] == "1h"
