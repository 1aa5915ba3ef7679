"""The streaming CSV reader and writer: encodings, line numbers, header checks, bad files."""

import io

import pytest

from openoms.core.csv_files import (
    CsvFileError,
    CsvReader,
    csv_chunks,
    csv_line,
    detect_encoding,
    header_problem,
    width_problem,
)


def read(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = CsvReader(io.BytesIO(data))
    return reader.header, list(reader)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"SKU\nabc\n", "utf-8-sig"),
        (b"\xef\xbb\xbfSKU\nCAF\xc3\x89\n", "utf-8-sig"),
        ("SKU\nCAFÉ \u2013 \u201cx\u201d\n".encode("cp1252"), "cp1252"),
        (b"SKU\nA\x81B\xe9\n", "latin-1"),
    ],
)
def test_the_encoding_is_detected(data, encoding):
    # when / then
    assert detect_encoding(io.BytesIO(data)) == encoding


def test_utf8_with_and_without_bom_and_windows_1252_read_the_same():
    # given
    text = "Name,SKU\r\nCafé crème,É-1\r\n"
    # when
    results = [
        read(data)
        for data in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("cp1252"))
    ]
    # then
    assert results == [(["Name", "SKU"], [(2, ["Café crème", "É-1"])])] * 3


def test_a_character_split_across_scan_blocks_is_still_utf8(monkeypatch):
    # given: "é" (2 bytes) straddles the 8-byte scan blocks
    from openoms.core import csv_files

    monkeypatch.setattr(csv_files, "SCAN_BLOCK", 8)
    data = "SKU\nABCDEFé\n".encode()
    # when / then
    assert detect_encoding(io.BytesIO(data)) == "utf-8-sig"


def test_line_numbers_are_where_each_record_starts():
    # given: a quoted field spanning lines, blank lines and a row of empty fields
    data = b'A,B\r\n1,"two\r\nlines"\r\n\r\n,\r\n3,"say ""hi"", ok"\n4,x'
    # when
    header, records = read(data)
    # then
    assert header == ["A", "B"]
    assert records == [(2, ["1", "two\r\nlines"]), (6, ["3", 'say "hi", ok']), (7, ["4", "x"])]


def test_bytes_read_reaches_the_file_size():
    # given
    data = b"A\n" + b"x\n" * 100_000
    reader = CsvReader(io.BytesIO(data))
    # when
    count = sum(1 for _ in reader)
    # then
    assert (count, reader.bytes_read) == (100_000, len(data))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n , \n", "The file is empty."),
        (
            b"A\x00B",
            "The file contains binary data, so it is not a CSV text file. Save it from your "
            "spreadsheet as CSV and import it again.",
        ),
        (
            b"\xef\xbb\xbfA\nok\nCAF\xc9\n",
            "The file starts with a UTF-8 byte-order mark, but line 3 is not UTF-8 (it looks "
            "like Latin-1 or Windows-1252 text). Save the file as “CSV UTF-8” and import it "
            "again.",
        ),
        (
            b'A\n"' + b"x" * 200_000,
            "Line 2: a field is longer than 131,072 characters (is a quote opened and never "
            "closed?).",
        ),
    ],
)
def test_unreadable_files_raise_a_clear_error(data, message):
    # when / then
    with pytest.raises(CsvFileError) as failed:
        read(data)
    assert failed.value.message == message


@pytest.mark.parametrize(
    ("found", "problem"),
    [
        (["Warehouse", "SKU", "Quantity"], None),
        (
            ["Warehouse", "Sku", "Quantity"],
            "The header row must be “Warehouse, SKU, Quantity”: column 2 is “Sku” but should be "
            "“SKU”.",
        ),
        (
            ["Warehouse", "SKU", "Quantity", ""],
            "The header row must be “Warehouse, SKU, Quantity”: unexpected: an empty column name.",
        ),
        (
            ["SKU", "SKU", "Quantity"],
            "The header row must be “Warehouse, SKU, Quantity”: missing: “Warehouse”.",
        ),
    ],
)
def test_header_problems_name_the_columns(found, problem):
    # when / then
    assert header_problem(found, ["Warehouse", "SKU", "Quantity"]) == problem


def test_width_problem():
    # when / then
    assert width_problem(["a", "b"], 2) is None
    assert width_problem(["a"], 3) == "The row has 1 column; the header has 3."


def test_written_csv_reads_back_identically():
    # given
    rows = [["a,b", 'say "x"', "multi\nline"], ["É", "", 3]]
    # when
    text = "".join(csv_chunks(["H1", "H2", "H3"], rows, batch=1))
    header, records = read(text.encode())
    # then
    assert csv_line(["H1", "H2", "H3"]) == "H1,H2,H3\r\n"
    assert header == ["H1", "H2", "H3"]
    assert [fields for _, fields in records] == [["a,b", 'say "x"', "multi\nline"], ["É", "", "3"]]
