"""The synchronous C_SKU_Mappings.csv import (the API's path): same rules, a report back."""

import io

import pytest

from openoms.activity.models import FileImport
from openoms.channels import sku_mapping_csv, sku_mapping_report
from openoms.channels.sku_mapping_csv import sku_mapping_import_file, sku_mappings_csv
from openoms.channels.sku_mapping_report import ImportIssue, ImportReport
from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import ApiKey
from openoms.tenancy.roles import Role
from tests.channels.sku_mapping_files import (
    HEADER,
    GeneratedFile,
    make_variants,
    map_sku,
    mapped_fixture,  # noqa: F401 -- a fixture
    mappings,
    snapshot,
)
from tests.channels.test_sku_mapping_import_bad_input import BAD_FILES
from tests.factories import make_api_key

COUNTS = ("rows", "created", "updated", "unchanged", "rejected")


def import_file(mapped, content: str | bytes) -> ImportReport:
    data = content.encode() if isinstance(content, str) else content
    return sku_mapping_import_file(
        actor=mapped.actor, channel=mapped.channel, fileobj=io.BytesIO(data)
    )


def test_the_report_has_the_counts_and_the_rejected_rows(mapped):
    # given
    map_sku(mapped, "CH-1", "SKU-1")
    map_sku(mapped, "CH-2", "SKU-1")
    text = HEADER + "SKU-1,CH-1\nSKU-2,CH-2\nSKU-3,CH-3\nNOPE,CH-4\nSKU-1,CH-3\nSKU-1,\n"
    # when
    report = import_file(mapped, text)
    # then
    unknown = "Unknown OpenOMS SKU 'NOPE': no product variant of this account has it."
    duplicate = "Duplicate of line 4: each Channel SKU may appear once in the file."
    assert report.as_dict() == {
        "rows": 6,
        "created": 1,
        "updated": 1,
        "unchanged": 1,
        "rejected": 3,
        "issues": [
            {"line": 5, "reason": unknown},
            {"line": 6, "reason": duplicate},
            {"line": 7, "reason": "The channel SKU is required."},
        ],
        "error": "",
    }
    assert report.counts() == {key: report.as_dict()[key] for key in COUNTS}
    assert mappings(mapped.channel) == {"CH-1": "SKU-1", "CH-2": "SKU-2", "CH-3": "SKU-3"}
    assert FileImport.objects.count() == 0


def test_export_then_import_reports_every_row_unchanged(mapped):
    # given
    mapped.variants.update(make_variants(mapped.account, 'A "B", C'))
    map_sku(mapped, "x,y", 'A "B", C')
    map_sku(mapped, "CH-2", "SKU-2")
    exported = "".join(sku_mappings_csv(actor=mapped.actor, channel=mapped.channel))
    before = snapshot()
    # when
    report = import_file(mapped, exported)
    # then
    assert (report.rows, report.unchanged, report.created + report.updated + report.rejected) == (
        2,
        2,
        0,
    )
    assert snapshot() == before


def test_batches_apply_in_turn_and_duplicates_are_found_across_them(mapped, monkeypatch):
    # given
    monkeypatch.setattr(sku_mapping_csv, "BATCH_ROWS", 2)
    text = HEADER + "SKU-1,CH-1\nSKU-2,CH-2\nSKU-3,CH-3\nSKU-3,CH-1\nSKU-3,CH-5\n"
    # when
    report = import_file(mapped, text)
    # then
    assert report.counts() == {"rows": 5, "created": 4, "updated": 0, "unchanged": 0, "rejected": 1}
    assert report.issues == [
        ImportIssue(5, "Duplicate of line 2: each Channel SKU may appear once in the file.")
    ]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_an_unreadable_file_is_refused_and_nothing_changes(mapped, data, message):
    # given
    map_sku(mapped, "CH-1", "SKU-2")
    before = snapshot()
    # when
    with pytest.raises(ValidationFailed) as refused:
        import_file(mapped, data)
    # then
    assert refused.value.errors == {"file": message}
    assert snapshot() == before


def test_a_100_mb_stream_is_refused_once_past_the_limit_and_nothing_changes(mapped):
    # given: a body that cannot seek, made up as it is read
    before = snapshot()
    stream = GeneratedFile(100 * 1024 * 1024)
    # when
    with pytest.raises(ValidationFailed) as refused:
        sku_mapping_import_file(actor=mapped.actor, channel=mapped.channel, fileobj=stream)
    # then
    assert refused.value.errors == {
        "file": "The file is larger than 32 MB; split it into smaller files."
    }
    assert stream.given < 40 * 1024 * 1024
    assert snapshot() == before


def test_a_stream_within_the_limit_is_spooled_and_imported(mapped):
    # given
    stream = GeneratedFile(len(HEADER) + 20, row=b"SKU-1,CH-0000000001\n")
    # when
    report = sku_mapping_import_file(actor=mapped.actor, channel=mapped.channel, fileobj=stream)
    # then
    assert (report.rows, report.created) == (1, 1)
    assert mappings(mapped.channel) == {"CH-0000000001": "SKU-1"}


def test_a_seekable_file_over_the_limit_is_refused(mapped, settings):
    # given
    settings.OPENOMS_IMPORT_MAX_BYTES = 1024
    # when / then
    with pytest.raises(ValidationFailed, match="Some values"):
        import_file(mapped, HEADER + "SKU-1,CH-1\n" * 200)
    assert mappings(mapped.channel) == {}


def test_a_quote_never_closed_stops_there_and_says_so(mapped, monkeypatch):
    # given
    monkeypatch.setattr(sku_mapping_csv, "BATCH_ROWS", 2)
    rest = "".join(f"SKU-1,CH-{n}\n" for n in range(10, 20_000))
    text = HEADER + 'SKU-1,CH-1\nSKU-2,CH-2\nSKU-3,CH-3\nSKU-1,"CH-4\n' + rest
    # when
    report = import_file(mapped, text)
    # then
    assert (report.rows, report.created) == (2, 2)
    assert report.error == (
        "Line 5: a field is longer than 131,072 characters (is a quote opened and never closed?)."
    )


def test_issues_beyond_the_cap_are_counted_but_not_listed(mapped, monkeypatch):
    # given
    monkeypatch.setattr(sku_mapping_report, "MAX_STORED_ISSUES", 2)
    # when
    report = import_file(mapped, HEADER + "".join(f"NOPE,CH-{n}\n" for n in range(5)))
    # then
    assert report.rejected == 5
    assert [issue.line for issue in report.issues] == [2, 3]


def test_an_api_key_imports_and_another_tenant_does_not_see_the_channel(mapped, other_tenant):
    # given
    make_api_key(mapped.account)
    key_actor = Actor.for_api_key(ApiKey.objects.get(account=mapped.account))
    outsider = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    data = (HEADER + "SKU-1,CH-1\n").encode()
    # when
    report = sku_mapping_import_file(
        actor=key_actor, channel=mapped.channel, fileobj=io.BytesIO(data)
    )
    # then
    assert report.created == 1
    with pytest.raises(NotFound):
        sku_mapping_import_file(actor=outsider, channel=mapped.channel, fileobj=io.BytesIO(data))
