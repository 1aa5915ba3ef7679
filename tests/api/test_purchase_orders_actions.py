"""The actions of a purchase order by API: approve (Incoming), send (to the fulfillment channel
serving the warehouse), cancel (Incoming back), a Draft line's lot and serial number; each
refusal a 409 or 422 that changes nothing; receipts shown on the order as the fulfillment
channel reported them."""

from __future__ import annotations

import pytest

from openoms.channels.models import ChannelWarehouse
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine
from tests.api.channel_data import make_channel
from tests.api.helpers import api_get, api_patch, api_post, error
from tests.api.purchase_order_data import (  # noqa: F401
    POS,
    approved_po,
    create_po,
    incoming,
    mark_sent,
    po_shop_fixture,
    pos_state,
    receive,
)


@pytest.fixture
def threepl(po_shop):
    """A sandbox 3PL serving TOR-1: it receives the purchase orders of TOR-1."""
    channel = make_channel(po_shop.account, "Sandbox 3PL", "sandbox_fulfillment", "fulfillment")
    ChannelWarehouse.objects.create(channel=channel, warehouse=po_shop.warehouses["TOR-1"])
    return channel


def tee_at_tor(po_shop) -> tuple[int, int]:
    return incoming(po_shop.variants["TEE-RED-M"], po_shop.warehouses["TOR-1"])


def test_approve_counts_incoming_and_a_second_approve_is_409(client, po_shop, api_key, tenant):
    # given
    order = create_po(client, api_key)

    # when
    approved = api_post(client, f"{POS}/{order['id']}/approve", {}, api_key)
    before = pos_state(tenant.account)
    again = api_post(client, f"{POS}/{order['id']}/approve", {}, api_key)

    # then
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["events"][0]["message"] == "Purchase order PO-1001 approved."
    assert tee_at_tor(po_shop) == (10, 10)
    assert again.status_code == 409
    assert again.json() == error(
        "conflict",
        "Purchase order PO-1001 is Approved: it cannot be approved (only when Draft).",
    )
    assert pos_state(tenant.account) == before
    assert tee_at_tor(po_shop) == (10, 10)


def test_send_asks_the_channel_serving_the_warehouse(client, po_shop, api_key, threepl):
    # given
    order = approved_po(client, api_key)

    # when
    response = api_post(client, f"{POS}/{order['id']}/send", {}, api_key)

    # then
    assert response.status_code == 200
    sent = response.json()
    assert sent["status"] == "approved"  # Sent once the channel accepted it
    assert sent["send_requested_at"] is not None
    assert sent["channel_id"] == threepl.pk
    assert sent["events"][0]["message"] == "Purchase order PO-1001 is to be sent to Sandbox 3PL."


def test_send_without_a_channel_is_409_with_the_reason(client, po_shop, api_key):
    # given
    order = approved_po(client, api_key)

    # when
    response = api_post(client, f"{POS}/{order['id']}/send", {}, api_key)

    # then
    assert response.status_code == 409
    message = response.json()["error"]["message"]
    assert message.startswith(
        "Purchase order PO-1001 cannot be sent: no enabled fulfillment channel that receives "
        "purchase orders serves warehouse TOR-1."
    )
    found = PurchaseOrder.objects.get()
    assert (found.status, found.send_requested_at, found.channel_id) == ("approved", None, None)
    assert found.last_error == message


def test_send_of_a_draft_is_409(client, po_shop, api_key, threepl, tenant):
    # given
    order = create_po(client, api_key)
    before = pos_state(tenant.account)

    # when
    response = api_post(client, f"{POS}/{order['id']}/send", {}, api_key)

    # then
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "Purchase order PO-1001 is Draft: it cannot be sent to the warehouse (only when Approved)."
    )
    assert pos_state(tenant.account) == before


def test_cancel_an_approved_order_gives_its_incoming_back(client, po_shop, api_key):
    # given
    order = approved_po(client, api_key)

    # when
    response = api_post(client, f"{POS}/{order['id']}/cancel?reason=Supplier%20out", {}, api_key)

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["events"][0]["message"] == (
        "Purchase order PO-1001 cancelled: Supplier out."
    )
    assert tee_at_tor(po_shop) == (10, 0)


def test_a_received_order_cannot_be_cancelled(client, po_shop, api_key, tenant):
    # given a sent order, partly received
    order = approved_po(client, api_key)
    mark_sent(order["id"])
    receive(order["id"], {"TEE-RED-M": 4})
    before = pos_state(tenant.account)

    # when
    response = api_post(client, f"{POS}/{order['id']}/cancel", {}, api_key)

    # then
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "Purchase order PO-1001 is Receiving: it cannot be cancelled (only when Approved, "
        "Draft, Sent to Warehouse)."
    )
    assert pos_state(tenant.account) == before


def test_receipts_show_on_the_order_with_received_and_open(client, po_shop, api_key):
    # given an order of 10 TEE and 5 MUG, sent; 4 TEE arrive, then the rest
    order = approved_po(
        client,
        api_key,
        lines=[{"sku": "TEE-RED-M", "quantity": 10}, {"sku": "MUG-1", "quantity": 5}],
    )
    mark_sent(order["id"])
    receive(order["id"], {"TEE-RED-M": 4}, external_ref="WRO-9-1")
    first = api_get(client, f"{POS}/{order['id']}", api_key).json()
    receive(order["id"], {"TEE-RED-M": 6, "MUG-1": 5})

    # when
    done = api_get(client, f"{POS}/{order['id']}", api_key).json()

    # then
    assert first["status"] == "receiving"
    assert [(x["sku"], x["received"], x["open"]) for x in first["lines"]] == [
        ("TEE-RED-M", 4, 6),
        ("MUG-1", 0, 5),
    ]
    assert [(r["number"], r["status"], r["external_ref"]) for r in first["receipts"]] == [
        ("PO-1001-R1", "short_received", "WRO-9-1")
    ]
    assert [(x["sku"], x["quantity"]) for x in first["receipts"][0]["lines"]] == [("TEE-RED-M", 4)]
    assert done["status"] == "received"
    assert (done["quantity"], done["received"]) == (15, 15)
    assert [(r["number"], r["status"]) for r in done["receipts"]] == [
        ("PO-1001-R2", "received"),
        ("PO-1001-R1", "short_received"),
    ]
    assert tee_at_tor(po_shop) == (20, 0)


def test_a_draft_lines_lot_and_serial_are_patched(client, po_shop, api_key):
    # given
    order = create_po(
        client,
        api_key,
        lines=[{"sku": "TEE-RED-M", "quantity": 10}, {"sku": "MUG-1", "quantity": 1}],
    )
    tee, mug = (line["id"] for line in order["lines"])
    path = f"{POS}/{order['id']}/lines"

    # when
    lot = api_patch(client, {"lot_number": "LOT-9"}, api_key, f"{path}/{tee}")
    serial = api_patch(
        client, {"serial_number": "SN-1", "lot_number": ""}, api_key, f"{path}/{mug}"
    )

    # then
    assert lot.status_code == 200, lot.content
    assert (lot.json()["lot_number"], lot.json()["serial_number"]) == ("LOT-9", "")
    assert serial.status_code == 200
    assert (serial.json()["lot_number"], serial.json()["serial_number"]) == ("", "SN-1")
    rows = PurchaseOrderLine.objects.order_by("line_number")
    assert list(rows.values_list("lot_number", "serial_number")) == [("LOT-9", ""), ("", "SN-1")]


def test_a_serial_on_a_line_of_ten_is_422_and_changes_nothing(client, po_shop, api_key, tenant):
    # given
    order = create_po(client, api_key)
    line = order["lines"][0]["id"]
    before = pos_state(tenant.account)

    # when
    response = api_patch(
        client, {"serial_number": "SN-1"}, api_key, f"{POS}/{order['id']}/lines/{line}"
    )

    # then
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {
            "field": "serial_number",
            "message": "A line with a serial number has quantity 1. This line has 10.",
        }
    ]
    assert pos_state(tenant.account) == before


def test_lines_of_an_approved_order_are_locked(client, po_shop, api_key, tenant):
    # given
    order = approved_po(client, api_key)
    line = order["lines"][0]["id"]
    before = pos_state(tenant.account)

    # when
    response = api_patch(
        client, {"lot_number": "LOT-9"}, api_key, f"{POS}/{order['id']}/lines/{line}"
    )

    # then
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "Purchase order PO-1001 is Approved: lot and serial numbers can be changed only while "
        "it is Draft."
    )
    assert pos_state(tenant.account) == before


def test_a_line_of_another_order_is_404(client, po_shop, api_key, tenant):
    # given
    first = create_po(client, api_key, "PO-1")
    second = create_po(client, api_key, "PO-2")
    before = pos_state(tenant.account)

    # when
    path = f"{POS}/{first['id']}/lines/{second['lines'][0]['id']}"
    response = api_patch(client, {"lot_number": "X"}, api_key, path)
    shape = api_patch(client, {"lot_number": 5}, api_key, path)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Purchase order line not found.")
    assert shape.status_code == 422
    assert pos_state(tenant.account) == before
