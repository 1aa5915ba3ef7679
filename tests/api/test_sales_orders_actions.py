"""The order actions (approve, allocate, cancel) and the shipments (list, cancel, ship by hand):
their success, and each refusal with its code and nothing changed."""

from __future__ import annotations

import pytest

from openoms.orders.models import SalesOrder, Shipment
from tests.api.helpers import api_get, api_post, error
from tests.api.sales_order_data import (  # noqa: F401
    ORDERS,
    approved_order,
    create_order,
    level,
    order_shop_fixture,
    orders_state,
    shipments_state,
)
from tests.inventory.stock import set_level
from tests.web.channel_data import make_channel


def act(client, key, order: dict, action: str, query: str = ""):
    return api_post(client, f"{ORDERS}/{order['id']}/{action}{query}", {}, key)


def allocated(client, key, number: str = "SO-1001", **fields) -> dict:
    """An order allocated at TOR-1; returns the allocation's answer."""
    order = approved_order(client, key, number, warehouse="TOR-1", **fields)
    response = act(client, key, order, "allocate")
    assert response.status_code == 200, response.content
    return response.json()


def ship(client, key, shipment: dict, lines: list, tracking: list | None = None):
    body = {"lines": lines} | ({"tracking": tracking} if tracking is not None else {})
    return api_post(client, f"/shipments/{shipment['id']}/ship", body, key)


def test_approve_a_draft_then_approving_again_is_409(client, order_shop, api_key):
    # given
    order = create_order(client, api_key)

    # when
    first = act(client, api_key, order, "approve")
    again = act(client, api_key, order, "approve")

    # then
    assert first.status_code == 200
    assert first.json()["status"] == "approved"
    assert again.status_code == 409
    assert again.json() == error(
        "conflict", "Order SO-1001 is Approved: it cannot be approved (only when Draft)."
    )


def test_allocate_reserves_the_stock_and_answers_the_shipment(client, order_shop, api_key):
    # given
    tee, tor = order_shop.variants["TEE-RED-M"], order_shop.warehouses["TOR-1"]

    # when
    answer = allocated(client, api_key)

    # then
    shipment = Shipment.objects.get()
    assert (answer["backordered"], answer["reason"]) == (False, None)
    assert answer["shipment"]["id"] == shipment.pk
    assert answer["shipment"]["number"] == "SO-1001-1"
    assert answer["shipment"]["status"] == "ready_to_send"
    assert answer["shipment"]["warehouse"] == "TOR-1"
    assert [(x["sku"], x["quantity"], x["shipped"]) for x in answer["shipment"]["lines"]] == [
        ("TEE-RED-M", 2, 0)
    ]
    assert answer["order"]["status"] == "fulfilling"
    assert answer["order"]["shipments"] == [answer["shipment"]]
    assert level(tee, tor) == (10, 2)


def test_allocate_without_enough_stock_answers_backordered_with_the_reason(
    client, order_shop, api_key
):
    # given
    order = approved_order(
        client, api_key, warehouse="TOR-1", lines=[{"sku": "BAG/ONE SIZE", "quantity": 5}]
    )

    # when
    response = act(client, api_key, order, "allocate")

    # then
    assert response.status_code == 200
    answer = response.json()
    reason = "Not Enough Stock at TOR-1 for order SO-1001: BAG/ONE SIZE (needs 5, 3 available)."
    assert (answer["backordered"], answer["reason"], answer["shipment"]) == (True, reason, None)
    assert (answer["order"]["status"], answer["order"]["backordered"]) == ("approved", True)
    assert answer["order"]["last_error"] == reason
    assert not Shipment.objects.exists()
    bag = order_shop.variants["BAG/ONE SIZE"]
    assert level(bag, order_shop.warehouses["TOR-1"]) == (3, 0)
    listed = api_get(client, f"{ORDERS}?backordered=true", api_key).json()["items"]
    assert [item["order_number"] for item in listed] == ["SO-1001"]


def test_allocating_a_draft_is_409_and_changes_nothing(client, order_shop, api_key):
    # given
    order = create_order(client, api_key)
    before = orders_state(order_shop.account)

    # when
    response = act(client, api_key, order, "allocate")

    # then
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "is Draft: it cannot be allocated" in response.json()["error"]["message"]
    assert orders_state(order_shop.account) == before
    assert not Shipment.objects.exists()


def test_cancel_an_allocated_order_releases_its_stock(client, order_shop, api_key):
    # given
    answer = allocated(client, api_key)

    # when
    response = act(client, api_key, answer["order"], "cancel", "?reason=customer%20asked")
    again = act(client, api_key, answer["order"], "cancel")

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert [s["status"] for s in response.json()["shipments"]] == ["cancelled"]
    assert level(order_shop.variants["TEE-RED-M"], order_shop.warehouses["TOR-1"]) == (10, 0)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


def test_the_shipments_list_and_its_status_filter(client, order_shop, api_key):
    # given
    first = allocated(client, api_key, "SO-1")["shipment"]
    second = allocated(client, api_key, "SO-2")["shipment"]
    api_post(client, f"/shipments/{first['id']}/cancel", {}, api_key)

    # when
    everything = api_get(client, "/shipments", api_key).json()
    ready = api_get(client, "/shipments?status=ready_to_send", api_key).json()
    bad = api_get(client, "/shipments?status=lost", api_key)

    # then
    assert [s["number"] for s in everything["items"]] == ["SO-2-1", "SO-1-1"]
    assert everything["count"] == 2
    assert ready["items"] == [second]
    assert bad.status_code == 422
    assert api_get(client, f"/shipments/{second['id']}", api_key).json() == second


def test_cancel_a_ready_shipment_releases_its_stock_and_reopens_the_order(
    client, order_shop, api_key
):
    # given
    shipment = allocated(client, api_key)["shipment"]

    # when
    response = api_post(client, f"/shipments/{shipment['id']}/cancel", {}, api_key)
    again = api_post(client, f"/shipments/{shipment['id']}/cancel", {}, api_key)

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert SalesOrder.objects.get().status == "approved"
    assert level(order_shop.variants["TEE-RED-M"], order_shop.warehouses["TOR-1"]) == (10, 0)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


def test_ship_by_hand_partly_then_fully_ships_the_order(client, order_shop, api_key):
    # given
    set_level(order_shop.account, order_shop.variants["MUG-1"], order_shop.warehouses["TOR-1"], 5)
    shipment = allocated(
        client,
        api_key,
        lines=[{"sku": "TEE-RED-M", "quantity": 2}, {"sku": "MUG-1", "quantity": 1}],
    )["shipment"]
    tracking = [{"number": "1Z999", "carrier": "UPS", "url": "https://ups.example/1Z999"}]

    # when
    partly = ship(client, api_key, shipment, [{"sku": "TEE-RED-M", "shipped": 1}], tracking)
    same = ship(client, api_key, shipment, [{"sku": "TEE-RED-M", "shipped": 1}], tracking)
    fully = ship(
        client,
        api_key,
        shipment,
        [{"sku": "TEE-RED-M", "shipped": 2}, {"sku": "MUG-1", "shipped": 1}],
    )

    # then
    assert (partly.status_code, same.status_code, fully.status_code) == (200, 200, 200)
    assert partly.json()["status"] == "short_shipped"
    assert partly.json()["tracking"] == tracking
    assert same.json() == partly.json()
    assert fully.json()["status"] == "shipped"
    assert fully.json()["tracking"] == tracking
    assert [(x["sku"], x["shipped"]) for x in fully.json()["lines"]] == [
        ("TEE-RED-M", 2),
        ("MUG-1", 1),
    ]
    order = api_get(client, f"{ORDERS}/{fully.json()['order_id']}", api_key).json()
    assert order["status"] == "shipped"
    assert [line["shipped"] for line in order["lines"]] == [2, 1]
    assert level(order_shop.variants["TEE-RED-M"], order_shop.warehouses["TOR-1"]) == (8, 0)


@pytest.mark.parametrize(
    ("lines", "fields"),
    [
        ([{"sku": "MUG-1", "shipped": 1}], {"lines.0.sku": "Shipment SO-1001-1 has no SKU MUG-1."}),
        (
            [{"sku": "TEE-RED-M", "shipped": 3}],
            {"lines.0.shipped": "3 shipped is more than the 2 of TEE-RED-M in the shipment."},
        ),
        (
            [{"sku": "TEE-RED-M", "shipped": 1}, {"sku": "TEE-RED-M", "shipped": 2}],
            {"lines.1.sku": "SKU TEE-RED-M is given twice; send its total once."},
        ),
    ],
)
def test_a_bad_ship_body_is_422_and_changes_nothing(client, order_shop, api_key, lines, fields):
    # given
    shipment = allocated(client, api_key)["shipment"]
    before = (orders_state(order_shop.account), shipments_state(order_shop.account))

    # when
    response = ship(client, api_key, shipment, lines)

    # then
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "validation_error"
    assert {item["field"]: item["message"] for item in body["fields"]} == fields
    assert (orders_state(order_shop.account), shipments_state(order_shop.account)) == before


@pytest.mark.parametrize(
    "body",
    [
        {"lines": [{"sku": "TEE-RED-M", "shipped": -1}]},
        {"lines": [{"sku": "TEE-RED-M", "shipped": "2"}]},
        {"lines": [{"sku": "TEE-RED-M"}]},
        {"lines": [], "tracking": [{"number": ""}]},
        {"tracking": []},
    ],
)
def test_a_wrong_ship_shape_is_422(client, order_shop, api_key, body):
    # given
    shipment = allocated(client, api_key)["shipment"]

    # when
    response = api_post(client, f"/shipments/{shipment['id']}/ship", body, api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert shipments_state(order_shop.account)[0][1:] == ("ready_to_send", [0])


def test_a_shipment_a_fulfillment_channel_ships_is_not_marked_by_hand(client, order_shop, api_key):
    # given
    shipment = allocated(client, api_key)["shipment"]
    threepl = make_channel(order_shop.account, "3PL", "sandbox_fulfillment", "fulfillment")
    Shipment.objects.filter(pk=shipment["id"]).update(fulfillment_channel=threepl)
    before = shipments_state(order_shop.account)

    # when
    response = ship(client, api_key, shipment, [{"sku": "TEE-RED-M", "shipped": 2}])

    # then
    assert response.status_code == 409
    assert response.json() == error(
        "conflict",
        "Shipment SO-1001-1 is shipped by 3PL: its progress is read from there, not marked by "
        "hand.",
    )
    assert shipments_state(order_shop.account) == before


def test_a_cancelled_shipment_cannot_be_shipped(client, order_shop, api_key):
    # given
    shipment = allocated(client, api_key)["shipment"]
    api_post(client, f"/shipments/{shipment['id']}/cancel", {}, api_key)

    # when
    response = ship(client, api_key, shipment, [{"sku": "TEE-RED-M", "shipped": 1}])

    # then
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert shipments_state(order_shop.account)[0][1:] == ("cancelled", [0])
