"""Uploaded files are deleted after OPENOMS_UPLOAD_RETENTION_DAYS by the scheduler's purge; the
import row stays, a queued or running import's file never goes, and the page says what happened."""

import logging
import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from openoms.activity.models import FileImport, ImportStatus
from openoms.activity.retention import uploads_purge
from openoms.tenancy.roles import Role

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.OPENOMS_UPLOAD_RETENTION_DAYS = 30


def stored_import(tenant, uploads, name, *, age_days, status=ImportStatus.SUCCEEDED) -> FileImport:
    """An import of ``tenant.account`` uploaded ``age_days`` ago, its file on disk."""
    folder = uploads / str(tenant.account.pk)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    path.write_text("SKU,Channel SKU\nA,B\n")
    file_import = FileImport.objects.create(
        account=tenant.account,
        kind="products",
        file_name=f"{name}.csv",
        stored_path=str(path),
        status=status,
        created_count=7,
        actor_label="test",
    )
    created = timezone.now() - age_days * DAY
    FileImport.objects.filter(pk=file_import.pk).update(created_at=created)
    return file_import


def test_files_older_than_the_retention_go_and_their_imports_stay(tenant, uploads, caplog):
    # given
    old = stored_import(tenant, uploads, "old", age_days=31)
    failed = stored_import(tenant, uploads, "failed", age_days=45, status=ImportStatus.FAILED)
    recent = stored_import(tenant, uploads, "recent", age_days=29)
    # when
    with caplog.at_level(logging.INFO, logger="openoms.activity.retention"):
        report = uploads_purge()
    # then
    assert (report.deleted, report.orphans, report.bytes) == (2, 0, 2 * 20)
    assert not (uploads / str(tenant.account.pk) / "old.csv").exists()
    assert not (uploads / str(tenant.account.pk) / "failed.csv").exists()
    assert (uploads / str(tenant.account.pk) / "recent.csv").exists()
    rows = FileImport.objects.order_by("pk").values_list("pk", "stored_path", "created_count")
    assert list(rows) == [(old.pk, "", 7), (failed.pk, "", 7), (recent.pk, recent.stored_path, 7)]
    deletions = [r.getMessage() for r in caplog.records if "Deleted uploaded file" in r.message]
    assert deletions == [
        f"Deleted uploaded file old.csv (import #{old.pk} of account {tenant.account.pk}) "
        "after 30 days",
        f"Deleted uploaded file failed.csv (import #{failed.pk} of account {tenant.account.pk}) "
        "after 30 days",
    ]


@pytest.mark.parametrize("status", [ImportStatus.QUEUED, ImportStatus.RUNNING])
def test_the_file_of_an_import_still_running_is_never_deleted(tenant, uploads, status):
    # given
    running = stored_import(tenant, uploads, "running", age_days=90, status=status)
    # when
    report = uploads_purge()
    # then
    assert report.deleted == 0
    assert FileImport.objects.get(pk=running.pk).stored_path == running.stored_path
    assert (uploads / str(tenant.account.pk) / "running.csv").exists()


def test_old_files_no_import_refers_to_go_and_new_ones_stay(tenant, uploads):
    # given: files left by uploads whose request failed
    folder = uploads / str(tenant.account.pk)
    folder.mkdir(parents=True)
    old, new = folder / "orphan-old.csv", folder / "orphan-new.csv"
    old.write_text("x")
    new.write_text("y")
    past = (timezone.now() - 31 * DAY).timestamp()
    os.utime(old, (past, past))
    # when
    report = uploads_purge()
    # then
    assert (report.deleted, report.orphans) == (0, 1)
    assert not old.exists() and new.exists()


def test_zero_days_keeps_every_file(tenant, uploads, settings):
    # given
    settings.OPENOMS_UPLOAD_RETENTION_DAYS = 0
    stored_import(tenant, uploads, "old", age_days=400)
    # when / then
    assert uploads_purge().deleted == 0
    assert (uploads / str(tenant.account.pk) / "old.csv").exists()


def test_the_scheduler_runs_the_purge(tenant, uploads):
    # given
    old = stored_import(tenant, uploads, "old", age_days=31)
    # when
    call_command("scheduler", "--once", stdout=StringIO())
    # then
    assert FileImport.objects.get(pk=old.pk).stored_path == ""
    assert not (uploads / str(tenant.account.pk) / "old.csv").exists()


def test_the_import_page_says_the_file_was_deleted(tenant, uploads, login):
    # given
    old = stored_import(tenant, uploads, "old", age_days=31)
    kept = stored_import(tenant, uploads, "kept", age_days=1)
    uploads_purge()
    client = login(tenant.user(Role.ACCOUNT_USER))
    # when
    deleted_page = client.get(f"/imports/{old.pk}/").content.decode()
    kept_page = client.get(f"/imports/{kept.pk}/").content.decode()
    # then
    assert "The uploaded file was deleted after 30 days" in deleted_page
    assert "The uploaded file was deleted" not in kept_page
