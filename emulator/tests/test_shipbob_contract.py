"""The OpenAPI file as the judge: requests refused in the operation's error shape, and every
response the emulator builds checked against it (a wrong field is a 500 naming the mismatch)."""

from __future__ import annotations

from openoms_emulator.shipbob import views

from . import shipbob_fixtures as sb
from .shipbob_fixtures import CHANNEL, contract, no_violations, order_body

# pytest fixtures, shared through the module (not a conftest the Shopify tests would see)
client, clock, running, seeded = sb.client, sb.clock, sb.running, sb.seeded

ORDER_201 = "/paths/~12026-01~1order/post/responses/201/content/application~1json/schema"


def test_routes_use_the_files_paths_and_literal_segments_win():
    c = contract()
    op, params, _ = c.match("POST", "/2026-01/order/42:cancel")
    assert (op.operation_id, params) == ("cancel-order", {"orderId": "42"})
    op, params, _ = c.match("GET", "/2026-01/inventory-level/locations")
    assert (op.operation_id, params) == (
        "get-all-inventory-levels-grouped-by-fulfillment-center",
        {},
    )
    op, params, _ = c.match("GET", "/2026-01/inventory-level/7/locations")
    assert (op.operation_id, params) == (
        "get-inventory-levels-grouped-by-fulfillment-center",
        {"inventoryId": "7"},
    )
    assert c.match("DELETE", "/2026-01/order") == (None, {}, True)


def test_response_check_refuses_a_misspelt_field_a_wrong_type_and_a_bad_enum():
    c = contract()
    good = {"id": 1, "status": "Processing", "created_date": "2026-01-02T03:04:05Z"}
    assert c.errors(ORDER_201, good, strict=True) == {}
    assert "refrence_id" in c.errors(ORDER_201, {**good, "refrence_id": "x"}, strict=True)[""][0]
    assert c.errors(ORDER_201, {**good, "id": "1"}, strict=True) == {
        "id": ["'1' is not of type 'integer'"]
    }
    assert "status" in c.errors(ORDER_201, {**good, "status": "Shipped"}, strict=True)
    assert "created_date" in c.errors(ORDER_201, {**good, "created_date": "yesterday"}, strict=True)


def test_a_wrong_response_field_becomes_a_500_naming_the_mismatch(client, seeded, monkeypatch):
    real = views.order
    monkeypatch.setattr(views, "order", lambda store, o: {**real(store, o), "shipmentz": []})
    reply = client.create_order("SO-BAD", [("MUG-1", 1)])
    assert reply.status == 500
    assert reply.body["emulator_error"] == "response violates the OpenAPI contract"
    assert reply.body["operation"] == "create-order"
    assert "'shipmentz' was unexpected" in reply.body["errors"][""][0]
    assert client.control("state").body["contract_violations"][0]["operation"] == "create-order"


def test_lenient_mode_sends_the_wrong_response_but_records_it(client, seeded, monkeypatch):
    real = views.order
    monkeypatch.setattr(views, "order", lambda store, o: {**real(store, o), "id": "oops"})
    assert client.control("config", {"strict_responses": False}).status == 200
    reply = client.create_order("SO-LENIENT", [("MUG-1", 1)])
    assert (reply.status, reply.body["id"]) == (201, "oops")
    assert client.control("state").body["contract_violations"][0]["errors"] == {
        "id": ["'oops' is not of type 'integer'"]
    }


def test_request_body_refusals_use_the_operations_400_shape(client, seeded):
    body = order_body("SO-1", [("MUG-1", 1)])
    del body["reference_id"]
    body["products"][0]["quantity"] = "2"
    reply = client.post("/2026-01/order", body, headers={"shipbob_channel_id": CHANNEL})
    assert reply.status == 400
    assert reply.body == {
        "": ["'reference_id' is a required property"],
        "products.0.quantity": ["'2' is not of type 'integer'"],
    }
    reply = client.post(
        "/2026-01/order",
        {**order_body("SO-2", [("MUG-1", 1)]), "referenceId": "x"},
        headers={"shipbob_channel_id": CHANNEL},
    )
    assert reply.status == 400
    assert "'referenceId' was unexpected" in reply.body[""][0]
    reply = client.post("/2026-01/order", b"{not json", headers={"shipbob_channel_id": CHANNEL})
    assert reply.status == 400 and "not valid JSON" in reply.body[""][0]
    assert client.get("/2026-01/order").body == []  # nothing was created
    no_violations(client)


def test_parameter_refusals(client, seeded):
    reply = client.post("/2026-01/order", order_body("SO-1", [("MUG-1", 1)]))
    assert (reply.status, reply.body) == (
        400,
        {"shipbob_channel_id": ["The shipbob_channel_id field is required."]},
    )
    reply = client.post(
        "/2026-01/order", order_body("SO-1", [("MUG-1", 1)]), headers={"shipbob_channel_id": "abc"}
    )
    assert reply.status == 400 and list(reply.body) == ["shipbob_channel_id"]
    reply = client.get("/2026-01/order/not-a-number")
    assert reply.status == 400 and list(reply.body) == ["orderId"]
    reply = client.get("/2026-01/inventory-level/locations?IsActive=maybe")
    assert reply.status == 400
    assert (
        reply.body["status"] == 400 and "IsActive" in reply.body["detail"]
    )  # Inventory.ProblemDetails
    no_violations(client)


def test_unknown_paths_methods_and_unemulated_operations(client):
    assert client.get("/2026-01/nothing-here").status == 404
    assert client.call("DELETE", "/2026-01/order").status == 405
    assert client.get("/2026-01/taxonomy").status == 501


def test_reject_unknown_fields_can_be_turned_off(client, seeded):
    client.control("config", {"reject_unknown_fields": False})
    body = {**order_body("SO-X", [("MUG-1", 1)]), "extra_field": 1}
    assert (
        client.post("/2026-01/order", body, headers={"shipbob_channel_id": CHANNEL}).status == 201
    )
