"""PO_Import_Orders.csv by API: POST /purchase-orders/import (202, then GET the import's url)
and GET /purchase-orders/export (the filtered list in the same columns)."""

from __future__ import annotations

import csv
import io

import pytest

from openoms.activity.import_runner import file_import_run
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.po_rows import PO_HEADER
from tests.api.helpers import API, api_get
from tests.api.purchase_order_data import POS, create_po, po_shop_fixture  # noqa: F401
from tests.file_imports import uploads  # noqa: F401

pytestmark = pytest.mark.usefixtures("uploads")

HEADER = ",".join(PO_HEADER)
GOOD = "PO-7,2026-12-01,TOR-1,Acme Textiles,,,,,,UPS,GND,TEE-RED-M,12,LOT-1,"
BAD = "PO-8,2026-12-01,TOR-1,Acme Textiles,,,,,,UPS,GND,GHOST,1,,"


def post_csv(client, content: str, key: str):
    return client.post(
        f"{API}{POS}/import", data=content, content_type="text/csv", headers={"X-API-Key": key}
    )


def test_the_import_answers_202_then_reports_each_bad_row(client, po_shop, api_key):
    # given
    started = post_csv(client, f"{HEADER}\n{GOOD}\n{BAD}\n", api_key)

    # when
    file_import_run(started.json()["id"])
    report = client.get(started.json()["url"], headers={"X-API-Key": api_key}).json()

    # then
    assert started.status_code == 202
    assert (started.json()["kind"], started.json()["status"]) == ("purchase_orders", "queued")
    assert started.json()["file_name"] == "PO_Import_Orders.csv"
    assert report["status"] == "succeeded"
    assert report["counts"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "warning": 0,
    }
    assert report["issues"]["items"] == [
        {
            "line": 3,
            "severity": "error",
            "reason": "sku: Unknown SKU GHOST: create it in the catalog first.",
            "row": BAD,
        }
    ]
    order = PurchaseOrder.objects.get()
    assert (order.order_number, order.source, order.status) == ("PO-7", "file", "draft")
    assert list(order.lines.values_list("sku", "quantity", "lot_number")) == [
        ("TEE-RED-M", 12, "LOT-1")
    ]


def test_a_file_with_a_wrong_header_is_422_on_file(client, po_shop, api_key):
    # when
    response = post_csv(client, "order,sku\nPO-1,TEE-RED-M\n", api_key)

    # then
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["file"]
    assert not PurchaseOrder.objects.exists()


def test_another_accounts_import_is_404(client, po_shop, api_key, other_api_key):
    # given
    started = post_csv(client, f"{HEADER}\n{GOOD}\n", api_key)

    # when
    response = client.get(started.json()["url"], headers={"X-API-Key": other_api_key})

    # then
    assert response.status_code == 404


def test_the_export_is_the_filtered_list_in_the_import_columns(client, po_shop, api_key):
    # given
    create_po(client, api_key, "PO-1", order_date="2026-12-01T10:00:00Z", cancel_after="2027-01-31")
    create_po(
        client,
        api_key,
        "PO-2",
        order_date="2026-12-02T10:00:00Z",
        approve=True,
        source_text="Restock",
        lines=[
            {"sku": "MUG-1", "quantity": 3, "lot_number": "L-7"},
            {"sku": "TEE-RED-M", "quantity": 1, "serial_number": "SN-9"},
        ],
    )

    # when
    everything = api_get(client, f"{POS}/export", api_key)
    approved = api_get(client, f"{POS}/export?status=approved", api_key)
    none = api_get(client, f"{POS}/export?status=received", api_key)

    # then
    assert everything.status_code == 200
    assert everything["Content-Type"] == "text/csv; charset=utf-8"
    assert everything["Content-Disposition"] == 'attachment; filename="PO_Import_Orders.csv"'
    records = list(csv.reader(io.StringIO(b"".join(everything.streaming_content).decode())))
    assert records[0] == PO_HEADER
    assert [dict(zip(PO_HEADER, r, strict=True)) for r in records[1:]] == [
        row("PO-2", "2026-12-02T10:00:00Z", "MUG-1", "3", lot="L-7", source="Restock"),
        row("PO-2", "2026-12-02T10:00:00Z", "TEE-RED-M", "1", serial="SN-9", source="Restock"),
        row("PO-1", "2026-12-01T10:00:00Z", "TEE-RED-M", "10", cancel_after="2027-01-31"),
    ]
    approved_rows = b"".join(approved.streaming_content).decode().splitlines()
    assert [line.split(",")[0] for line in approved_rows] == ["order_number", "PO-2", "PO-2"]
    assert b"".join(none.streaming_content).decode() == HEADER + "\r\n"


def row(number, date, sku, quantity, lot="", serial="", source="", cancel_after="") -> dict:
    values = dict.fromkeys(PO_HEADER, "")
    values.update(
        order_number=number,
        order_date=date,
        warehouse="TOR-1",
        supplier="Acme Textiles",
        carrier="UPS",
        service="GND",
        source=source,
        cancel_after=cancel_after,
        sku=sku,
        quantity=quantity,
        lot_number=lot,
        serial_number=serial,
    )
    return values
