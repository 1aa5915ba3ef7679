"""Files of one row per document line, grouped by the document number in the first column: the
``BatchWriter`` shared by ``SO_Import_Orders.csv`` (sales orders) and ``PO_Import_Orders.csv``
(purchase orders).

The document's fields (``GroupedRows.order_columns``) are repeated on each of its rows (a later
row may leave them empty; one that gives another value is a bad row). The rows of one number are
one document, wherever they are in the file: the writer is told each number's last line
(``order_last_lines``, one pass over the file before the run) and creates the document when it
reaches it, so a document split across batches is still one. Each goes through the owning app's
create service in its own savepoint: a document with any bad row is rejected whole (each bad row
with its line and reason, its other rows "not imported with it"), nothing of it stored; the others
are created. A number the account has already is skipped with a warning on each of its rows
(running a file again is safe).

What differs between the files is the owning app's ``GroupedRows``: its label, header width and
document columns, how a number is found, how rows become its draft and how the draft is created,
and which column a service error key names. Activity is below the apps, so they hand it in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import ClassVar, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import InterfaceError, OperationalError, transaction
from django.utils.dateparse import parse_date, parse_datetime

from openoms.activity.import_kinds import BatchReport, Record, rejection, warning, writer_failure
from openoms.core.csv_files import CsvReader, width_problem
from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

Draft = TypeVar("Draft")
MIN_YEAR, MAX_YEAR = 1970, 9998
DATE_HELP = "a date (2026-12-01) or a date and time (2026-12-01T14:30:00Z)"
# What stops the whole file (the runner's file-level errors) or the database: never one order's.
NOT_ONE_ORDER = (PermissionDenied, NotFound, OperationalError, InterfaceError)


def same_column(error_key: str) -> str:
    """A service error key that is already the file's column name."""
    return error_key


@dataclass(frozen=True)
class GroupedRows(Generic[Draft]):
    """What one kind of grouped file is, as the owning app declares it.

    ``draft`` turns an order's rows (checked for width and repeated fields) into the service's
    draft, in the account's timezone, raising ``ValueError`` with a message for a person;
    ``create`` stores it (source *File import*) or raises ``ValidationFailed``."""

    label: str  # "Order", "Purchase order": the skipped rows' warning
    header_width: int
    order_columns: list[str]  # the first columns of the header, repeated on each row
    exists: Callable[[Account, str], bool]
    draft: Callable[[list[Record], str], Draft]
    create: Callable[[Actor, Account, Draft], object]
    column_of: Callable[[str], str] = same_column  # a service error key → the file's column


def order_key(fields: list[str]) -> str:
    """The order number a row belongs to (trimmed), "" when it has none."""
    return fields[0].strip() if fields else ""


def order_last_lines(path: str) -> dict[str, int]:
    """Each order number of the stored file → the line of its last row (one streamed pass)."""
    last: dict[str, int] = {}
    with open(path, "rb") as binary:
        for line, fields in CsvReader(binary):
            key = order_key(fields)
            if key:
                last[key] = line
    return last


def _zone(name: str):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def year_check(column: str, found: date) -> None:
    """``ValueError`` (for a person) when a date of ``column`` is out of the stored range."""
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise ValueError(f"{column}: the year must be from {MIN_YEAR} to {MAX_YEAR}.")


def order_date_parse(text: str, zone: str) -> datetime | None:
    """An order date from the file (ISO 8601 date or date-time; without an offset, in the
    account's timezone); None when empty. ``ValueError`` (for a person) when it is not one."""
    text = text.strip()
    if not text:
        return None
    try:
        found = parse_datetime(text)
        if found is None:
            day = parse_date(text)
            found = datetime.combine(day, time()) if day else None
    except ValueError:
        found = None
    if found is None:
        raise ValueError(f"order_date: not a date; write {DATE_HELP}.")
    year_check("order_date", found)
    if found.tzinfo is None:
        found = found.replace(tzinfo=_zone(zone))
    return found.astimezone(UTC)


@dataclass
class GroupedRowsWriter:
    """Collects each order's rows and creates the order at its last line (see the module); a
    subclass names its file's ``spec``.

    ``pending`` holds the rows of orders not complete yet; ``undo`` puts back what it held
    before the last ``apply`` (whose transaction was rolled back)."""

    spec: ClassVar[GroupedRows]
    actor: Actor
    account: Account
    last_lines: dict[str, int]
    pending: dict[str, list[Record]] = field(default_factory=dict)
    _before: dict[str, list[Record]] = field(default_factory=dict)

    def apply(self, records: list[Record]) -> BatchReport:
        self._before = {key: list(rows) for key, rows in self.pending.items()}
        report = BatchReport()
        for line, fields in records:
            key = order_key(fields)
            if not key:
                report.rejected += 1
                report.issues.append(rejection(line, "The order number is required.", fields))
                continue
            rows = self.pending.setdefault(key, [])
            rows.append((line, fields))
            if line >= self.last_lines.get(key, line):
                del self.pending[key]
                report.add(self._order(key, rows))
        report.issues.sort(key=lambda issue: issue.line)
        return report

    def undo(self) -> None:
        self.pending = self._before

    def _order(self, number: str, rows: list[Record]) -> BatchReport:
        spec = self.spec
        problems = _row_problems(spec, rows)
        if problems:
            return _rejected(number, rows, problems)
        if spec.exists(self.account, number):
            return _skipped(spec, number, rows)
        try:
            draft = spec.draft(rows, self.account.timezone)
        except ValueError as exc:
            return _rejected(number, rows, {rows[0][0]: str(exc)})
        try:
            with transaction.atomic():
                spec.create(self.actor, self.account, draft)
        except ValidationFailed as exc:
            return _rejected(number, rows, _service_problems(spec, rows, exc.errors))
        except NOT_ONE_ORDER:
            raise
        except Exception as exc:  # a conflict with a change saved meanwhile, …
            return _rejected(number, rows, {rows[0][0]: writer_failure(exc)})
        return BatchReport(created=len(rows))


def _row_problems(spec: GroupedRows, rows: list[Record]) -> dict[int, str]:
    """Rows of the wrong width, and rows whose order fields differ from the first row's."""
    problems: dict[int, str] = {}
    first_line, first = rows[0]
    for line, fields in rows:
        width = width_problem(fields, spec.header_width)
        if width:
            problems[line] = width
    if first_line in problems:
        return problems
    for line, fields in rows[1:]:
        if line in problems:
            continue
        for index, name in enumerate(spec.order_columns):
            value = fields[index].strip()
            if value and value != first[index].strip():
                problems[line] = (
                    f"{name}: “{value[:60]}” differs from “{first[index].strip()[:60]}” on line "
                    f"{first_line}, the order's first row (leave it empty or repeat it)."
                )
                break
    return problems


def _service_problems(
    spec: GroupedRows, rows: list[Record], errors: dict[str, str]
) -> dict[int, str]:
    """The service's errors on the rows: ``lines.<i>.<column>`` on the order's i-th row, the
    order's own fields on its first row."""
    problems: dict[int, list[str]] = {}
    for key, reason in errors.items():
        parts = key.split(".")
        if parts[0] == "lines" and len(parts) == 3 and parts[1].isdigit():
            line, column = rows[int(parts[1])][0], parts[2]
        else:
            line, column = rows[0][0], spec.column_of(key)
        problems.setdefault(line, []).append(f"{column}: {reason}")
    return {line: " ".join(reasons) for line, reasons in problems.items()}


def _rejected(number: str, rows: list[Record], problems: dict[int, str]) -> BatchReport:
    """Every row of the order rejected: the bad ones with their reason, the others with it."""
    report = BatchReport(rejected=len(rows))
    lines = sorted(problems)
    bad = ("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines))
    for line, fields in rows:
        reason = problems.get(line) or f"Not imported: order {number[:100]} has errors on {bad}."
        report.issues.append(rejection(line, reason, fields))
    return report


def _skipped(spec: GroupedRows, number: str, rows: list[Record]) -> BatchReport:
    reason = f"{spec.label} {number[:100]} already exists; the row was skipped."
    report = BatchReport(warning=len(rows))
    report.issues.extend(warning(line, reason, fields) for line, fields in rows)
    return report
