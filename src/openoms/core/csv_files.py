"""Reading and writing the canonical CSV files, streamed: never a whole file in memory.

Reading: the encoding is found by one fast pass over the bytes (UTF-8 with or without a byte-order
mark, else Windows-1252/Latin-1, the usual "CSV" of a spreadsheet), then records are yielded as
``(line, fields)`` where ``line`` is the physical line the record starts on (the header is line 1),
so a person can find it in the file. What makes the whole file unreadable raises ``CsvFileError``;
what is wrong with one record is for the importer to report against that line.

Formulas: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (CSV injection). ``csv_chunks`` (every export) writes such a text cell with a
single quote in front, which spreadsheets read as "this is text" and hide; a cell that already
starts with a quote gets one more. ``CsvReader`` (every import) removes exactly that quote again,
so an export imports back exactly. A cell that is a plain number (``-3``, ``-2.50``) is not a
formula and is written as it is, so numeric columns stay numbers.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

SCAN_BLOCK = 1 << 20
READ_BUFFER = 1 << 16
FIELD_LIMIT = 131_072
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
_ESCAPED_STARTS = (*FORMULA_STARTS, TEXT_MARK)
_ESCAPED_FIRST = frozenset(_ESCAPED_STARTS)
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


class CsvFileError(Exception):
    """The whole file cannot be read; the message says why, for a person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def detect_encoding(binary: BinaryIO) -> str:
    """``utf-8-sig`` (BOM or not), else ``cp1252``, else ``latin-1``; one pass over the bytes.

    Refuses empty and binary files (NUL bytes, UTF-16), and a file that starts with a UTF-8
    byte-order mark but is not UTF-8 (a Latin-1 file someone prefixed with a BOM): guessing there
    would silently import wrong names.
    """
    binary.seek(0)
    head = binary.read(4)
    if not head:
        raise CsvFileError("The file is empty.")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvFileError(
            "The file is saved as UTF-16 (Unicode text). Save it as “CSV UTF-8” and import it again."
        )
    binary.seek(0)
    bad_line, cp1252_ok = _scan(binary)
    binary.seek(0)
    if bad_line is None:
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF8):
        raise CsvFileError(
            "The file starts with a UTF-8 byte-order mark, but line "
            f"{bad_line} is not UTF-8 (it looks like Latin-1 or Windows-1252 text). "
            "Save the file as “CSV UTF-8” and import it again."
        )
    return "cp1252" if cp1252_ok else "latin-1"


def _scan(binary: BinaryIO) -> tuple[int | None, bool]:
    """(first line that is not UTF-8 or None, whether every byte is defined in Windows-1252)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines, bad_line, cp1252_ok = 0, None, True
    while block := binary.read(SCAN_BLOCK):
        if b"\x00" in block:
            raise CsvFileError(
                "The file contains binary data, so it is not a CSV text file. "
                "Save it from your spreadsheet as CSV and import it again."
            )
        if bad_line is None:
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                bad_line = newlines + block.count(b"\n", 0, exc.start) + 1
        cp1252_ok = cp1252_ok and not _CP1252_HOLES.search(block)
        newlines += block.count(b"\n")
    if bad_line is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_line = newlines + 1
    return bad_line, cp1252_ok


class _CountingReader(io.RawIOBase):
    """A raw stream over ``binary`` that counts the bytes handed out (progress of an import)."""

    def __init__(self, binary: BinaryIO):
        self._binary = binary
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._binary.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        return size


class CsvReader:
    """The records of a CSV file after its header: iterate for ``(line, fields)``.

    Blank records (no field has text) are skipped. ``bytes_read`` tells how far the reader is
    (within its read-ahead buffer), for a progress bar.
    """

    def __init__(self, binary: BinaryIO, *, encoding: str | None = None):
        self.encoding = encoding or detect_encoding(binary)
        binary.seek(0)
        self._counter = _CountingReader(binary)
        text = io.TextIOWrapper(
            io.BufferedReader(self._counter, READ_BUFFER), encoding=self.encoding, newline=""
        )
        self._records = csv.reader(text)
        first = next(iter(self), None)
        if first is None:
            raise CsvFileError("The file is empty.")
        self.header = [name.strip() for name in first[1]]

    @property
    def bytes_read(self) -> int:
        return self._counter.count

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        records = self._records
        while True:
            line = records.line_num + 1
            try:
                fields = next(records)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_error(line, exc) from exc
            joined = "".join(fields)
            if joined.strip():
                if TEXT_MARK in joined:
                    fields = [formula_unescaped(field) for field in fields]
                yield line, fields


def _csv_error(line: int, exc: csv.Error) -> CsvFileError:
    if "field limit" in str(exc):
        return CsvFileError(
            f"Line {line}: a field is longer than {FIELD_LIMIT:,} characters "
            "(is a quote opened and never closed?)."
        )
    return CsvFileError(f"Line {line}: this is not valid CSV ({exc}).")


def header_problem(found: Sequence[str], expected: Sequence[str]) -> str | None:
    """Why ``found`` (trimmed header names) is not exactly ``expected``, or None when it is."""
    if list(found) == list(expected):
        return None
    misnamed = [
        (position, name, wanted)
        for position, (name, wanted) in enumerate(zip(found, expected, strict=False), start=1)
        if name != wanted and name not in expected and wanted not in found
    ]
    renamed_from = {name for _, name, _ in misnamed}
    renamed_to = {wanted for _, _, wanted in misnamed}
    missing = [name for name in expected if name not in found and name not in renamed_to]
    extra = [name for name in found if name not in expected and name not in renamed_from]
    parts = [
        f"column {position} is {_shown(name)} but should be {_shown(wanted)}"
        for position, name, wanted in misnamed
    ]
    if missing:
        parts.append("missing: " + ", ".join(_shown(name) for name in missing))
    if extra:
        parts.append("unexpected: " + ", ".join(_shown(name) for name in extra))
    if not parts:
        parts.append("the columns are not in this order, or one is repeated")
    return f"The header row must be “{', '.join(expected)}”: " + "; ".join(parts) + "."


def _shown(name: str) -> str:
    return f"“{name}”" if name else "an empty column name"


def width_problem(fields: Sequence[str], width: int) -> str | None:
    """Why a record does not have the header's number of columns, or None."""
    if len(fields) == width:
        return None
    count = len(fields)
    return f"The row has {count} column{'' if count == 1 else 's'}; the header has {width}."


def formula_escaped(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (or one starting with a quote), quoted.

    ``"=SUM(A1)"`` → ``"'=SUM(A1)"``, ``"'x"`` → ``"''x"``; plain numbers and other values as is.
    """
    if (
        isinstance(value, str)
        and value[:1] in _ESCAPED_FIRST
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return TEXT_MARK + value
    return value


def _escaped_row(row: Sequence[object]) -> Sequence[object]:
    """``row`` itself when no cell needs a quote (the usual case: no list is built), else a copy
    with ``formula_escaped`` cells: an export writes millions of them."""
    for value in row:
        if isinstance(value, str) and value[:1] in _ESCAPED_FIRST:
            return [formula_escaped(cell) for cell in row]
    return row


def formula_unescaped(field: str) -> str:
    """The cell ``formula_escaped`` wrote, back: one leading quote goes when it guarded a formula
    start or another quote; any other text (``'quoted``) is kept as it is."""
    if field[:1] == TEXT_MARK and field[1:].startswith(_ESCAPED_STARTS):
        return field[1:]
    return field


def csv_line(values: Iterable[object]) -> str:
    """One CSV record (RFC 4180 quoting, CRLF), e.g. a template's header row."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, batch: int = 1000
) -> Iterator[str]:
    """The header then the rows, as text chunks of ``batch`` records, for a streamed download.

    Every cell goes through ``formula_escaped``: no exported cell runs as a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(_escaped_row(row))
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
