"""File import rows: storing an upload, the size limit, tenant scoping, issues and their cap."""

import io

import pytest

from openoms.activity.models import FileImport, FileImportIssue, IssueSeverity
from openoms.activity.services import (
    IssueDraft,
    file_import_create,
    file_import_get,
    file_import_issues,
    file_import_issues_csv,
    file_import_record_issues,
    file_imports_recent,
)
from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.file_imports import upload


@pytest.fixture
def actor(tenant):
    return Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))


def test_an_upload_is_stored_under_the_data_folder(tenant, actor, uploads):
    # when
    file_import = file_import_create(
        actor=actor,
        account=tenant.account,
        kind="products",
        upload=upload("a,b\n1,2\n", "../../etc/P_Products.csv"),
        max_bytes=100,
    )
    # then
    stored = uploads / str(tenant.account.pk)
    assert [p.read_bytes() for p in stored.iterdir()] == [b"a,b\n1,2\n"]
    assert (file_import.file_name, file_import.total_bytes, file_import.status) == (
        "P_Products.csv",
        8,
        "queued",
    )
    assert (file_import.created_by, file_import.actor_label) == (actor.user, actor.label)


def test_a_file_object_without_a_declared_size_is_cut_off_at_the_limit(tenant, actor, uploads):
    # given: a stream whose size is only known by reading it
    stream = io.BytesIO(b"x" * 5000)
    stream.name = "big.csv"
    # when
    with pytest.raises(ValidationFailed) as refused:
        file_import_create(
            actor=actor, account=tenant.account, kind="products", upload=stream, max_bytes=4096
        )
    # then
    assert refused.value.errors == {
        "file": "The file is larger than 4 KB; split it into smaller files."
    }
    assert FileImport.objects.count() == 0
    assert list((uploads / str(tenant.account.pk)).iterdir()) == []


def test_another_tenants_import_is_not_found(tenant, other_tenant, actor, uploads):
    # given
    theirs = file_import_create(
        actor=Actor.system(),
        account=other_tenant.account,
        kind="products",
        upload=upload("a\n", "x.csv"),
        max_bytes=100,
    )
    # when / then
    with pytest.raises(NotFound):
        file_import_get(actor, other_tenant.account, theirs.pk)
    with pytest.raises(NotFound):
        file_import_get(actor, tenant.account, theirs.pk)
    with pytest.raises(NotFound):
        file_import_issues(actor, tenant.account, theirs)
    assert list(file_imports_recent(actor, tenant.account)) == []


def test_issues_are_listed_by_line_capped_and_downloadable(tenant, actor, uploads, monkeypatch):
    # given
    from openoms.activity import services

    monkeypatch.setattr(services, "MAX_STORED_ISSUES", 3)
    file_import = file_import_create(
        actor=actor,
        account=tenant.account,
        kind="products",
        upload=upload("a\n", "x.csv"),
        max_bytes=100,
    )
    # when
    stored = file_import_record_issues(
        file_import,
        [
            IssueDraft(9, "Duplicate SKU: already on line 2.", IssueSeverity.WARNING, "T,A"),
            IssueDraft(4, 'Bad "value", really', excerpt='T,"x"'),
        ],
    )
    more = file_import_record_issues(file_import, [IssueDraft(12, "a"), IssueDraft(13, "b")])
    # then
    assert (stored, more) == (2, 1)
    assert FileImportIssue.objects.count() == 3
    assert "".join(file_import_issues_csv(actor, tenant.account, file_import)) == (
        "Line,Severity,Reason,Row\r\n"
        '4,Rejected,"Bad ""value"", really","T,""x"""\r\n'
        '9,Warning,Duplicate SKU: already on line 2.,"T,A"\r\n'
        "12,Rejected,a,\r\n"
    )
    warnings = file_import_issues(actor, tenant.account, file_import, severity="warning")
    assert [issue.line for issue in warnings] == [9]
