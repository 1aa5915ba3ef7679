"""The grouped-rows writer through a made-up spec (the sales and purchase order files are tested
end to end in tests/orders and tests/purchasing): an order created once at its last line, across
batches and after an undo; the label of a skipped number; the service's error keys on their rows
and columns; a draft's ValueError on the first row; what stops the file and what rejects one
order; each app's column mapping; the order date."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from openoms.activity.grouped_rows import GroupedRows, GroupedRowsWriter, order_date_parse
from openoms.core.errors import NotFound, ValidationFailed
from openoms.orders.order_rows import OrderRowsWriter
from openoms.purchasing.po_rows import PurchaseRowsWriter

pytestmark = pytest.mark.django_db


class Book:
    """The fake app: the numbers it has, the drafts it was given, what its service raises."""

    def __init__(self, raises: Exception | None = None, draft_error: str = ""):
        self.numbers = {"OLD"}
        self.created: list[tuple[str, list[str]]] = []
        self.raises = raises
        self.draft_error = draft_error

    def spec(self) -> GroupedRows:
        return GroupedRows(
            label="Widget order",
            header_width=3,
            order_columns=["number", "name"],
            exists=lambda account, number: number in self.numbers,
            draft=self.draft,
            create=self.create,
            column_of=lambda key: {"title": "name"}.get(key, key),
        )

    def draft(self, rows, zone):
        if self.draft_error:
            raise ValueError(self.draft_error)
        return (rows[0][1][0].strip(), [fields[2] for _, fields in rows])

    def create(self, actor, account, draft):
        if self.raises:
            raise self.raises
        self.created.append(draft)


def writer(book: Book, last_lines: dict[str, int]) -> GroupedRowsWriter:
    kind = type("WidgetRowsWriter", (GroupedRowsWriter,), {"spec": book.spec()})
    return kind(actor=None, account=SimpleNamespace(timezone="UTC"), last_lines=last_lines)


def outcome(report) -> tuple[dict[str, int], list[tuple[int, str, str]]]:
    counts = {name: value for name, value in report.counts().items() if value}
    return counts, [(issue.line, issue.severity, issue.reason) for issue in report.issues]


def test_an_order_split_across_batches_is_created_once_at_its_last_line_and_undo_keeps_its_rows():
    book = Book()
    rows = writer(book, {"A": 4, "B": 3})
    first = rows.apply([(2, ["A", "x", "s1"]), (3, ["B", "y", "s2"])])
    assert outcome(first) == ({"created": 1}, [])
    assert book.created == [("B", ["s2"])]
    rows.apply([(4, ["A", "", "s3"])])
    rows.undo()  # the batch was rolled back: A's first row is pending again, not the second
    assert rows.pending == {"A": [(2, ["A", "x", "s1"])]}
    again = rows.apply([(4, ["A", "", "s3"])])
    assert outcome(again) == ({"created": 2}, [])
    assert book.created[-1] == ("A", ["s1", "s3"])


def test_missing_number_width_and_differing_order_fields_reject_rows_with_their_lines():
    book = Book()
    report = writer(book, {"A": 5}).apply(
        [(2, ["", "x", "s"]), (3, ["A", "x", "s1"]), (4, ["A", "z", "s2"]), (5, ["A", "x"])]
    )
    assert outcome(report) == (
        {"rejected": 4},
        [
            (2, "error", "The order number is required."),
            (
                3,
                "error",
                "Not imported: order A has errors on lines 4, 5.",
            ),
            (
                4,
                "error",
                "name: “z” differs from “x” on line 3, the order's first row (leave it empty "
                "or repeat it).",
            ),
            (5, "error", "The row has 2 columns; the header has 3."),
        ],
    )
    assert book.created == []


def test_an_existing_number_is_skipped_with_the_specs_label_on_each_row():
    report = writer(Book(), {}).apply([(2, ["OLD", "x", "s1"])])
    assert outcome(report) == (
        {"warning": 1},
        [(2, "warning", "Widget order OLD already exists; the row was skipped.")],
    )


def test_the_services_errors_go_to_their_rows_and_the_specs_columns():
    errors = {"lines.1.sku": "Unknown SKU.", "title": "Too long.", "lines.0.quantity": "Zero."}
    book = Book(raises=ValidationFailed(errors))
    report = writer(book, {"A": 4}).apply([(2, ["A", "x", "s1"]), (4, ["A", "", "s2"])])
    assert outcome(report) == (
        {"rejected": 2},
        [(2, "error", "name: Too long. quantity: Zero."), (4, "error", "sku: Unknown SKU.")],
    )


def test_a_drafts_value_error_is_the_first_rows_reason():
    report = writer(Book(draft_error="when: not a date."), {"A": 3}).apply(
        [(2, ["A", "x", "s1"]), (3, ["A", "", "s2"])]
    )
    assert outcome(report)[1] == [
        (2, "error", "when: not a date."),
        (3, "error", "Not imported: order A has errors on line 2."),
    ]


def test_not_found_stops_the_file_and_another_failure_rejects_the_order():
    with pytest.raises(NotFound):
        writer(Book(raises=NotFound("gone")), {}).apply([(2, ["A", "x", "s1"])])
    report = writer(Book(raises=RuntimeError("boom")), {}).apply([(2, ["A", "x", "s1"])])
    assert outcome(report) == (
        {"rejected": 1},
        [(2, "error", "The row could not be saved: boom")],
    )


def test_each_apps_spec_names_its_documents_and_maps_the_services_keys_to_its_columns():
    sales, purchases = OrderRowsWriter.spec, PurchaseRowsWriter.spec
    assert (sales.label, sales.header_width, len(sales.order_columns)) == ("Order", 21, 18)
    assert (purchases.label, purchases.header_width, len(purchases.order_columns)) == (
        "Purchase order",
        15,
        11,
    )
    assert sales.column_of("ship_to.city") == "ship_to_city"
    assert sales.column_of("currency") == "currency"
    assert purchases.column_of("source_text") == "source"
    assert purchases.column_of("supplier") == "supplier"


def test_the_order_date_is_read_in_the_accounts_timezone_without_an_offset():
    assert order_date_parse("  ", "America/Toronto") is None
    assert order_date_parse("2026-12-01", "America/Toronto") == datetime(2026, 12, 1, 5, tzinfo=UTC)
    assert order_date_parse("2026-12-01T14:30:00Z", "Nowhere/City") == datetime(
        2026, 12, 1, 14, 30, tzinfo=UTC
    )
    with pytest.raises(ValueError, match=r"^order_date: not a date; write a date"):
        order_date_parse("soon", "UTC")
    with pytest.raises(ValueError, match=r"^order_date: the year must be from 1970 to 9998\.$"):
        order_date_parse("1969-12-31", "UTC")
