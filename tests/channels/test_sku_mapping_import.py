"""C_SKU_Mappings.csv import: the row rules, exact counts, batches, the task and the round trip."""

import pytest

from openoms.activity import services as activity_services
from openoms.activity.models import FileImport, FileImportIssue, ImportStatus
from openoms.catalog.models import Product, ProductVariant
from openoms.channels import sku_mapping_rows
from openoms.channels.models import SkuMapping
from openoms.channels.sku_mapping_csv import (
    sku_mapping_import_run,
    sku_mapping_import_start,
    sku_mappings_csv,
)
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.channels.sku_mapping_files import (
    HEADER,
    counts,
    immediate_tasks_fixture,  # noqa: F401 -- a fixture
    issues,
    make_channel,
    make_variants,
    map_sku,
    mapped_fixture,  # noqa: F401 -- a fixture
    mappings,
    run_import,
    snapshot,
    upload,
    uploads_fixture,  # noqa: F401 -- a fixture
)


def test_rows_are_created_updated_or_unchanged_by_channel_sku(mapped, uploads):
    # given
    map_sku(mapped, "CH-1", "SKU-1")
    map_sku(mapped, "CH-2", "SKU-1")
    text = HEADER + "SKU-1,CH-1\nSKU-2,CH-2\nSKU-3,CH-3\nSKU-3,ch-3\n"
    # when
    file_import = run_import(mapped, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 4, 2, 1, 1, 0)
    assert issues(file_import) == []
    assert mappings(mapped.channel) == {
        "CH-1": "SKU-1",
        "CH-2": "SKU-2",
        "CH-3": "SKU-3",
        "ch-3": "SKU-3",
    }
    assert set(SkuMapping.objects.values_list("account_id", flat=True)) == {mapped.account.pk}
    assert file_import.processed_bytes == file_import.total_bytes == len(text)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("NOPE,CH-1", "Unknown OpenOMS SKU 'NOPE': no product variant of this account has it."),
        ("sku-1,CH-1", "Unknown OpenOMS SKU 'sku-1': no product variant of this account has it."),
        (",CH-1", "The SKU is required."),
        ("SKU-1,", "The channel SKU is required."),
        ('SKU-1,"   "', "The channel SKU is required."),
        (",", None),  # a blank record: skipped, not a row
        ("SKU-1,CH-1,extra", "The row has 3 columns; the header has 2."),
        ("SKU-1", "The row has 1 column; the header has 2."),
        ("SKU-1, CH-1", "The channel SKU ' CH-1' starts or ends with a space; remove it."),
        ('SKU-1,"CH-1 "', "The channel SKU 'CH-1 ' starts or ends with a space; remove it."),
        ('SKU-1,"CH\t1"', "The channel SKU contains control characters."),
        ('SKU-1,"CH\n1"', "The channel SKU contains control characters."),
        (" SKU-1,CH-1", "The SKU ' SKU-1' starts or ends with a space; remove it."),
        ('"SKU\x0b1",CH-1', "The SKU contains control characters (tabs, line breaks…)."),
        ("SKU-1," + "X" * 256, "The channel SKU is longer than 255 characters."),
        (
            " SKU-1,",
            "The SKU ' SKU-1' starts or ends with a space; remove it. The channel SKU is required.",
        ),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason_and_changes_nothing(mapped, uploads, row, reason):
    # given
    map_sku(mapped, "CH-1", "SKU-2")
    before = snapshot()
    # when
    file_import = run_import(mapped, f"{HEADER}{row}\n")
    # then
    if reason is None:
        assert counts(file_import) == (ImportStatus.SUCCEEDED, 0, 0, 0, 0, 0)
    else:
        assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 0, 0, 1)
    assert issues(file_import) == ([] if reason is None else [(2, reason)])
    assert snapshot() == before


def test_a_channel_sku_twice_in_the_file_rejects_the_later_rows(
    settings, mapped, uploads, monkeypatch
):
    # given: batches of 2 rows, so duplicates are found across batches
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    text = HEADER + "SKU-1,CH-1\nSKU-2,CH-2\nSKU-3,CH-1\nNOPE,CH-4\nSKU-2,CH-4\nSKU-1,CH-1\n"
    # when
    file_import = run_import(mapped, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 6, 2, 0, 0, 4)
    assert issues(file_import) == [
        (4, "Duplicate of line 2: each Channel SKU may appear once in the file."),
        (5, "Unknown OpenOMS SKU 'NOPE': no product variant of this account has it."),
        (6, "Duplicate of line 5: each Channel SKU may appear once in the file."),
        (7, "Duplicate of line 2: each Channel SKU may appear once in the file."),
    ]
    assert file_import.issues.get(line=4).row_excerpt == "SKU-3,CH-1"
    assert file_import.issues.get(line=5).row_excerpt == "NOPE,CH-4"
    assert mappings(mapped.channel) == {"CH-1": "SKU-1", "CH-2": "SKU-2"}


def test_three_bad_rows_among_ten_thousand_are_exactly_the_ones_reported(
    settings, mapped, uploads, monkeypatch
):
    # given: 10,000 rows over 4 batches; lines 18, 5_001 and 10_001 are bad
    settings.OPENOMS_IMPORT_BATCH_ROWS = 3000
    skus = [f"SKU-{n % 3 + 1}" for n in range(10_000)]
    rows = [f"{sku},CH-{n:05d}" for n, sku in enumerate(skus)]
    rows[16] = "GHOST,CH-00016"
    rows[4999] = "SKU-1,"
    rows[9999] = "SKU-2,CH-00042"
    # when
    file_import = run_import(mapped, HEADER + "\n".join(rows) + "\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 10_000, 9_997, 0, 0, 3)
    assert issues(file_import) == [
        (18, "Unknown OpenOMS SKU 'GHOST': no product variant of this account has it."),
        (5_001, "The channel SKU is required."),
        (10_001, "Duplicate of line 44: each Channel SKU may appear once in the file."),
    ]
    assert SkuMapping.objects.filter(channel=mapped.channel).count() == 9_997


def test_another_accounts_and_another_tenants_skus_are_unknown(mapped, uploads, other_tenant):
    # given
    make_variants(mapped.tenant.second_account, "SIBLING-1")
    make_variants(other_tenant.account, "THEIRS-1")
    text = HEADER + "SIBLING-1,CH-1\nTHEIRS-1,CH-2\nSKU-1,CH-3\n"
    # when
    file_import = run_import(mapped, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 1, 0, 0, 2)
    assert issues(file_import) == [
        (2, "Unknown OpenOMS SKU 'SIBLING-1': no product variant of this account has it."),
        (3, "Unknown OpenOMS SKU 'THEIRS-1': no product variant of this account has it."),
    ]
    assert mappings(mapped.channel) == {"CH-3": "SKU-1"}


def test_mappings_of_other_channels_are_left_alone(mapped, uploads):
    # given: the same channel SKU on another channel of the account
    other = make_channel(mapped.account, "Fulfilment", type="fulfillment")
    SkuMapping.objects.create(
        account=mapped.account, channel=other, channel_sku="CH-1", variant=mapped.variants["SKU-3"]
    )
    # when
    file_import = run_import(mapped, HEADER + "SKU-1,CH-1\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0)
    assert mappings(mapped.channel) == {"CH-1": "SKU-1"}
    assert mappings(other) == {"CH-1": "SKU-3"}


def test_export_then_import_changes_nothing_and_reports_every_row_unchanged(mapped, uploads):
    # given: SKUs with quotes, commas and spaces inside
    odd = make_variants(mapped.account, 'TEE, "RED"', "CAFÉ 1")
    mapped.variants.update(odd)
    map_sku(mapped, 'Tee "Red", L', 'TEE, "RED"')
    map_sku(mapped, "café-1", "CAFÉ 1")
    map_sku(mapped, "A/B", "SKU-1")
    map_sku(mapped, "B", "SKU-1")
    exported = "".join(sku_mappings_csv(actor=mapped.actor, channel=mapped.channel))
    before = snapshot()
    # when
    file_import = run_import(mapped, exported)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 4, 0, 0, 4, 0)
    assert snapshot() == before


def test_a_row_the_writer_fails_on_is_rejected_and_the_file_goes_on(
    settings, mapped, uploads, monkeypatch
):
    # given: batches of 2; the write breaks, after writing, whenever its rows hold CH-3
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    real_upsert = sku_mapping_rows.upsert_mappings

    def breaking_upsert(channel, rows, now):
        written = real_upsert(channel, rows, now)
        if any(channel_sku == "CH-3" for _, channel_sku in rows):
            raise RuntimeError("disk full")
        return written

    monkeypatch.setattr(sku_mapping_rows, "upsert_mappings", breaking_upsert)
    text = HEADER + "SKU-1,CH-1\nSKU-2,CH-2\nSKU-3,CH-3\nSKU-1,CH-4\nSKU-2,CH-5\n"
    # when
    file_import = run_import(mapped, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 5, 4, 0, 0, 1)
    assert issues(file_import) == [(4, "The row could not be saved: disk full")]
    assert mappings(mapped.channel) == {
        "CH-1": "SKU-1",
        "CH-2": "SKU-2",
        "CH-4": "SKU-1",
        "CH-5": "SKU-2",
    }


def test_start_enqueues_the_run_on_commit(
    mapped, uploads, immediate_tasks, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        file_import = sku_mapping_import_start(
            actor=mapped.actor, channel=mapped.channel, upload=upload(HEADER + "SKU-1,CH-1\n")
        )
    # then
    file_import.refresh_from_db()
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0)
    assert (file_import.kind, file_import.file_name, file_import.created_by) == (
        "sku_mappings",
        "C_SKU_Mappings.csv",
        mapped.actor.user,
    )
    assert file_import.channel_id == mapped.channel.pk
    assert mappings(mapped.channel) == {"CH-1": "SKU-1"}


def test_a_second_run_of_the_same_import_does_nothing(mapped, uploads):
    # given
    file_import = run_import(mapped, HEADER + "SKU-1,CH-1\n")
    before = snapshot()
    # when
    again = sku_mapping_import_run(file_import.pk)
    # then
    assert counts(again) == counts(file_import)
    assert snapshot() == before


def test_an_import_whose_channel_was_deleted_fails_with_the_reason(mapped, uploads):
    # given
    file_import = sku_mapping_import_start(
        actor=mapped.actor, channel=mapped.channel, upload=upload(HEADER + "SKU-1,CH-1\n")
    )
    mapped.channel.delete()
    # when
    done = sku_mapping_import_run(file_import.pk)
    # then
    assert (done.status, done.error) == (
        ImportStatus.FAILED,
        "The channel of this import no longer exists.",
    )
    assert SkuMapping.objects.count() == 0


def test_issues_beyond_the_cap_are_counted_but_not_stored(mapped, uploads, monkeypatch):
    # given
    monkeypatch.setattr(activity_services, "MAX_STORED_ISSUES", 2)
    text = HEADER + "".join(f"NOPE,CH-{n}\n" for n in range(5))
    # when
    file_import = run_import(mapped, text)
    # then
    assert file_import.rejected_count == 5
    assert FileImportIssue.objects.filter(file_import=file_import).count() == 2


def test_another_accounts_user_cannot_import_into_the_channel(mapped, uploads, other_tenant):
    # given
    outsider = Actor.for_user(other_tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when / then
    with pytest.raises(NotFound):
        sku_mapping_import_start(
            actor=outsider, channel=mapped.channel, upload=upload(HEADER + "SKU-1,CH-1\n")
        )
    assert FileImport.objects.count() == 0


def test_a_variant_of_a_large_catalog_resolves_by_exact_sku(mapped, uploads):
    # given: many SKUs, some differing only by case
    product = Product.objects.create(account=mapped.account, name="Many")
    ProductVariant.objects.bulk_create(
        ProductVariant(account=mapped.account, product=product, sku=f"V-{n}") for n in range(2000)
    )
    ProductVariant.objects.create(account=mapped.account, product=product, sku="v-7")
    text = HEADER + "V-7,CH-A\nv-7,CH-B\nV-1999,CH-C\n"
    # when
    file_import = run_import(mapped, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 3, 0, 0, 0)
    assert mappings(mapped.channel) == {"CH-A": "V-7", "CH-B": "v-7", "CH-C": "V-1999"}
