"""Orders sent to the ShipBob emulator (never twice), cancelled, and their shipments read back as
the warehouse ships them partly then fully, over real HTTP (127.0.0.1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from openoms.connectors.base import ConnectorError
from openoms.connectors.fulfillment_types import (
    CancelResult,
    FulfillmentOrder,
    OrderLine,
)
from openoms.connectors.order_types import PostalAddress, ShipmentLine, Tracking
from tests.connectors.shipbob.emulator import FC_EAST, seed_two_centers

NOT_CANCELLABLE = "The shipment has already been picked, packed or shipped and cannot be cancelled."


def order(
    reference: str = "SH-1001", *lines: tuple[str, int], location: str = str(FC_EAST)
) -> FulfillmentOrder:
    return FulfillmentOrder(
        reference=reference,
        lines=tuple(OrderLine(sku, quantity) for sku, quantity in lines or [("MUG-1", 4)]),
        ship_to=PostalAddress(
            name="Ada Lovelace",
            address1="1 Main St",
            city="Austin",
            state="TX",
            zip_code="78701",
            country="US",
        ),
        location=location,
    )


def orders_at_shipbob(emulator) -> list[tuple[int, str]]:
    listed = emulator.api("GET", "/order").json()
    return [(o["id"], o["reference_id"]) for o in listed]


def test_an_order_sent_twice_is_one_shipbob_order(emulator):
    # given
    seed_two_centers(emulator)
    shipbob = emulator.connector()
    # when
    first = shipbob.order_send(order())
    second = shipbob.order_send(order())
    # then
    assert (first.status, first.already_sent, second.already_sent) == ("Processing", False, True)
    assert second.order_id == first.order_id
    assert orders_at_shipbob(emulator) == [(int(first.order_id), "SH-1001")]
    assert emulator.warnings() == []
    assert emulator.violations() == []


def test_a_response_dropped_after_shipbob_committed_does_not_duplicate_the_order(emulator):
    # given ShipBob creates the order, then the connection closes without an answer
    seed_two_centers(emulator)
    emulator.control("config", {"drop_next": 1})
    shipbob = emulator.connector()
    # when
    sent = shipbob.order_send(order())
    # then the retry met the 422 and found the order
    assert orders_at_shipbob(emulator) == [(int(sent.order_id), "SH-1001")]
    assert sent.already_sent is True
    assert emulator.warnings() == [
        "ShipBob could not send an order: the connection failed (Server disconnected without "
        "sending a response); retrying in 1 s."
    ]
    assert emulator.clock.slept == [1.0]


def test_server_errors_are_retried_with_a_warning_each(emulator):
    # given the next two calls fail with 503 (nothing done)
    seed_two_centers(emulator)
    emulator.control("config", {"fail_next": 2, "fail_status": 503})
    shipbob = emulator.connector()
    # when
    sent = shipbob.order_send(order())
    # then
    assert (sent.already_sent, len(orders_at_shipbob(emulator))) == (False, 1)
    assert emulator.warnings() == [
        "ShipBob could not send an order: ShipBob failed with 503: Server Error; retrying in 1 s.",
        "ShipBob could not send an order: ShipBob failed with 503: Server Error; retrying in 2 s.",
    ]
    assert emulator.clock.slept == [1.0, 2.0]


def test_lasting_server_errors_fail_with_a_clear_message(emulator):
    # given
    emulator.control("config", {"fail_next": 10, "fail_status": 500})
    shipbob = emulator.connector()
    # when
    with pytest.raises(ConnectorError) as failed:
        shipbob.fulfillment_centers()
    # then
    assert failed.value.message.startswith(
        "ShipBob could not list the fulfillment centers: ShipBob failed with 500"
    )
    assert failed.value.message.endswith("(gave up after 3 retries).")
    assert (len(emulator.warnings()), emulator.clock.slept) == (3, [1.0, 2.0, 4.0])


def test_an_order_is_cancelled_until_the_warehouse_picks_it(emulator):
    # given two orders, the second picked
    seed_two_centers(emulator)
    shipbob = emulator.connector()
    open_order = shipbob.order_send(order("SH-1"))
    picked = shipbob.order_send(order("SH-2", ("MUG-1", 1)))
    emulator.control("pick", {"order_id": int(picked.order_id)})
    # when
    cancelled = shipbob.order_cancel(open_order.order_id)
    again = shipbob.order_cancel(open_order.order_id)
    refused = shipbob.order_cancel(picked.order_id)
    # then
    assert cancelled == CancelResult(open_order.order_id, True, "Success")
    assert again == CancelResult(open_order.order_id, True, "Cancelled")
    assert refused == CancelResult(
        picked.order_id, False, "Processing", f"order_id: {NOT_CANCELLABLE}"
    )
    assert [s.cancelled for s in shipbob.shipments(open_order.order_id)] == [True]


def test_shipments_are_read_back_partial_then_complete_with_tracking(emulator):
    # given an order of 4 MUG-1 and 2 TEE-S, shipped 1 MUG-1 first
    seed_two_centers(emulator)
    shipbob = emulator.connector()
    before = datetime.now(UTC) - timedelta(seconds=1)
    sent = shipbob.order_send(order("SH-7", ("MUG-1", 4), ("TEE-S", 2), location=""))
    emulator.control(
        "ship",
        {
            "order_id": int(sent.order_id),
            "lines": [{"sku": "MUG-1", "quantity": 1}],
            "tracking": {
                "carrier": "UPS",
                "tracking_number": "1Z1",
                "tracking_url": "https://u/1Z1",
            },
        },
    )
    # when
    partial = shipbob.shipments(sent.order_id)
    # then one shipped shipment of 1 MUG-1 and an open one with the rest
    assert [(s.status, s.shipped, s.lines, s.tracking) for s in partial] == [
        ("Processing", False, (ShipmentLine("MUG-1", 3), ShipmentLine("TEE-S", 2)), None),
        ("Completed", True, (ShipmentLine("MUG-1", 1),), Tracking("UPS", "1Z1", "https://u/1Z1")),
    ]
    assert {(s.order_id, s.reference, s.location) for s in partial} == {
        (sent.order_id, "SH-7", "11")
    }
    assert partial[1].shipped_at is not None
    # when the rest ships
    emulator.control(
        "ship",
        {"order_id": int(sent.order_id), "tracking": {"carrier": "USPS", "tracking_number": "94"}},
    )
    complete = shipbob.shipments(sent.order_id)
    since = shipbob.shipments_since(before)
    # then
    assert [(s.shipped, s.tracking.number) for s in complete] == [(True, "94"), (True, "1Z1")]
    assert sorted(s.shipment_id for s in since) == sorted(s.shipment_id for s in complete)
    assert shipbob.shipments_since(datetime.now(UTC) + timedelta(minutes=5)) == []
    assert shipbob.order_send(order("SH-7")).status == "Fulfilled"


def test_a_channel_id_that_is_not_a_number_is_refused_before_calling(emulator):
    shipbob = emulator.connector(channel_id="main")
    with pytest.raises(ConnectorError) as refused:
        shipbob.order_send(order())
    assert refused.value.message == (
        "The ShipBob channel id of channel 7 must be the number of a ShipBob channel "
        "(GET /channel), not 'main'."
    )


def test_an_address_shipbob_cannot_ship_to_is_refused_before_calling(emulator):
    shipbob = emulator.connector()
    unaddressed = FulfillmentOrder("SH-9", (OrderLine("MUG-1", 1),), PostalAddress(city="Austin"))
    with pytest.raises(ConnectorError) as refused:
        shipbob.order_send(unaddressed)
    assert refused.value.message == (
        "Order SH-9 cannot be sent to ShipBob: its ship-to address needs a name, a first address "
        "line, a country."
    )
    assert orders_at_shipbob(emulator) == []
