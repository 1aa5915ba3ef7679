"""Orders for fulfillment: created with shipbob_channel_id, a repeated reference_id refused with
422, cancelled while nothing is picked, shipped partly then wholly with tracking, all read back
through ordinary ShipBob GETs."""

from __future__ import annotations

from . import shipbob_fixtures as sb
from .shipbob_fixtures import CHANNEL, FC_EAST, no_violations, order_body

# pytest fixtures, shared through the module (not a conftest the Shopify tests would see)
client, clock, running, seeded = sb.client, sb.clock, sb.running, sb.seeded


def test_create_then_read_back(client, seeded):
    reply = client.create_order("SO-1", [("MUG-1", 3)], order_number="#1001")
    assert reply.status == 201
    order = reply.body
    assert (order["reference_id"], order["status"], order["channel"]["id"]) == (
        "SO-1",
        "Processing",
        1,
    )
    assert [(p["reference_id"], p["quantity"]) for p in order["products"]] == [("MUG-1", 3)]
    (shipment,) = order["shipments"]
    assert shipment["location"]["id"] == FC_EAST  # the center that can fulfil it
    read = client.get(f"/2026-01/order/{order['id']}")
    assert read.status == 200 and read.body == order
    assert client.get("/2026-01/order?ReferenceIds=SO-1").body == [order]
    levels = client.levels(seeded["MUG-1"])
    assert (levels[FC_EAST]["committed_quantity"], levels[FC_EAST]["fulfillable_quantity"]) == (
        3,
        17,
    )
    no_violations(client)


def test_repeated_reference_id_is_422_and_creates_nothing(client, seeded):
    first = client.create_order("SO-1", [("MUG-1", 1)])
    again = client.create_order("SO-1", [("MUG-1", 1)])
    assert again.status == 422
    assert again.body == {"reference_id": ["An order with reference_id 'SO-1' already exists."]}
    assert [o["id"] for o in client.get("/2026-01/order").body] == [first.body["id"]]
    client.control("seed", {"channels": [{"id": 2, "name": "Other"}]})
    other = client.post(
        "/2026-01/order", order_body("SO-1", [("MUG-1", 1)]), headers={"shipbob_channel_id": "2"}
    )
    assert other.status == 201  # the reference is unique per channel
    no_violations(client)


def test_unknown_channel_and_unknown_product_id(client, seeded):
    reply = client.post(
        "/2026-01/order", order_body("SO-1", [("MUG-1", 1)]), headers={"shipbob_channel_id": "99"}
    )
    assert reply.status == 403
    body = {**order_body("SO-2", []), "products": [{"id": 4242, "quantity": 1}]}
    reply = client.post("/2026-01/order", body, headers={"shipbob_channel_id": CHANNEL})
    assert (reply.status, reply.body) == (422, {"products[0].id": ["Product 4242 was not found."]})


def test_cancel_while_nothing_is_picked(client, seeded):
    order = client.create_order("SO-1", [("MUG-1", 2)]).body
    reply = client.post(f"/2026-01/order/{order['id']}:cancel")
    assert reply.status == 200
    assert reply.body["status"] == "Success"
    assert reply.body["canceled_shipment_results"][0]["is_success"] is True
    read = client.get(f"/2026-01/order/{order['id']}").body
    assert read["status"] == "Cancelled" and read["shipments"][0]["status"] == "Cancelled"
    assert client.levels(seeded["MUG-1"])[FC_EAST]["committed_quantity"] == 0
    again = client.post(f"/2026-01/order/{order['id']}:cancel")
    assert (again.status, again.body) == (422, {"order_id": ["The order is already cancelled."]})
    no_violations(client)


def test_cancel_refused_once_picked(client, seeded):
    order = client.create_order("SO-1", [("MUG-1", 2)]).body
    assert client.control("pick", {"order_id": order["id"]}).status == 200
    reply = client.post(f"/2026-01/order/{order['id']}:cancel")
    assert reply.status == 422
    assert "picked" in reply.body["order_id"][0]
    read = client.get(f"/2026-01/order/{order['id']}").body
    assert read["status"] == "Processing" and read["shipments"][0]["status"] == "LabeledCreated"
    assert client.post("/2026-01/order/999999:cancel").status == 404
    no_violations(client)


def test_partial_then_complete_shipment_with_tracking(client, seeded):
    order = client.create_order("SO-1", [("MUG-1", 3), ("TEE-1", 1)]).body
    client.control(
        "seed", {"inventory": [{"sku": "TEE-1", "fulfillment_center_id": FC_EAST, "on_hand": 4}]}
    )
    first = client.control(
        "ship",
        {
            "order_id": order["id"],
            "lines": [{"sku": "MUG-1", "quantity": 2}],
            "tracking": {"carrier": "UPS", "tracking_number": "1Z001"},
        },
    )
    assert (first.status, first.body["order_status"]) == (200, "PartiallyFulfilled")
    shipments = client.get(f"/2026-01/order/{order['id']}/shipment").body
    by_status = {s["status"]: s for s in shipments}
    shipped = by_status["Completed"]
    assert shipped["id"] == first.body["shipment_id"]
    assert (shipped["tracking"]["carrier"], shipped["tracking"]["tracking_number"]) == (
        "UPS",
        "1Z001",
    )
    assert [(p["sku"], p["inventory_items"][0]["quantity"]) for p in shipped["products"]] == [
        ("MUG-1", 2)
    ]
    rest = by_status["Processing"]
    assert sorted((p["sku"], p["inventory_items"][0]["quantity"]) for p in rest["products"]) == [
        ("MUG-1", 1),
        ("TEE-1", 1),
    ]
    assert client.get(f"/2026-01/order/{order['id']}").body["status"] == "PartiallyFulfilled"
    assert client.get("/2026-01/order?HasTracking=true").body[0]["id"] == order["id"]
    levels = client.levels(seeded["MUG-1"])[FC_EAST]
    assert (levels["on_hand_quantity"], levels["committed_quantity"]) == (18, 1)

    second = client.control(
        "ship",
        {"order_id": order["id"], "tracking": {"carrier": "USPS", "tracking_number": "9400"}},
    )
    assert second.body["order_status"] == "Fulfilled"
    one = client.get(f"/2026-01/shipment/{second.body['shipment_id']}").body
    assert (one["status"], one["tracking"]["tracking_number"]) == ("Completed", "9400")
    assert client.get(f"/2026-01/order/{order['id']}").body["status"] == "Fulfilled"
    levels = client.levels(seeded["MUG-1"])[FC_EAST]
    assert (levels["on_hand_quantity"], levels["committed_quantity"]) == (17, 0)
    assert client.control("ship", {"order_id": order["id"]}).status == 409  # nothing left
    cancel = client.post(f"/2026-01/order/{order['id']}:cancel")
    assert cancel.status == 422  # shipped shipments cannot be cancelled
    no_violations(client)


def test_shipping_more_than_is_left_or_on_hand_is_refused(client, seeded):
    order = client.create_order("SO-1", [("TEE-1", 2)]).body  # no TEE-1 stock anywhere
    reply = client.control(
        "ship", {"order_id": order["id"], "lines": [{"sku": "TEE-1", "quantity": 3}]}
    )
    assert reply.status == 409
    reply = client.control("ship", {"order_id": order["id"]})
    assert reply.status == 409 and "on hand" in reply.body["errors"]["lines"][0]
    assert client.get(f"/2026-01/order/{order['id']}").body["status"] == "Processing"


def test_unknown_reference_id_creates_the_product_like_shipbob(client, seeded):
    reply = client.create_order("SO-1", [("NEW-SKU", 1)])
    assert reply.status == 201
    products = client.get("/2026-01/product?SKU=NEW-SKU").body["items"]
    assert [v["sku"] for v in products[0]["variants"]] == ["NEW-SKU"]
