"""Rows of ``SO_Import_Orders.csv`` into sales orders: ``OrderRowsWriter``, the file's
``BatchWriter``.

One row per order line; the order's fields (``ORDER_COLUMNS``) are repeated on each of its rows
(a later row may leave them empty; one that gives another value is a bad row). The rows of one
order number are one order, wherever they are in the file: the writer is told each order's last
line (``order_last_lines``, one pass over the file before the run) and creates the order when it
reaches it, so an order split across batches is still one order. Each order goes through
``sales_order_create`` (source *File import*, Draft) in its own savepoint: an order with any bad
row is rejected whole (each bad row with its line and reason, its other rows "not imported with
it"), nothing of it stored; the other orders are created. An order number the account has
already is skipped with a warning on each of its rows (running a file again is safe).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import InterfaceError, OperationalError, transaction
from django.utils.dateparse import parse_date, parse_datetime

from openoms.activity.import_kinds import BatchReport, Record, rejection, warning, writer_failure
from openoms.core.csv_files import CsvReader, width_problem
from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import OrderSource, SalesOrder
from openoms.orders.services.orders import sales_order_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

ORDER_COLUMNS = [
    "order_number",
    "order_date",
    "warehouse",
    "carrier",
    "service",
    "customer_name",
    "email",
    "phone",
    "ship_to_name",
    "ship_to_company",
    "ship_to_address1",
    "ship_to_address2",
    "ship_to_city",
    "ship_to_region",
    "ship_to_postal_code",
    "ship_to_country",
    "currency",
    "reference_number",
]
LINE_COLUMNS = ["sku", "quantity", "price"]
ORDER_HEADER = ORDER_COLUMNS + LINE_COLUMNS
SHIP_TO = "ship_to_"
MIN_YEAR, MAX_YEAR = 1970, 9998
DATE_HELP = "a date (2026-12-01) or a date and time (2026-12-01T14:30:00Z)"
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


def order_date_parse(text: str, zone: str) -> datetime | None:
    """An order date from the file: ISO 8601 date or date-time; without an offset it is read in
    the account's timezone. ``ValueError`` (for a person) when it is not one."""
    text = text.strip()
    try:
        found = parse_datetime(text)
        if found is None:
            day = parse_date(text)
            found = datetime.combine(day, time()) if day else None
    except ValueError:
        found = None
    if found is None:
        raise ValueError(f"order_date: not a date; write {DATE_HELP}.")
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise ValueError(f"order_date: the year must be from {MIN_YEAR} to {MAX_YEAR}.")
    if found.tzinfo is None:
        found = found.replace(tzinfo=_zone(zone))
    return found.astimezone(UTC)


def _zone(name: str):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _column_of(error_key: str) -> str:
    """The file's column a service error key is about (``ship_to.city`` → ``ship_to_city``)."""
    if error_key.startswith("ship_to."):
        return SHIP_TO + error_key.split(".", 1)[1]
    return error_key


@dataclass
class OrderRowsWriter:
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
        if SalesOrder.objects.filter(account=self.account, order_number=number).exists():
            return _skipped(number, rows)
        try:
            draft = _draft(rows, self.account.timezone)
        except ValueError as exc:
            return _rejected(number, rows, {rows[0][0]: str(exc)})
        try:
            with transaction.atomic():
                sales_order_create(
                    actor=self.actor, account=self.account, draft=draft, source=OrderSource.FILE
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
        width = width_problem(fields, len(ORDER_HEADER))
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


def _draft(rows: list[Record], zone: str) -> OrderDraft:
    first = dict(zip(ORDER_HEADER, (value.strip() for value in rows[0][1]), strict=True))
    lines = [
        LineDraft(sku=fields[-3].strip(), quantity=fields[-2].strip(), price=fields[-1].strip())
        for _, fields in rows
    ]
    ship_to = {
        name.removeprefix(SHIP_TO): first[name]
        for name in ORDER_COLUMNS
        if name.startswith(SHIP_TO) and first[name]
    }
    return OrderDraft(
        order_number=first["order_number"],
        lines=lines,
        ship_to=ship_to,
        warehouse=first["warehouse"],
        carrier=first["carrier"],
        service=first["service"],
        customer_name=first["customer_name"],
        email=first["email"],
        phone=first["phone"],
        order_date=order_date_parse(first["order_date"], zone) if first["order_date"] else None,
        currency=first["currency"],
        reference_number=first["reference_number"],
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
            line, column = rows[0][0], _column_of(key)
        problems.setdefault(line, []).append(f"{column}: {reason}")
    return {line: " ".join(reasons) for line, reasons in problems.items()}


def _rejected(number: str, rows: list[Record], problems: dict[int, str]) -> BatchReport:
    """Every row of the order rejected: the bad ones with their reason, the others with it."""
    report = BatchReport(rejected=len(rows))
    lines = sorted(problems)
    bad = ("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines))
    for line, fields in rows:
        reason = problems.get(line) or (f"Not imported: order {number[:100]} has errors on {bad}.")
        report.issues.append(rejection(line, reason, fields))
    return report


def _skipped(number: str, rows: list[Record]) -> BatchReport:
    reason = f"Order {number[:100]} already exists; the row was skipped."
    report = BatchReport(warning=len(rows))
    report.issues.extend(warning(line, reason, fields) for line, fields in rows)
    return report
