"""Rows of ``PO_Import_Orders.csv`` into purchase orders: ``PurchaseRowsWriter``, the file's
``BatchWriter``.

One row per order line; the order's fields (``ORDER_COLUMNS``) are repeated on each of its rows
(a later row may leave them empty; one that gives another value is a bad row). The rows of one
order number are one order, wherever they are in the file: the writer is told each order's last
line (``order_last_lines``, one pass over the file before the run) and creates the order when it
reaches it, so an order split across batches is still one order. Each order goes through
``purchase_order_create`` (source *File import*, Draft) in its own savepoint: an order with any
bad row is rejected whole (each bad row with its line and reason, its other rows "not imported
with it"), nothing of it stored; the other orders are created. An order number the account has
already is skipped with a warning on each of its rows (running a file again is safe).

The rules are the service's; this module only reads the file: widths, repeated order fields and
the dates (``order_date`` in the account's timezone when it has no offset).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import InterfaceError, OperationalError, transaction
from django.utils.dateparse import parse_date, parse_datetime

from openoms.activity.import_kinds import BatchReport, Record, rejection, warning, writer_failure
from openoms.core.csv_files import CsvReader, width_problem
from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderSource
from openoms.purchasing.services.purchase_orders import purchase_order_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

ORDER_COLUMNS = [
    "order_number",
    "order_date",
    "warehouse",
    "supplier",
    "reference_number",
    "purchase_order_number",
    "source",
    "cancel_after",
    "requested_ship_date",
    "carrier",
    "service",
]
LINE_COLUMNS = ["sku", "quantity", "lot_number", "serial_number"]
PO_HEADER = ORDER_COLUMNS + LINE_COLUMNS
MIN_YEAR, MAX_YEAR = 1970, 9998
DATE_HELP = "a date (2026-12-01) or a date and time (2026-12-01T14:30:00Z)"
# The service's error keys that name another column of the file.
COLUMN_OF_KEY = {"source_text": "source"}
# What stops the whole file (the runner's file-level errors) or the database: never one order's.
NOT_ONE_ORDER = (PermissionDenied, NotFound, OperationalError, InterfaceError)


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


def _in_range(column: str, found: date) -> None:
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
    _in_range("order_date", found)
    if found.tzinfo is None:
        found = found.replace(tzinfo=_zone(zone))
    return found.astimezone(UTC)


def day_parse(column: str, text: str) -> date | None:
    """A date column (``cancel_after``, ``requested_ship_date``); None when empty."""
    text = text.strip()
    if not text:
        return None
    try:
        found = parse_date(text)
    except ValueError:
        found = None
    if found is None:
        raise ValueError(f"{column}: not a date; write one such as 2026-12-31.")
    _in_range(column, found)
    return found


@dataclass
class PurchaseRowsWriter:
    """Collects each order's rows and creates the order at its last line (see the module).

    ``pending`` holds the rows of orders not complete yet; ``undo`` puts back what it held
    before the last ``apply`` (whose transaction was rolled back)."""

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
        problems = _row_problems(rows)
        if problems:
            return _rejected(number, rows, problems)
        if PurchaseOrder.objects.filter(account=self.account, order_number=number).exists():
            return _skipped(number, rows)
        try:
            draft = _draft(rows, self.account.timezone)
        except ValueError as exc:
            return _rejected(number, rows, {rows[0][0]: str(exc)})
        try:
            with transaction.atomic():
                purchase_order_create(
                    actor=self.actor,
                    account=self.account,
                    draft=draft,
                    source=PurchaseOrderSource.FILE,
                )
        except ValidationFailed as exc:
            return _rejected(number, rows, _service_problems(rows, exc.errors))
        except NOT_ONE_ORDER:
            raise
        except Exception as exc:  # a conflict with a change saved meanwhile, …
            return _rejected(number, rows, {rows[0][0]: writer_failure(exc)})
        return BatchReport(created=len(rows))


def _row_problems(rows: list[Record]) -> dict[int, str]:
    """Rows of the wrong width, and rows whose order fields differ from the first row's."""
    problems: dict[int, str] = {}
    first_line, first = rows[0]
    for line, fields in rows:
        width = width_problem(fields, len(PO_HEADER))
        if width:
            problems[line] = width
    if first_line in problems:
        return problems
    for line, fields in rows[1:]:
        if line in problems:
            continue
        for index, name in enumerate(ORDER_COLUMNS):
            value = fields[index].strip()
            if value and value != first[index].strip():
                problems[line] = (
                    f"{name}: “{value[:60]}” differs from “{first[index].strip()[:60]}” on line "
                    f"{first_line}, the order's first row (leave it empty or repeat it)."
                )
                break
    return problems


def _draft(rows: list[Record], zone: str) -> PurchaseOrderDraft:
    first = dict(zip(PO_HEADER, (value.strip() for value in rows[0][1]), strict=True))
    lines = []
    for _, fields in rows:
        line = dict(zip(PO_HEADER, (value.strip() for value in fields), strict=True))
        lines.append(
            PurchaseLineDraft(
                sku=line["sku"],
                quantity=line["quantity"],
                lot_number=line["lot_number"],
                serial_number=line["serial_number"],
            )
        )
    return PurchaseOrderDraft(
        order_number=first["order_number"],
        warehouse=first["warehouse"],
        lines=lines,
        supplier=first["supplier"],
        reference_number=first["reference_number"],
        purchase_order_number=first["purchase_order_number"],
        source_text=first["source"],
        carrier=first["carrier"],
        service=first["service"],
        order_date=order_date_parse(first["order_date"], zone),
        cancel_after=day_parse("cancel_after", first["cancel_after"]),
        requested_ship_date=day_parse("requested_ship_date", first["requested_ship_date"]),
    )


def _service_problems(rows: list[Record], errors: dict[str, str]) -> dict[int, str]:
    """The service's errors on the rows: ``lines.<i>.<column>`` on the order's i-th row, the
    order's own fields on its first row."""
    problems: dict[int, list[str]] = {}
    for key, reason in errors.items():
        parts = key.split(".")
        if parts[0] == "lines" and len(parts) == 3 and parts[1].isdigit():
            line, column = rows[int(parts[1])][0], parts[2]
        else:
            line, column = rows[0][0], COLUMN_OF_KEY.get(key, key)
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


def _skipped(number: str, rows: list[Record]) -> BatchReport:
    reason = f"Purchase order {number[:100]} already exists; the row was skipped."
    report = BatchReport(warning=len(rows))
    report.issues.extend(warning(line, reason, fields) for line, fields in rows)
    return report
