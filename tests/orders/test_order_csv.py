"""SO_Import_Orders.csv: one row per line, grouped by order number; an order with a bad row is
rejected whole (each bad row with its line and reason), the others created Draft; batches and
scattered rows; running a file again; the export in the same columns."""

from __future__ import annotations

import csv
import io

import pytest

from openoms.activity.import_runner import file_import_run
from openoms.core.errors import ValidationFailed
from openoms.orders.models import OrderStatus, SalesOrder, SalesOrderLine
from openoms.orders.order_csv import (
    ORDERS_FILE,
    orders_import_start,
    orders_template_csv,
    sales_orders_csv,
)
from openoms.orders.order_rows import ORDER_HEADER
from openoms.orders.selectors import OrderFilters
from tests.file_imports import upload as file_upload
from tests.file_imports import uploads  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads")]

HEADER = ",".join(ORDER_HEADER)


def row(number: str, sku: str = "TEE", quantity: str = "1", price: str = "20.00", **over) -> str:
    values = {
        "order_number": number,
        "order_date": "2026-12-01T10:00:00Z",
        "warehouse": "",
        "carrier": "UPS",
        "service": "GND",
        "customer_name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "",
        "ship_to_name": "Ada Lovelace",
        "ship_to_company": "",
        "ship_to_address1": "1 Main St",
        "ship_to_address2": "",
        "ship_to_city": "Toronto",
        "ship_to_region": "ON",
        "ship_to_postal_code": "M5V 1A1",
        "ship_to_country": "CA",
        "currency": "CAD",
        "reference_number": "",
        "sku": sku,
        "quantity": quantity,
        "price": price,
    } | over
    return ",".join(values[name] for name in ORDER_HEADER)


def run(shop, *rows: str):
    text = "\n".join([HEADER, *rows]) + "\n"
    started = orders_import_start(
        actor=shop.actor, account=shop.account, upload=file_upload(text, ORDERS_FILE)
    )
    return file_import_run(started.pk)


def counts(file_import) -> dict[str, int]:
    names = ("created", "updated", "unchanged", "rejected", "warning")
    return {name: getattr(file_import, f"{name}_count") for name in names}


def issues(file_import) -> list[tuple[int, str, str]]:
    return list(file_import.issues.order_by("line").values_list("line", "severity", "reason"))


def stored(account) -> dict[str, list[tuple[str, int]]]:
    lines = SalesOrderLine.objects.filter(order__account=account).order_by("line_number")
    found: dict[str, list[tuple[str, int]]] = {}
    for line in lines.select_related("order"):
        found.setdefault(line.order.order_number, []).append((line.sku, line.quantity))
    return found


def thirty_orders_with_three_bad_rows() -> list[str]:
    """Orders 1001 … 1030, the even ones of two rows (TEE, MUG); bad: 1006's MUG row (an
    unknown SKU), 1012's first row (a negative quantity), 1021's only row (a column short)."""
    rows = []
    for number in range(1001, 1031):
        name = str(number)
        first = row(name, quantity="-2") if number == 1012 else row(name)
        rows.append(first[: first.rindex(",")] if number == 1021 else first)
        if number % 2 == 0:
            rows.append(row(name, "GHOST" if number == 1006 else "MUG", "2", "4.50"))
    return rows


def test_three_bad_rows_among_30_orders_reject_their_orders_whole(shop):
    # given: lines 2 … 46; 1006 is on lines 9 and 10, 1012 on 18 and 19, 1021 on 32
    rows = thirty_orders_with_three_bad_rows()

    # when
    done = run(shop, *rows)

    # then
    assert (done.status, done.rows_processed) == ("succeeded", 45)
    assert counts(done) == {
        "created": 45 - 5,
        "updated": 0,
        "unchanged": 0,
        "rejected": 5,
        "warning": 0,
    }
    assert issues(done) == [
        (9, "error", "Not imported: order 1006 has errors on line 10."),
        (10, "error", "sku: Unknown SKU GHOST: create it in the catalog first."),
        (18, "error", "quantity: The quantity must be at least 1."),
        (19, "error", "Not imported: order 1012 has errors on line 18."),
        (32, "error", "The row has 20 columns; the header has 21."),
    ]
    orders = stored(shop.account)
    assert sorted(orders) == [str(n) for n in range(1001, 1031) if n not in {1006, 1012, 1021}]
    assert orders["1002"] == [("TEE", 1), ("MUG", 2)]
    assert orders["1003"] == [("TEE", 1)]
    assert not SalesOrder.objects.filter(order_number__in=["1006", "1012", "1021"]).exists()
    assert set(SalesOrder.objects.values_list("status", "source")) == {(OrderStatus.DRAFT, "file")}
    first = SalesOrder.objects.get(order_number="1002")
    assert (first.total, first.currency, first.carrier_code, first.service_code) == (
        29,
        "CAD",
        "UPS",
        "GND",
    )
    assert first.ship_to == {
        "name": "Ada Lovelace",
        "address1": "1 Main St",
        "city": "Toronto",
        "region": "ON",
        "postal_code": "M5V 1A1",
        "country": "CA",
    }
    assert first.order_date.isoformat() == "2026-12-01T10:00:00+00:00"


def test_an_order_split_across_batches_and_scattered_rows_is_one_order(shop, settings):
    # given batches of 2 rows; order 7 on lines 2, 4 and 6
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    rows = [row("7", "TEE"), row("8", "MUG"), row("7", "MUG", "3"), row("9"), row("7", "CAP")]

    # when
    done = run(shop, *rows)

    # then
    assert counts(done)["created"] == 5
    assert issues(done) == []
    assert stored(shop.account) == {
        "7": [("TEE", 1), ("MUG", 3), ("CAP", 1)],
        "8": [("MUG", 1)],
        "9": [("TEE", 1)],
    }


def test_a_later_row_may_leave_the_order_fields_empty_but_not_change_them(shop):
    # given
    blank = dict.fromkeys(["order_date", "carrier", "service", "customer_name", "currency"], "")
    rows = [
        row("1"),
        row("1", "MUG", **blank),
        row("2"),
        row("2", "MUG", ship_to_city="Montreal"),
    ]

    # when
    done = run(shop, *rows)

    # then
    assert issues(done) == [
        (4, "error", "Not imported: order 2 has errors on line 5."),
        (
            5,
            "error",
            "ship_to_city: “Montreal” differs from “Toronto” on line 4, the order's first row "
            "(leave it empty or repeat it).",
        ),
    ]
    assert stored(shop.account) == {"1": [("TEE", 1), ("MUG", 1)]}


def test_order_level_problems_are_reported_on_the_orders_first_row(shop):
    # given
    rows = [
        row("1", carrier="", service=""),
        row("1", "MUG", carrier="", service=""),
        row("2", warehouse="NOPE", ship_to_country="C" * 201),
        row("3", order_date="someday"),
        row(""),
    ]

    # when
    done = run(shop, *rows)

    # then
    assert issues(done) == [
        (2, "error", "carrier: The carrier code is missing."),
        (3, "error", "Not imported: order 1 has errors on line 2."),
        (
            4,
            "error",
            "warehouse: Warehouse NOPE is not enabled for this account. "
            "ship_to_country: Longer than 200 characters.",
        ),
        (
            5,
            "error",
            "order_date: not a date; write a date (2026-12-01) or a date and time "
            "(2026-12-01T14:30:00Z).",
        ),
        (6, "error", "The order number is required."),
    ]
    assert counts(done)["rejected"] == 5
    assert not SalesOrder.objects.exists()


def test_running_the_file_again_skips_the_orders_with_a_warning(shop):
    # given
    rows = [row("1"), row("1", "MUG"), row("2")]
    run(shop, *rows)

    # when
    again = run(shop, *rows)

    # then
    assert counts(again) == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "warning": 3,
    }
    assert issues(again)[0] == (2, "warning", "Order 1 already exists; the row was skipped.")
    assert SalesOrder.objects.count() == 2
    assert SalesOrderLine.objects.count() == 3


def test_a_date_without_an_offset_is_read_in_the_accounts_timezone(shop):
    # given
    shop.account.timezone = "America/Toronto"
    shop.account.save()

    # when
    run(shop, row("1", order_date="2026-12-01 09:00"), row("2", order_date="2026-12-02"))

    # then
    dates = dict(SalesOrder.objects.values_list("order_number", "order_date"))
    assert dates["1"].isoformat() == "2026-12-01T14:00:00+00:00"
    assert dates["2"].isoformat() == "2026-12-02T05:00:00+00:00"


def test_a_wrong_header_is_refused_at_once_and_nothing_kept(shop):
    # when
    with pytest.raises(ValidationFailed) as refused:
        orders_import_start(
            actor=shop.actor,
            account=shop.account,
            upload=file_upload("order_number,sku,quantity\n1,TEE,1\n", ORDERS_FILE),
        )

    # then
    assert list(refused.value.errors) == ["file"]
    assert "The header row must be" in refused.value.errors["file"]
    assert not SalesOrder.objects.exists()


def test_the_export_is_the_import_format_and_imports_back(shop, other_tenant):
    # given
    rows = [row("1"), row("1", "MUG", "2", "4.50"), row("2", "CAP", "1", "0.00")]
    run(shop, *rows)

    # when
    exported = "".join(sales_orders_csv(actor=shop.actor, account=shop.account))
    only_caps = "".join(
        sales_orders_csv(actor=shop.actor, account=shop.account, filters=OrderFilters(q="CAP"))
    )

    # then
    records = list(csv.reader(io.StringIO(exported)))
    assert records[0] == ORDER_HEADER
    assert sorted(",".join(record) for record in records[1:]) == sorted(rows)
    assert [r[0] for r in csv.reader(io.StringIO(only_caps))] == ["order_number", "2"]
    assert orders_template_csv() == HEADER + "\r\n"
