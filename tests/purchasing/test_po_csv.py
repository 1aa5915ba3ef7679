"""PO_Import_Orders.csv: one row per line, grouped by order number; an order with a bad row is
rejected whole (each bad row with its line and reason), the others created Draft; batches and
scattered rows; the order's dates; running a file again; the export in the same columns."""

from __future__ import annotations

import csv
import io

import pytest

from openoms.activity.import_runner import file_import_run
from openoms.core.errors import ValidationFailed
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine
from openoms.purchasing.po_csv import (
    PO_FILE,
    purchase_orders_csv,
    purchase_orders_import_start,
    purchase_orders_template_csv,
)
from openoms.purchasing.po_rows import PO_HEADER
from openoms.purchasing.selectors import PurchaseOrderFilters
from tests.file_imports import upload as file_upload
from tests.file_imports import uploads  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads")]

HEADER = ",".join(PO_HEADER)


def row(number: str, sku: str = "TEE", quantity: str = "1", **over) -> str:
    values = dict.fromkeys(PO_HEADER, "") | {
        "order_number": number,
        "order_date": "2026-12-01T10:00:00Z",
        "warehouse": "A",
        "supplier": "Acme Textiles",
        "carrier": "UPS",
        "service": "GND",
        "sku": sku,
        "quantity": quantity,
    }
    return ",".join((values | over)[name] for name in PO_HEADER)


def run(buyer, *rows: str):
    text = "\n".join([HEADER, *rows]) + "\n"
    started = purchase_orders_import_start(
        actor=buyer.actor, account=buyer.account, upload=file_upload(text, PO_FILE)
    )
    return file_import_run(started.pk)


def counts(file_import) -> dict[str, int]:
    names = ("created", "rejected", "warning")
    return {name: getattr(file_import, f"{name}_count") for name in names}


def issues(file_import) -> list[tuple[int, str, str]]:
    return list(file_import.issues.order_by("line").values_list("line", "severity", "reason"))


def stored(account) -> dict[str, list[tuple[str, int]]]:
    lines = PurchaseOrderLine.objects.filter(order__account=account).order_by("line_number")
    found: dict[str, list[tuple[str, int]]] = {}
    for line in lines.select_related("order"):
        found.setdefault(line.order.order_number, []).append((line.sku, line.quantity))
    return found


def test_bad_rows_reject_their_orders_whole_and_the_others_are_created(buyer):
    # given: PO-1 good (lines 2, 3); PO-2 an unknown SKU on line 5; PO-3 a column short
    # (line 6); PO-4 an order-level problem (a virtual warehouse) reported on its first row
    short = row("PO-3")
    rows = [
        row("PO-1"),
        row("PO-1", "MUG", "4"),
        row("PO-2"),
        row("PO-2", "GHOST"),
        short[: short.rindex(",")],
        row("PO-4", warehouse="V"),
        row("PO-4", "MUG", warehouse="V"),
        row(""),
    ]

    # when
    done = run(buyer, *rows)

    # then
    assert counts(done) == {"created": 2, "rejected": 6, "warning": 0}
    assert issues(done) == [
        (4, "error", "Not imported: order PO-2 has errors on line 5."),
        (5, "error", "sku: Unknown SKU GHOST: create it in the catalog first."),
        (6, "error", "The row has 14 columns; the header has 15."),
        (
            7,
            "error",
            "warehouse: Warehouse V is virtual: purchase orders are received at physical "
            "warehouses.",
        ),
        (8, "error", "Not imported: order PO-4 has errors on line 7."),
        (9, "error", "The order number is required."),
    ]
    assert stored(buyer.account) == {"PO-1": [("TEE", 1), ("MUG", 4)]}
    order = PurchaseOrder.objects.get()
    assert (order.status, order.source, order.supplier) == ("draft", "file", "Acme Textiles")


def test_an_order_split_across_batches_and_scattered_rows_is_one_order(buyer, settings):
    # given batches of 2 rows; PO-7 on lines 2, 4 and 6
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    rows = [row("PO-7", "TEE"), row("PO-8", "MUG"), row("PO-7", "MUG", "3"), row("PO-9")]
    rows.append(row("PO-7", "TEE", "2", lot_number="L-2"))

    # when
    done = run(buyer, *rows)

    # then
    assert counts(done)["created"] == 5
    assert issues(done) == []
    assert stored(buyer.account) == {
        "PO-7": [("TEE", 1), ("MUG", 3), ("TEE", 2)],
        "PO-8": [("MUG", 1)],
        "PO-9": [("TEE", 1)],
    }


def test_the_orders_fields_and_dates(buyer):
    # given
    buyer.account.timezone = "America/Toronto"
    buyer.account.save()
    fields = {
        "reference_number": "REF-1",
        "purchase_order_number": "ERP-1",
        "source": "Spring restock",
        "cancel_after": "2027-01-31",
        "requested_ship_date": "2026-12-15",
    }

    # when
    run(
        buyer,
        row("PO-1", order_date="2026-12-01 09:00", **fields),
        row("PO-2", order_date="2026-12-02"),
        row("PO-3", requested_ship_date="15/12/2026"),
    )

    # then
    first, second = PurchaseOrder.objects.order_by("order_number")
    assert first.order_date.isoformat() == "2026-12-01T14:00:00+00:00"
    assert second.order_date.isoformat() == "2026-12-02T05:00:00+00:00"
    assert (first.reference_number, first.purchase_order_number, first.source_text) == (
        "REF-1",
        "ERP-1",
        "Spring restock",
    )
    assert (str(first.cancel_after), str(first.requested_ship_date)) == ("2027-01-31", "2026-12-15")
    assert not PurchaseOrder.objects.filter(order_number="PO-3").exists()


def test_running_the_file_again_skips_the_orders_with_a_warning(buyer):
    # given
    run(buyer, row("PO-1"), row("PO-1", "MUG"))

    # when
    again = run(buyer, row("PO-1"), row("PO-1", "MUG"), row("PO-2"))

    # then
    assert counts(again) == {"created": 1, "rejected": 0, "warning": 2}
    reason = "Purchase order PO-1 already exists; the row was skipped."
    assert issues(again) == [(2, "warning", reason), (3, "warning", reason)]
    assert PurchaseOrderLine.objects.count() == 3


def test_a_wrong_header_is_refused_at_once_and_nothing_kept(buyer):
    # when
    with pytest.raises(ValidationFailed) as refused:
        purchase_orders_import_start(
            actor=buyer.actor,
            account=buyer.account,
            upload=file_upload("order_number,sku,quantity\nPO-1,TEE,1\n", PO_FILE),
        )

    # then
    assert list(refused.value.errors) == ["file"]
    assert not PurchaseOrder.objects.exists()


def test_the_export_is_the_import_format_and_imports_back(buyer):
    # given
    rows = [
        row("PO-1", lot_number="L-1"),
        row("PO-1", "MUG", "1", serial_number="SN-1"),
        row("PO-2", "MUG", "5", cancel_after="2027-01-31"),
    ]
    run(buyer, *rows)

    # when
    exported = "".join(purchase_orders_csv(actor=buyer.actor, account=buyer.account))
    only_mugs = "".join(
        purchase_orders_csv(
            actor=buyer.actor, account=buyer.account, filters=PurchaseOrderFilters(search="PO-2")
        )
    )

    # then
    records = list(csv.reader(io.StringIO(exported)))
    assert records[0] == PO_HEADER
    assert sorted(",".join(record) for record in records[1:]) == sorted(rows)
    assert [r[0] for r in csv.reader(io.StringIO(only_mugs))] == ["order_number", "PO-2"]
    assert purchase_orders_template_csv() == HEADER + "\r\n"
    PurchaseOrder.objects.all().delete()
    assert counts(run(buyer, *records_as_rows(records)))["created"] == 3
    assert stored(buyer.account) == {"PO-2": [("MUG", 5)], "PO-1": [("TEE", 1), ("MUG", 1)]}


def records_as_rows(records: list[list[str]]) -> list[str]:
    return [",".join(record) for record in records[1:]]
