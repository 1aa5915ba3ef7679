"""SO_Import_Orders.csv by API: POST /sales-orders/import (202, then GET the import's url) and
GET /sales-orders/export (the filtered list in the same columns)."""

from __future__ import annotations

import csv
import io

import pytest

from openoms.activity.import_runner import file_import_run
from openoms.orders.models import SalesOrder
from openoms.orders.order_rows import ORDER_HEADER
from tests.api.helpers import API, api_get
from tests.api.sales_order_data import ORDERS, create_order, order_shop_fixture  # noqa: F401
from tests.file_imports import uploads  # noqa: F401

pytestmark = pytest.mark.usefixtures("uploads")

HEADER = ",".join(ORDER_HEADER)
GOOD = "SO-7,2026-12-01,,UPS,GND,Ada,,,Ada,,1 Main,,Toronto,ON,M5V,CA,CAD,,TEE-RED-M,2,19.90"
BAD = "SO-8,2026-12-01,,UPS,GND,Ada,,,Ada,,1 Main,,Toronto,ON,M5V,CA,CAD,,GHOST,1,1.00"


def post_csv(client, content: str, key: str):
    return client.post(
        f"{API}{ORDERS}/import", data=content, content_type="text/csv", headers={"X-API-Key": key}
    )


def test_the_import_answers_202_then_reports_each_bad_row(client, order_shop, api_key):
    # given
    started = post_csv(client, f"{HEADER}\n{GOOD}\n{BAD}\n", api_key)

    # when
    file_import_run(started.json()["id"])
    report = client.get(started.json()["url"], headers={"X-API-Key": api_key}).json()

    # then
    assert started.status_code == 202
    assert (started.json()["kind"], started.json()["status"]) == ("sales_orders", "queued")
    assert started.json()["file_name"] == "SO_Import_Orders.csv"
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
    order = SalesOrder.objects.get()
    assert (order.order_number, order.source, order.status) == ("SO-7", "file", "draft")


def test_a_file_with_a_wrong_header_is_422_on_file(client, order_shop, api_key):
    # when
    response = post_csv(client, "order,sku\nSO-1,TEE-RED-M\n", api_key)

    # then
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["file"]
    assert not SalesOrder.objects.exists()


def test_another_accounts_import_is_404(client, order_shop, api_key, other_api_key):
    # given
    started = post_csv(client, f"{HEADER}\n{GOOD}\n", api_key)

    # when
    response = client.get(started.json()["url"], headers={"X-API-Key": other_api_key})

    # then
    assert response.status_code == 404


def test_the_export_is_the_filtered_list_in_the_import_columns(client, order_shop, api_key):
    # given
    create_order(client, api_key, "SO-1", order_date="2026-12-01T10:00:00Z")
    create_order(
        client,
        api_key,
        "SO-2",
        order_date="2026-12-02T10:00:00Z",
        approve=True,
        lines=[
            {"sku": "MUG-1", "quantity": 3, "price": "4.5"},
            {"sku": "TEE-RED-M", "quantity": 1},
        ],
    )

    # when
    everything = api_get(client, f"{ORDERS}/export", api_key)
    approved = api_get(client, f"{ORDERS}/export?status=approved", api_key)
    none = api_get(client, f"{ORDERS}/export?status=shipped", api_key)

    # then
    assert everything.status_code == 200
    assert everything["Content-Type"] == "text/csv; charset=utf-8"
    assert everything["Content-Disposition"] == 'attachment; filename="SO_Import_Orders.csv"'
    records = list(csv.reader(io.StringIO(b"".join(everything.streaming_content).decode())))
    assert records[0] == ORDER_HEADER
    assert [(r[0], r[1], r[3], r[12], r[18], r[19], r[20]) for r in records[1:]] == [
        ("SO-2", "2026-12-02T10:00:00Z", "UPS", "Toronto", "MUG-1", "3", "4.50"),
        ("SO-2", "2026-12-02T10:00:00Z", "UPS", "Toronto", "TEE-RED-M", "1", "0.00"),
        ("SO-1", "2026-12-01T10:00:00Z", "UPS", "Toronto", "TEE-RED-M", "2", "19.90"),
    ]
    approved_rows = b"".join(approved.streaming_content).decode().splitlines()
    assert [line.split(",")[0] for line in approved_rows] == ["order_number", "SO-2", "SO-2"]
    assert b"".join(none.streaming_content).decode() == HEADER + "\r\n"
