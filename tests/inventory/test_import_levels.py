"""IL_Inventory_Levels.csv import: per-row report, batches, the task, and the export round trip."""

import pytest

from openoms.activity.models import FileImport, FileImportIssue, ImportStatus
from openoms.activity.services import file_import_issues_csv
from openoms.core.errors import NotFound, ValidationFailed
from openoms.inventory.imports import (
    inventory_import_run,
    inventory_import_start,
    inventory_levels_csv,
    inventory_template_csv,
)
from openoms.inventory.models import InventoryMovement
from openoms.inventory.services.bulk import LevelWriter
from openoms.inventory.services.ledger import ledger_mismatches
from tests.file_imports import upload as file_upload
from tests.inventory.stock import levels_by_key, make_variants, set_level, snapshot


def upload(content: str | bytes):
    return file_upload(content, "IL_Inventory_Levels.csv")


def run_import(stock, text) -> FileImport:
    file_import = inventory_import_start(
        actor=stock.actor, account=stock.account, upload=upload(text)
    )
    return inventory_import_run(file_import.pk)


def issues(file_import) -> list[tuple[int, str]]:
    return list(file_import.issues.values_list("line", "reason"))


def counts(file_import) -> tuple:
    return (
        file_import.status,
        file_import.rows_processed,
        file_import.created_count,
        file_import.updated_count,
        file_import.unchanged_count,
        file_import.rejected_count,
    )


def test_three_bad_rows_are_reported_by_line_and_the_rest_applied(stock, uploads):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    set_level(stock.account, stock.variants["SKU-2"], stock.warehouses["A"], 2)
    text = (
        "Warehouse,SKU,Quantity\n"
        "A,SKU-1,9\n"
        "NOPE,SKU-1,1\n"
        "A,SKU-2,2\n"
        "B,GHOST,3\n"
        "B,SKU-1,4\n"
        "B,SKU-2,-1\n"
        "B,SKU-3,12\n"
    )
    # when
    file_import = run_import(stock, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 7, 2, 1, 1, 3)
    assert issues(file_import) == [
        (3, "Unknown warehouse 'NOPE' (not enabled for this account)."),
        (5, "Unknown SKU 'GHOST'."),
        (7, "The quantity must be 0 or more; got -1."),
    ]
    assert file_import.issues.get(line=5).row_excerpt == "B,GHOST,3"
    assert levels_by_key(stock.account) == {
        ("A", "SKU-1"): 9,
        ("A", "SKU-2"): 2,
        ("B", "SKU-1"): 4,
        ("B", "SKU-3"): 12,
    }
    movements = InventoryMovement.objects.filter(
        trigger="import_inventory_level", reference=f"import #{file_import.pk}"
    )
    assert sorted(movements.values_list("change", "resulting")) == [(4, 4), (4, 9), (12, 12)]
    assert file_import.processed_bytes == file_import.total_bytes == len(text)


def test_the_rejected_rows_download_lists_line_and_reason(stock, uploads):
    # given
    file_import = run_import(stock, "Warehouse,SKU,Quantity\nA,SKU-1,x\nA,SKU-2,1\n")
    # when
    download = "".join(file_import_issues_csv(stock.actor, stock.account, file_import))
    # then
    assert download == (
        "Line,Severity,Reason,Row\r\n"
        "2,Rejected,The quantity must be a whole number; got 'x'.,\"A,SKU-1,x\"\r\n"
    )


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("A,SKU-1,7.5", "The quantity must be a whole number; got '7.5'."),
        ("A,SKU-1,", "The quantity is required."),
        ("A,SKU-1,1e3", "The quantity must be a whole number; got '1e3'."),
        ("WH-V,SKU-1,1", "WH-V is a virtual warehouse: set stock on its physical members (A, B)."),
        ("D,SKU-1,1", "Unknown warehouse 'D' (not enabled for this account)."),
        (
            "C,THEIRS,1",
            "Unknown warehouse 'C' (not enabled for this account). Unknown SKU 'THEIRS'.",
        ),
        ("A,SKU-1,1,extra", "The row has 4 columns; the header has 3."),
        ("A,SKU-1", "The row has 2 columns; the header has 3."),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason_and_changes_nothing(stock, uploads, row, reason):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    before = snapshot()
    # when
    file_import = run_import(stock, f"Warehouse,SKU,Quantity\n{row}\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 0, 0, 1)
    assert issues(file_import) == [(2, reason)]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\r\n\r\n", "The file is empty."),
        (b"\xef\xbb\xbf", "The file is empty."),
        (
            b"Warehouse;SKU;Quantity\nA;SKU-1;1\n",
            "The header row must be “Warehouse, SKU, Quantity”: column 1 is “Warehouse;SKU;Quantity” "
            "but should be “Warehouse”; missing: “SKU”, “Quantity”.",
        ),
        (
            b"Warehouse,SKU,Qty\n",
            "The header row must be “Warehouse, SKU, Quantity”: column 3 is “Qty” but should be "
            "“Quantity”.",
        ),
        (
            b"Warehouse,SKU\n",
            "The header row must be “Warehouse, SKU, Quantity”: missing: “Quantity”.",
        ),
        (
            b"Warehouse,SKU,Quantity,Note\n",
            "The header row must be “Warehouse, SKU, Quantity”: unexpected: “Note”.",
        ),
        (
            b"SKU,Warehouse,Quantity\n",
            "The header row must be “Warehouse, SKU, Quantity”: the columns are not in this "
            "order, or one is repeated.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "The file contains binary data, so it is not a CSV text file. Save it from your "
            "spreadsheet as CSV and import it again.",
        ),
        (
            "Warehouse,SKU,Quantity\n".encode("utf-16"),
            "The file is saved as UTF-16 (Unicode text). Save it as “CSV UTF-8” and import it "
            "again.",
        ),
        (
            b"\xef\xbb\xbfWarehouse,SKU,Quantity\nA,CAF\xc9,1\n",
            "The file starts with a UTF-8 byte-order mark, but line 2 is not UTF-8 (it looks "
            "like Latin-1 or Windows-1252 text). Save the file as “CSV UTF-8” and import it "
            "again.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_at_once_and_nothing_is_kept(
    stock, uploads, data, message
):
    # given
    before = snapshot()
    # when
    with pytest.raises(ValidationFailed) as refused:
        inventory_import_start(actor=stock.actor, account=stock.account, upload=upload(data))
    # then
    assert refused.value.errors == {"file": message}
    assert FileImport.objects.count() == 0
    assert list(uploads.rglob("*.csv")) == []
    assert snapshot() == before


def test_a_file_over_the_size_limit_is_refused_and_not_stored(stock, uploads, settings):
    # given
    settings.OPENOMS_IMPORT_MAX_BYTES = 1024
    data = "Warehouse,SKU,Quantity\n" + "A,SKU-1,1\n" * 200
    # when
    with pytest.raises(ValidationFailed) as refused:
        inventory_import_start(actor=stock.actor, account=stock.account, upload=upload(data))
    # then
    assert refused.value.errors == {
        "file": "The file is larger than 1 KB; split it into smaller files."
    }
    assert FileImport.objects.count() == 0
    assert list(uploads.rglob("*.csv")) == []


def test_header_only_succeeds_with_no_rows(stock, uploads):
    # when
    file_import = run_import(stock, "Warehouse,SKU,Quantity\r\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 0, 0, 0, 0, 0)


def test_bom_crlf_quotes_and_trimmed_header_are_read(stock, uploads):
    # given
    make_variants(stock.account, 'TEE, "RED"', product_name="Odd")
    data = (
        "\ufeff Warehouse , SKU ,Quantity\r\n"
        '"A","TEE, ""RED""",3\r\n'
        'A,"MULTI\nLINE",4\r\n'
        "\r\n"
        "A,NOPE,1\r\n"
    ).encode()
    # when
    file_import = run_import(stock, data)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 1, 0, 0, 2)
    assert issues(file_import) == [
        (3, "The SKU contains control characters (tabs, line breaks…)."),
        (6, "Unknown SKU 'NOPE'."),
    ]
    assert levels_by_key(stock.account) == {("A", 'TEE, "RED"'): 3}


def test_a_latin1_file_without_bom_is_read_as_windows_1252(stock, uploads):
    # given
    make_variants(stock.account, "CAFÉ-1", product_name="Café")
    data = "Warehouse,SKU,Quantity\nA,CAFÉ-1,6\n".encode("cp1252")
    # when
    file_import = run_import(stock, data)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0)
    assert levels_by_key(stock.account) == {("A", "CAFÉ-1"): 6}


def test_duplicates_are_rejected_across_batches(settings, stock, uploads, monkeypatch):
    # given: batches of 2 rows
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    text = "Warehouse,SKU,Quantity\nA,SKU-1,1\nA,SKU-2,2\nB,SKU-1,3\na,SKU-1,4\nA,SKU-2,5\n"
    # when
    file_import = run_import(stock, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 5, 3, 0, 0, 2)
    assert issues(file_import) == [
        (5, "Duplicate of line 2: each warehouse and SKU may appear once."),
        (6, "Duplicate of line 3: each warehouse and SKU may appear once."),
    ]
    assert levels_by_key(stock.account) == {("A", "SKU-1"): 1, ("A", "SKU-2"): 2, ("B", "SKU-1"): 3}


def test_a_row_the_writer_fails_on_is_rejected_and_its_batch_is_not_half_applied(
    settings, stock, uploads, monkeypatch
):
    # given: batches of 2; the writer breaks after writing any batch that holds line 4
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    real_apply = LevelWriter.apply

    def breaking_apply(self, rows, **options):
        result = real_apply(self, rows, **options)
        if any(row.line == 4 for row in rows):
            raise RuntimeError("disk full")
        return result

    monkeypatch.setattr(LevelWriter, "apply", breaking_apply)
    text = "Warehouse,SKU,Quantity\nA,SKU-1,1\nA,SKU-2,2\nB,SKU-1,3\nB,SKU-2,4\nB,SKU-3,5\n"
    # when
    file_import = run_import(stock, text)
    # then: only line 4 is rejected, with the reason; the rows after it are applied
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 5, 4, 0, 0, 1)
    assert issues(file_import) == [(4, "The row could not be saved: disk full")]
    assert levels_by_key(stock.account) == {
        ("A", "SKU-1"): 1,
        ("A", "SKU-2"): 2,
        ("B", "SKU-2"): 4,
        ("B", "SKU-3"): 5,
    }
    movements = InventoryMovement.objects.filter(reference=f"import #{file_import.pk}")
    assert sorted(movements.values_list("change", flat=True)) == [1, 2, 4, 5]
    assert ledger_mismatches(account=stock.account) == []


def test_start_enqueues_the_run_on_commit(
    stock, uploads, immediate_tasks, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        file_import = inventory_import_start(
            actor=stock.actor,
            account=stock.account,
            upload=upload("Warehouse,SKU,Quantity\nA,SKU-1,8\n"),
        )
    # then
    file_import.refresh_from_db()
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0)
    assert (file_import.kind, file_import.file_name, file_import.created_by) == (
        "inventory_levels",
        "IL_Inventory_Levels.csv",
        stock.actor.user,
    )
    assert levels_by_key(stock.account) == {("A", "SKU-1"): 8}


def test_a_second_run_of_the_same_import_does_nothing(stock, uploads):
    # given
    file_import = run_import(stock, "Warehouse,SKU,Quantity\nA,SKU-1,8\n")
    before = snapshot()
    # when
    again = inventory_import_run(file_import.pk)
    # then
    assert counts(again) == counts(file_import)
    assert snapshot() == before


def test_issues_beyond_the_cap_are_counted_but_not_stored(stock, uploads, monkeypatch):
    # given
    from openoms.activity import services

    monkeypatch.setattr(services, "MAX_STORED_ISSUES", 2)
    text = "Warehouse,SKU,Quantity\n" + "A,NOPE,1\n" * 5
    # when
    file_import = run_import(stock, text)
    # then
    assert file_import.rejected_count == 5
    assert FileImportIssue.objects.filter(file_import=file_import).count() == 2


def test_export_then_import_reports_every_row_unchanged(stock, uploads):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    set_level(stock.account, stock.variants["SKU-2"], stock.warehouses["B"], 0)
    set_level(stock.account, stock.variants["SKU-3"], stock.warehouses["B"], 11)
    set_level(stock.account, stock.variants["SKU-3"], stock.warehouses["D"], 4)
    exported = "".join(inventory_levels_csv(actor=stock.actor, account=stock.account))
    before = snapshot()
    # when
    file_import = run_import(stock, exported)
    # then
    assert exported == "Warehouse,SKU,Quantity\r\nA,SKU-1,5\r\nB,SKU-2,0\r\nB,SKU-3,11\r\n"
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 0, 0, 3, 0)
    assert snapshot() == before


def test_export_of_one_warehouse_and_of_a_virtual_one(stock):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["B"], 6)
    # when
    only_b = "".join(
        inventory_levels_csv(actor=stock.actor, account=stock.account, warehouse_code="b")
    )
    virtual = "".join(
        inventory_levels_csv(actor=stock.actor, account=stock.account, warehouse_code="WH-V")
    )
    # then
    assert only_b == "Warehouse,SKU,Quantity\r\nB,SKU-1,6\r\n"
    assert virtual == "Warehouse,SKU,Quantity\r\nA,SKU-1,5\r\nB,SKU-1,6\r\n"


def test_export_of_an_unknown_warehouse_is_not_found(stock):
    # when / then
    with pytest.raises(NotFound, match="Unknown warehouse 'C'"):
        inventory_levels_csv(actor=stock.actor, account=stock.account, warehouse_code="C")


def test_the_template_is_the_header_row():
    # when / then
    assert inventory_template_csv() == "Warehouse,SKU,Quantity\r\n"
