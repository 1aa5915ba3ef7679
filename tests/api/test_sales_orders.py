"""POST /sales-orders: created Draft (or Approved), every problem a 422 by its path with nothing
stored, never a 500; Idempotency-Key replays; GET one order and the list with its filters."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from openoms.activity.models import Event
from openoms.orders.models import SalesOrder, SalesOrderLine
from tests.api.helpers import ISO_UTC, api_get, api_post, error
from tests.api.sales_order_data import ORDERS, create_order, order_body, order_shop_fixture  # noqa: F401

VALIDATION = "Some values are not valid."


def fields_of(response) -> dict[str, str]:
    return {item["field"]: item["message"] for item in response.json()["error"]["fields"]}


def test_an_order_is_created_as_draft_with_its_lines(client, order_shop, api_key):
    # given
    body = order_body(
        customer_name="Ada Lovelace",
        email="ada@example.com",
        currency="cad",
        reference_number="PO-7",
        warehouse="tor-1",
        cancel_after="2026-12-31",
        order_date="2026-12-01T09:30:00",
        lines=[
            {"sku": "TEE-RED-M", "quantity": 2, "price": "19.90"},
            {"sku": "MUG-1", "quantity": 1, "price": 4.5},
            {"sku": "BAG/ONE SIZE", "quantity": 3},
        ],
    )

    # when
    response = api_post(client, ORDERS, body, api_key)

    # then
    assert response.status_code == 201
    created = response.json()
    order = SalesOrder.objects.get()
    assert created["id"] == order.pk
    assert {k: created[k] for k in ("order_number", "status", "source", "total", "currency")} == {
        "order_number": "SO-1001",
        "status": "draft",
        "source": "api",
        "total": "44.30",
        "currency": "CAD",
    }
    assert (created["warehouse"], created["carrier"], created["service"]) == ("TOR-1", "UPS", "GND")
    assert created["order_date"] == "2026-12-01T09:30:00Z"
    assert created["cancel_after"] == "2026-12-31"
    assert re.match(ISO_UTC, created["created_at"])
    assert created["ship_to"]["city"] == created["bill_to"]["city"] == "Toronto"
    assert created["lines"] == [
        {
            "id": line.pk,
            "line_number": line.line_number,
            "sku": line.sku,
            "channel_sku": "",
            "quantity": line.quantity,
            "shipped": 0,
            "price": f"{line.price:.2f}",
            "amount": f"{line.amount:.2f}",
        }
        for line in SalesOrderLine.objects.order_by("line_number")
    ]
    assert [line["amount"] for line in created["lines"]] == ["39.80", "4.50", "0.00"]
    assert (created["shipments"], created["backordered"], created["last_error"]) == (
        [],
        False,
        None,
    )
    assert order.total == Decimal("44.30")


def test_approve_true_creates_it_approved(client, order_shop, api_key):
    # when
    created = create_order(client, api_key, approve=True)

    # then
    assert created["status"] == "approved"
    assert SalesOrder.objects.get().status == "approved"


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        (
            {"lines": [{"sku": "NOPE", "quantity": 1}]},
            {"lines.0.sku": "Unknown SKU NOPE: create it in the catalog first."},
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
            {"lines.0.quantity": "The quantity is at most 100,000."},
        ),
        (
            {"lines": [{"sku": "MUG-1", "quantity": 1, "price": "1.999"}]},
            {"lines.0.price": "The price is a number from 0 with at most 2 decimals."},
        ),
        (
            {"lines": [{"sku": "MUG-1", "quantity": 1, "price": 1e300}]},
            {"lines.0.price": "The price is a number from 0 with at most 2 decimals."},
        ),
        ({"lines": []}, {"lines": "An order needs at least one line."}),
        ({"warehouse": "VAN-1"}, {"warehouse": "Warehouse VAN-1 is not enabled for this account."}),
        (
            {"warehouse": "CA-ALL"},
            {"warehouse": "Warehouse CA-ALL is virtual: orders ship from physical warehouses."},
        ),
        ({"order_number": "  "}, {"order_number": "The order number is required."}),
        (
            {"order_number": "N" * 101},
            {"order_number": "The order number is longer than 100 characters."},
        ),
        ({"ship_to": {"city": "x" * 201}}, {"ship_to.city": "Longer than 200 characters."}),
    ],
)
def test_a_rule_broken_is_422_by_its_path_and_nothing_is_stored(
    client, order_shop, api_key, change, fields
):
    # when
    response = api_post(client, ORDERS, order_body(**change), api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert fields_of(response) == fields
    assert response.json()["error"]["message"].startswith("The order was not created: ")
    assert not SalesOrder.objects.exists()
    assert not SalesOrderLine.objects.exists()
    assert not Event.objects.filter(entity_type="sales_order").exists()


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        (order_body(lines=[{"sku": "MUG-1", "quantity": "5"}]), ["lines.0.quantity"]),
        (order_body(lines=[{"sku": "MUG-1", "quantity": 1.5}]), ["lines.0.quantity"]),
        (order_body(lines=[{"sku": "MUG-1", "quantity": True}]), ["lines.0.quantity"]),
        (order_body(lines=[{"sku": 7, "quantity": 1}]), ["lines.0.sku"]),
        (order_body(lines=[{"sku": "MUG-1", "quantity": None}]), ["lines.0.quantity"]),
        (order_body(lines=[{"sku": "MUG-1", "quantity": 1, "price": True}]), ["lines.0.price"]),
        (order_body(lines=None), ["lines"]),
        (order_body(ship_to=None), ["ship_to"]),
        (order_body(ship_to={"street": "1 Main"}), ["ship_to.street"]),
        (order_body(order_number=None), ["order_number"]),
        (order_body(approve="yes"), ["approve"]),
        (order_body(currency="EURO"), ["currency"]),
        (order_body(order_date="yesterday"), ["order_date"]),
        (order_body(order_date="0001-01-01T00:00:00+01:00"), ["order_date"]),
        (order_body(cancel_after="2026-02-30"), ["cancel_after"]),
        (order_body(status="shipped"), ["status"]),
        (order_body(lines=[{"sku": "MUG-1", "quantity": 1}] * 10_001), ["lines"]),
        ({"lines": [{"sku": "MUG-1", "quantity": 1}]}, ["order_number", "ship_to"]),
        ([], ["body"]),
    ],
)
def test_a_wrong_shape_is_422_naming_the_field_never_500(client, order_shop, api_key, body, paths):
    # when
    response = api_post(client, ORDERS, body, api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert sorted(fields_of(response)) == sorted(paths)
    assert not SalesOrder.objects.exists()


def test_nul_characters_malformed_json_and_huge_numbers_are_422(client, order_shop, api_key):
    # given
    nul = json.dumps(order_body(customer_name="Ada\u0000"))
    huge = json.dumps(order_body()).replace('"quantity": 2', '"quantity": 1e400')

    # when
    answers = [
        api_post(client, ORDERS, nul, api_key),
        api_post(client, ORDERS, "{", api_key),
        api_post(client, ORDERS, huge, api_key),
    ]

    # then
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert [a.json()["error"]["code"] for a in answers] == [
        "validation_error",
        "malformed_json",
        "validation_error",
    ]
    assert fields_of(answers[0]) == {
        "customer_name": "Remove the NUL character (U+0000): text may not contain it."
    }
    assert list(fields_of(answers[2])) == ["lines.0.quantity"]
    assert not SalesOrder.objects.exists()


def test_10000_lines_are_refused_by_the_rule_of_500(client, order_shop, api_key):
    # given
    lines = [{"sku": "MUG-1", "quantity": 1, "price": "1.00"}] * 10_000

    # when
    response = api_post(client, ORDERS, order_body(lines=lines), api_key)

    # then
    assert response.status_code == 422
    assert fields_of(response) == {"lines": "An order has at most 500 lines (10000 sent)."}
    assert not SalesOrder.objects.exists()


def test_an_order_number_the_account_has_is_422_and_stores_nothing_more(
    client, order_shop, api_key
):
    # given
    create_order(client, api_key, "SO-1001")

    # when
    response = api_post(client, ORDERS, order_body(" SO-1001 "), api_key)

    # then
    assert response.status_code == 422
    assert fields_of(response) == {"order_number": "Order SO-1001 already exists."}
    assert SalesOrder.objects.count() == 1
    assert SalesOrderLine.objects.count() == 1


def test_the_same_order_number_in_another_account_is_fine(
    client, order_shop, api_key, other_api_key
):
    # given
    create_order(client, api_key, "SO-1001")

    # when
    response = api_post(client, ORDERS, order_body("SO-1001"), other_api_key)

    # then
    assert response.status_code == 201
    assert SalesOrder.objects.filter(order_number="SO-1001").count() == 2


def test_an_idempotency_key_replays_the_same_order_created_once(client, order_shop, api_key):
    # given
    headers = {"Idempotency-Key": "order-abc-1"}
    first = api_post(client, ORDERS, order_body(), api_key, **headers)

    # when
    again = api_post(client, ORDERS, order_body(), api_key, **headers)
    other_body = api_post(client, ORDERS, order_body("SO-2"), api_key, **headers)

    # then
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert other_body.status_code == 422
    assert other_body.json()["error"]["code"] == "idempotency_key_reused"
    assert list(SalesOrder.objects.values_list("order_number", flat=True)) == ["SO-1001"]
    assert SalesOrderLine.objects.count() == 1


def test_a_refused_order_with_a_key_is_replayed_refused(client, order_shop, api_key):
    # given
    body = order_body(lines=[{"sku": "NOPE", "quantity": 1}])
    first = api_post(client, ORDERS, body, api_key, **{"Idempotency-Key": "k-bad"})

    # when
    again = api_post(client, ORDERS, body, api_key, **{"Idempotency-Key": "k-bad"})

    # then
    assert (first.status_code, again.status_code) == (422, 422)
    assert again.json() == first.json()
    assert not SalesOrder.objects.exists()


def test_get_one_order_and_404_for_an_unknown_id(client, order_shop, api_key):
    # given
    created = create_order(client, api_key)

    # when
    found = api_get(client, f"{ORDERS}/{created['id']}", api_key)
    missing = api_get(client, f"{ORDERS}/{created['id'] + 100}", api_key)
    not_an_id = api_get(client, f"{ORDERS}/abc", api_key)

    # then
    assert found.status_code == 200
    assert found.json() == created
    assert missing.status_code == 404
    assert missing.json() == error("not_found", "Sales order not found.")
    assert not_an_id.status_code in {404, 422}


def test_the_list_filters_by_status_text_source_backorder_and_date(client, order_shop, api_key):
    # given
    create_order(client, api_key, "SO-1", order_date="2026-11-01T10:00:00Z")
    create_order(client, api_key, "SO-2", customer_name="Grace Hopper", approve=True)
    create_order(client, api_key, "SO-3", lines=[{"sku": "MUG-1", "quantity": 1}])
    SalesOrder.objects.filter(order_number="SO-3").update(source="manual")

    def numbers(query: str) -> list[str]:
        response = api_get(client, f"{ORDERS}?{query}", api_key)
        assert response.status_code == 200, response.content
        return [item["order_number"] for item in response.json()["items"]]

    # then
    assert numbers("") == ["SO-3", "SO-2", "SO-1"]
    assert numbers("status=approved") == ["SO-2"]
    assert numbers("q=grace") == ["SO-2"]
    assert numbers("q=MUG") == ["SO-3"]
    assert numbers("source=manual") == ["SO-3"]
    assert numbers("source=api&date_to=2026-11-30") == ["SO-1"]
    assert numbers("date_from=2026-11-02") == ["SO-3", "SO-2"]
    assert numbers("backordered=true") == []
    assert numbers("channel_id=999") == []
    assert numbers("page_size=1&page=2") == ["SO-2"]


@pytest.mark.parametrize(
    "query", ["status=lost", "source=fax", "date_from=2026-13-01", "backordered=maybe", "page=0"]
)
def test_a_bad_filter_is_422(client, order_shop, api_key, query):
    # when
    response = api_get(client, f"{ORDERS}?{query}", api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_the_api_needs_a_key(client, order_shop):
    # when
    response = api_post(client, ORDERS, order_body(), key="")

    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_api_key"
    assert not SalesOrder.objects.exists()
