"""Purchase orders sent to the ShipBob emulator as receiving orders (WROs), never twice, and their
receipts read back as the warehouse receives them partly then fully, over real HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from openoms.connectors.base import ConnectorError
from openoms.connectors.fulfillment_types import (
    Receipt,
    ReceivingLine,
    ReceivingOrderDraft,
    ReceivingStatus,
)
from openoms.connectors.types import StockLevel
from tests.connectors.shipbob.emulator import FC_WEST, seed_two_centers


def purchase_order(number: str = "PO-7", *lines: tuple[str, int]) -> ReceivingOrderDraft:
    return ReceivingOrderDraft(
        reference=number,
        location=str(FC_WEST),
        expected_arrival=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
        lines=tuple(ReceivingLine(sku, q) for sku, q in lines or [("MUG-1", 10), ("CAP", 4)]),
    )


class LoseFirstCreate(httpx.HTTPTransport):
    """The network between the connector and the emulator: the answer to the first
    ``POST /receiving`` is lost after the emulator created the WRO."""

    def __init__(self, emulator):
        super().__init__()
        self.emulator, self.armed = emulator, True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.armed and request.method == "POST" and request.url.path.endswith("/receiving"):
            self.armed = False
            self.emulator.control("config", {"drop_next": 1})
        return super().handle_request(request)


def wros_at_shipbob(emulator) -> list[tuple[int, str]]:
    listed = emulator.api("GET", "/receiving").json()
    return [(w["id"], w["purchase_order_number"]) for w in listed]


def test_a_receiving_order_is_received_partly_then_fully(emulator):
    # given
    ids = seed_two_centers(emulator)
    shipbob = emulator.connector()
    sent = shipbob.receiving_order_send(purchase_order())
    # when the warehouse receives 4 mugs
    emulator.control(
        "receive", {"wro_id": int(sent.receiving_id), "lines": [{"sku": "MUG-1", "quantity": 4}]}
    )
    partly = shipbob.receiving_order(sent.receiving_id)
    # then
    assert sent == ReceivingStatus(
        sent.receiving_id,
        "PO-7",
        "Awaiting",
        "11",
        (Receipt("MUG-1", 10, 0, 0), Receipt("CAP", 4, 0, 0)),
    )
    assert partly == ReceivingStatus(
        sent.receiving_id,
        "PO-7",
        "Processing",
        "11",
        (Receipt("MUG-1", 10, 4, 4), Receipt("CAP", 4, 0, 0)),
    )
    assert (partly.partly_received, partly.complete) == (True, False)
    # when the rest arrives
    emulator.control("receive", {"wro_id": int(sent.receiving_id)})
    done = shipbob.receiving_order(sent.receiving_id)
    # then
    assert (done.status, done.complete, done.partly_received) == ("Completed", True, False)
    assert done.receipts == (Receipt("MUG-1", 10, 10, 10), Receipt("CAP", 4, 4, 4))
    assert shipbob.fetch_inventory([], [str(FC_WEST)])[:1] == [StockLevel("MUG-1", "11", 15)]
    assert sorted(ids) == ["CAP", "MUG-1", "TEE-S"]
    assert emulator.violations() == []


def test_a_purchase_order_sent_twice_or_after_a_lost_answer_is_one_wro(emulator):
    # given
    seed_two_centers(emulator)
    shipbob = emulator.connector(transport=LoseFirstCreate(emulator))
    # when
    first = shipbob.receiving_order_send(purchase_order())
    second = shipbob.receiving_order_send(purchase_order())
    # then
    assert wros_at_shipbob(emulator) == [(int(first.receiving_id), "PO-7")]
    assert (first.already_sent, second.already_sent) == (True, True)
    assert second.receiving_id == first.receiving_id
    assert emulator.warnings() == [
        "ShipBob could not send a receiving order: the connection failed (Server disconnected "
        "without sending a response); retrying in 1 s."
    ]


def test_an_unknown_sku_or_a_bad_draft_is_refused_before_anything_is_sent(emulator):
    # given
    seed_two_centers(emulator)
    shipbob = emulator.connector()
    # when / then
    with pytest.raises(ConnectorError) as unknown:
        shipbob.receiving_order_send(purchase_order("PO-8", ("NOPE", 1), ("MUG-1", 1)))
    assert unknown.value.message == (
        "Purchase order PO-8: ShipBob has no product with SKU NOPE; export the products to "
        "ShipBob first."
    )
    bad = ReceivingOrderDraft("PO-9", "west", datetime(2026, 2, 1), (ReceivingLine("CAP", 0),))
    with pytest.raises(ConnectorError) as refused:
        shipbob.receiving_order_send(bad)
    assert refused.value.message == (
        "Purchase order PO-9 cannot be sent to ShipBob: 'west' is not a ShipBob fulfillment "
        "center id; it needs lines, each with a quantity above 0."
    )
    assert wros_at_shipbob(emulator) == []
