"""POST /purchase-orders: created Draft (or Approved), every problem a 422 by its path with
nothing stored, never a 500; Idempotency-Key replays. Reads: ``test_purchase_orders_list.py``."""

from __future__ import annotations

import json
import re

import pytest

from openoms.activity.models import Event
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine
from tests.api.helpers import ISO_UTC, api_post
from tests.api.purchase_order_data import POS, create_po, incoming, po_body, po_shop_fixture  # noqa: F401


def fields_of(response) -> dict[str, str]:
    return {item["field"]: item["message"] for item in response.json()["error"]["fields"]}


def nothing_stored() -> bool:
    return not (
        PurchaseOrder.objects.exists()
        or PurchaseOrderLine.objects.exists()
        or Event.objects.filter(entity_type="purchase_order").exists()
    )


def test_a_purchase_order_is_created_as_draft_with_its_lines(client, po_shop, api_key):
    # given
    body = po_body(
        warehouse="tor-1",
        reference_number="REF-7",
        purchase_order_number="ERP-55",
        source_text="Spring restock",
        cancel_after="2026-12-31",
        requested_ship_date="2026-12-01",
        order_date="2026-11-20T09:30:00",
        references={"Container": "MSKU1234567", "Buyer": "Ada"},
        lines=[
            {"sku": "TEE-RED-M", "quantity": 10, "lot_number": "LOT-A"},
            {"sku": "MUG-1", "quantity": 1, "serial_number": "SN-0001"},
        ],
    )

    # when
    response = api_post(client, POS, body, api_key)

    # then
    assert response.status_code == 201, response.content
    created = response.json()
    order = PurchaseOrder.objects.get()
    assert created["id"] == order.pk
    assert {k: created[k] for k in ("order_number", "status", "source", "warehouse")} == {
        "order_number": "PO-1001",
        "status": "draft",
        "source": "api",
        "warehouse": "TOR-1",
    }
    assert (created["supplier"], created["reference_number"], created["purchase_order_number"]) == (
        "Acme Textiles",
        "REF-7",
        "ERP-55",
    )
    assert created["source_text"] == "Spring restock"
    assert (created["cancel_after"], created["requested_ship_date"]) == ("2026-12-31", "2026-12-01")
    assert created["order_date"] == "2026-11-20T09:30:00Z"
    assert re.match(ISO_UTC, created["created_at"])
    assert created["references"] == {"Container": "MSKU1234567", "Buyer": "Ada"}
    assert created["lines"] == [
        {
            "id": line.pk,
            "line_number": line.line_number,
            "sku": line.sku,
            "variant_id": line.variant_id,
            "quantity": line.quantity,
            "received": 0,
            "open": line.quantity,
            "lot_number": line.lot_number,
            "serial_number": line.serial_number,
        }
        for line in PurchaseOrderLine.objects.order_by("line_number")
    ]
    assert [(x["sku"], x["lot_number"], x["serial_number"]) for x in created["lines"]] == [
        ("TEE-RED-M", "LOT-A", ""),
        ("MUG-1", "", "SN-0001"),
    ]
    assert (created["line_count"], created["quantity"], created["received"]) == (2, 11, 0)
    assert (created["receipts"], created["channel_id"], created["last_error"]) == ([], None, None)
    assert [e["level"] for e in created["events"]] == ["info"]
    assert incoming(po_shop.variants["TEE-RED-M"], po_shop.warehouses["TOR-1"]) == (10, 0)


def test_approve_true_creates_it_approved_and_incoming(client, po_shop, api_key):
    # when
    created = create_po(client, api_key, approve=True)

    # then
    assert created["status"] == "approved"
    assert PurchaseOrder.objects.get().status == "approved"
    assert incoming(po_shop.variants["TEE-RED-M"], po_shop.warehouses["TOR-1"]) == (10, 10)


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        (
            {"lines": [{"sku": "NOPE", "quantity": 1}]},
            {"lines.0.sku": "Unknown SKU NOPE: create it in the catalog first."},
        ),
        (
            {"lines": [{"sku": "THEIRS-1", "quantity": 1}]},
            {"lines.0.sku": "Unknown SKU THEIRS-1: create it in the catalog first."},
        ),
        (
            {"lines": [{"sku": "MUG-1", "quantity": -3}, {"sku": "MUG-1", "quantity": 0}]},
            {
                "lines.0.quantity": "The quantity must be at least 1.",
                "lines.1.quantity": "The quantity must be at least 1.",
            },
        ),
        (
            {"lines": [{"sku": "MUG-1", "quantity": 10**30}]},
            {"lines.0.quantity": "The quantity is at most 1,000,000."},
        ),
        (
            {"lines": [{"sku": "MUG-1", "quantity": 2, "serial_number": "SN-1"}]},
            {
                "lines.0.serial_number": "A line with a serial number has quantity 1. "
                "This line has 2."
            },
        ),
        ({"lines": []}, {"lines": "A purchase order needs at least one line."}),
        ({"warehouse": "VAN-1"}, {"warehouse": "Warehouse VAN-1 is not enabled for this account."}),
        ({"warehouse": "NYC-1"}, {"warehouse": "Warehouse NYC-1 is not enabled for this account."}),
        (
            {"warehouse": "CA-ALL"},
            {
                "warehouse": "Warehouse CA-ALL is virtual: purchase orders are received at "
                "physical warehouses."
            },
        ),
        (
            {"warehouse": " "},
            {"warehouse": "The warehouse is required (the code of a physical warehouse)."},
        ),
        ({"order_number": "  "}, {"order_number": "The order number is required."}),
        (
            {"order_number": "N" * 101},
            {"order_number": "The order number is longer than 100 characters."},
        ),
        ({"supplier": "x" * 201}, {"supplier": "Longer than 200 characters."}),
        (
            {"references": {"Container": "x" * 201}},
            {"references.Container": "A text of at most 200 characters."},
        ),
    ],
)
def test_a_rule_broken_is_422_by_its_path_and_nothing_is_stored(
    client, po_shop, api_key, change, fields
):
    # when
    response = api_post(client, POS, po_body(**change), api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert fields_of(response) == fields
    assert nothing_stored()


def test_every_problem_is_reported_at_once(client, po_shop, api_key):
    # when
    body = po_body(
        order_number="",
        warehouse="VAN-1",
        lines=[
            {"sku": "NOPE", "quantity": 0},
            {"sku": "MUG-1", "quantity": 3, "serial_number": "S"},
        ],
    )
    response = api_post(client, POS, body, api_key)

    # then
    assert response.status_code == 422
    assert sorted(fields_of(response)) == [
        "lines.0.quantity",
        "lines.0.sku",
        "lines.1.serial_number",
        "order_number",
        "warehouse",
    ]
    assert nothing_stored()


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        (po_body(lines=[{"sku": "MUG-1", "quantity": "5"}]), ["lines.0.quantity"]),
        (po_body(lines=[{"sku": "MUG-1", "quantity": 1.5}]), ["lines.0.quantity"]),
        (po_body(lines=[{"sku": "MUG-1", "quantity": True}]), ["lines.0.quantity"]),
        (po_body(lines=[{"sku": 7, "quantity": 1}]), ["lines.0.sku"]),
        (po_body(lines=[{"sku": "MUG-1", "quantity": None}]), ["lines.0.quantity"]),
        (po_body(lines=[{"sku": "MUG-1", "quantity": 1, "lot_number": 5}]), ["lines.0.lot_number"]),
        (po_body(lines=[{"sku": "MUG-1", "quantity": 1, "price": "1"}]), ["lines.0.price"]),
        (po_body(lines=None), ["lines"]),
        (po_body(warehouse=None), ["warehouse"]),
        (po_body(order_number=None), ["order_number"]),
        (po_body(approve="yes"), ["approve"]),
        (po_body(references=["a"]), ["references"]),
        (po_body(references={"a": 1}), ["references.a"]),
        (po_body(order_date="yesterday"), ["order_date"]),
        (po_body(cancel_after="2026-02-30"), ["cancel_after"]),
        (po_body(requested_ship_date="0001-01-01"), ["requested_ship_date"]),
        (po_body(status="received"), ["status"]),
        (po_body(lines=[{"sku": "MUG-1", "quantity": 1}] * 10_001), ["lines"]),
        ({"lines": [{"sku": "MUG-1", "quantity": 1}]}, ["order_number", "warehouse"]),
        ([], ["body"]),
    ],
)
def test_a_wrong_shape_is_422_naming_the_field_never_500(client, po_shop, api_key, body, paths):
    # when
    response = api_post(client, POS, body, api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert sorted(fields_of(response)) == sorted(paths)
    assert nothing_stored()


def test_nul_characters_malformed_json_and_huge_numbers_are_422(client, po_shop, api_key):
    # given
    nul = json.dumps(po_body(supplier="Acme\u0000"))
    huge = json.dumps(po_body()).replace('"quantity": 10', '"quantity": 1e400')

    # when
    answers = [
        api_post(client, POS, nul, api_key),
        api_post(client, POS, "{", api_key),
        api_post(client, POS, huge, api_key),
    ]

    # then
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert [a.json()["error"]["code"] for a in answers] == [
        "validation_error",
        "malformed_json",
        "validation_error",
    ]
    assert fields_of(answers[0]) == {
        "supplier": "Remove the NUL character (U+0000): text may not contain it."
    }
    assert list(fields_of(answers[2])) == ["lines.0.quantity"]
    assert nothing_stored()


def test_501_lines_are_refused_by_the_rule_of_500(client, po_shop, api_key):
    # when
    lines = [{"sku": "MUG-1", "quantity": 1}] * 501
    response = api_post(client, POS, po_body(lines=lines), api_key)

    # then
    assert response.status_code == 422
    assert fields_of(response) == {"lines": "A purchase order has at most 500 lines (501 sent)."}
    assert nothing_stored()


def test_an_order_number_the_account_has_is_422_and_stores_nothing_more(client, po_shop, api_key):
    # given
    create_po(client, api_key, "PO-1001")

    # when
    response = api_post(client, POS, po_body(" PO-1001 "), api_key)

    # then
    assert response.status_code == 422
    assert fields_of(response) == {"order_number": "Purchase order PO-1001 already exists."}
    assert PurchaseOrder.objects.count() == 1
    assert PurchaseOrderLine.objects.count() == 1


def test_the_same_order_number_in_another_account_is_fine(client, po_shop, api_key, other_api_key):
    # given
    create_po(client, api_key, "PO-1001")

    # when
    response = api_post(client, POS, po_body("PO-1001", warehouse="NYC-1"), other_api_key)

    # then
    assert response.status_code == 201, response.content
    assert PurchaseOrder.objects.filter(order_number="PO-1001").count() == 2


def test_an_idempotency_key_replays_the_same_order_created_once(client, po_shop, api_key):
    # given
    headers = {"Idempotency-Key": "po-abc-1"}
    first = api_post(client, POS, po_body(), api_key, **headers)

    # when
    again = api_post(client, POS, po_body(), api_key, **headers)
    other_body = api_post(client, POS, po_body("PO-2"), api_key, **headers)

    # then
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert other_body.status_code == 422
    assert other_body.json()["error"]["code"] == "idempotency_key_reused"
    assert list(PurchaseOrder.objects.values_list("order_number", flat=True)) == ["PO-1001"]
    assert PurchaseOrderLine.objects.count() == 1


def test_a_refused_order_with_a_key_is_replayed_refused(client, po_shop, api_key):
    # given
    body = po_body(lines=[{"sku": "NOPE", "quantity": 1}])
    first = api_post(client, POS, body, api_key, **{"Idempotency-Key": "k-bad"})

    # when
    again = api_post(client, POS, body, api_key, **{"Idempotency-Key": "k-bad"})

    # then
    assert (first.status_code, again.status_code) == (422, 422)
    assert again.json() == first.json()
    assert nothing_stored()


def test_the_api_needs_a_key(client, po_shop):
    # when
    response = api_post(client, POS, po_body(), key="")

    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_api_key"
    assert nothing_stored()
