"""Receipts move stock and statuses exactly: a partial receipt (PO Receiving, receipt Short
Received), the rest (PO Received, receipt Received), the 3PL closing an order short, and an
over-receipt refused whole with an Error event and nothing changed."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.purchasing.models import PurchaseOrder, Receipt, ReceiptLine
from openoms.purchasing.services.receipts import receipt_record
from openoms.purchasing.services.workflow import purchase_order_cancel
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.purchasing.conftest import approved, line_ids, sent, stock

pytestmark = pytest.mark.django_db


def state(buyer) -> tuple:
    """Everything a receipt may change."""
    levels = list(InventoryLevel.objects.order_by("pk").values_list("total", "incoming"))
    orders = list(PurchaseOrder.objects.order_by("pk").values_list("status", "last_error"))
    received = [
        list(o.lines.values_list("received", flat=True))
        for o in PurchaseOrder.objects.order_by("pk")
    ]
    return (
        levels,
        orders,
        received,
        Receipt.objects.count(),
        ReceiptLine.objects.count(),
        InventoryMovement.objects.count(),
    )


def test_a_partial_receipt_moves_stock_and_leaves_the_order_receiving(buyer):
    # given an order of TEE 6 and MUG 4, sent (Incoming TEE 6, MUG 4)
    order = sent(buyer, "PO-1")
    ids = line_ids(order)
    # when 4 TEE arrive
    receipt = receipt_record(
        actor=buyer.actor, order=order, received={ids["TEE"]: 4}, external_ref="WRO-PO-1"
    )
    # then
    assert (receipt.number, receipt.status, receipt.external_ref) == (
        "PO-1-R1",
        "short_received",
        "WRO-PO-1",
    )
    assert list(receipt.lines.values_list("sku", "quantity")) == [("TEE", 4)]
    assert PurchaseOrder.objects.get(pk=order.pk).status == "receiving"
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((14, 2), (0, 4))
    moves = InventoryMovement.objects.filter(reference="Receipt PO-1-R1").order_by("id")
    assert list(moves.values_list("quantity", "change", "resulting", "trigger")) == [
        ("total", 4, 14, "receive_receipt"),
        ("incoming", -4, 2, "receive_receipt"),
    ]
    assert ledger_mismatches(account=buyer.account) == []


def test_the_rest_arrives_and_the_order_is_received(buyer):
    # given 4 of 6 TEE received already
    order = sent(buyer, "PO-1")
    ids = line_ids(order)
    receipt_record(actor=buyer.actor, order=order, received={ids["TEE"]: 4})
    # when the other 2 TEE and the 4 MUG arrive
    receipt = receipt_record(
        actor=buyer.actor, order=order, received={ids["TEE"]: 2, ids["MUG"]: 4}
    )
    # then
    found = PurchaseOrder.objects.get(pk=order.pk)
    assert (receipt.number, receipt.status, found.status) == ("PO-1-R2", "received", "received")
    assert list(found.lines.values_list("sku", "received")) == [("TEE", 6), ("MUG", 4)]
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((16, 0), (4, 0))
    messages = Event.objects.filter(entity_type="purchase_order", entity_id=str(order.pk))
    assert list(messages.order_by("id").values_list("message", flat=True))[-4:] == [
        "Receipt PO-1-R1 of purchase order PO-1 (Short Received): 4 TEE.",
        "Purchase order PO-1 is receiving.",
        "Receipt PO-1-R2 of purchase order PO-1 (Received): 2 TEE, 4 MUG.",
        "Purchase order PO-1 received.",
    ]
    assert ledger_mismatches(account=buyer.account) == []


def test_an_over_receipt_is_refused_whole_with_an_error_and_nothing_changes(buyer):
    # given 4 of 6 TEE received
    order = sent(buyer, "PO-1")
    ids = line_ids(order)
    receipt_record(actor=buyer.actor, order=order, received={ids["TEE"]: 4})
    before = state(buyer)
    # when 3 TEE (2 open) and 1 MUG arrive in one receipt
    with pytest.raises(ValidationFailed) as refused:
        receipt_record(actor=buyer.actor, order=order, received={ids["TEE"]: 3, ids["MUG"]: 1})
    # then nothing moved, the MUG included; an Error says why
    reason = (
        "Receipt of purchase order PO-1 refused, nothing was recorded: 3 of TEE (line 1) "
        "received but only 2 open (6 ordered, 4 received before)."
    )
    assert refused.value.errors == {
        f"received.{ids['TEE']}": "3 of TEE (line 1) received but only 2 open (6 ordered, 4 "
        "received before)."
    }
    assert refused.value.message == reason
    after = state(buyer)
    assert after[0] == before[0] and after[2:] == before[2:]
    assert after[1] == [("receiving", reason)]
    error = Event.objects.filter(entity_type="purchase_order", level="error")
    assert list(error.values_list("message", flat=True)) == [reason]
    # and the same refusal again is said once
    with pytest.raises(ValidationFailed):
        receipt_record(actor=buyer.actor, order=order, received={ids["TEE"]: 3, ids["MUG"]: 1})
    assert error.count() == 1


def test_the_3pl_closing_an_order_short_receives_it_and_drops_the_rest_of_incoming(buyer):
    # given an order of TEE 6 and MUG 4, sent
    order = sent(buyer, "PO-1")
    ids = line_ids(order)
    # when 5 TEE arrive and the 3PL closes the receiving order
    receipt = receipt_record(
        actor=buyer.actor, order=order, received={ids["TEE"]: 5}, complete=True
    )
    # then
    assert (receipt.status, PurchaseOrder.objects.get(pk=order.pk).status) == (
        "short_received",
        "received",
    )
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((15, 0), (0, 0))
    assert ledger_mismatches(account=buyer.account) == []


def test_receipts_only_for_sent_or_receiving_orders(buyer):
    # given an approved order (not sent)
    order = approved(buyer, "PO-1")
    ids = line_ids(order)
    before = state(buyer)
    # when
    with pytest.raises(Conflict) as refused:
        receipt_record(actor=buyer.actor, order=order, received={ids["TEE"]: 1})
    # then
    assert refused.value.message == (
        "Purchase order PO-1 is Approved: it cannot be received (only when Receiving, Sent to "
        "Warehouse)."
    )
    assert state(buyer) == before


def test_a_line_of_another_order_or_a_negative_quantity_is_refused(buyer):
    # given
    order = sent(buyer, "PO-1")
    other = sent(buyer, "PO-2", ("MUG", 1))
    before = state(buyer)
    # when / then
    with pytest.raises(ValidationFailed) as foreign:
        receipt_record(actor=buyer.actor, order=order, received={line_ids(other)["MUG"]: 1})
    assert list(foreign.value.errors.values()) == ["Not a line of purchase order PO-1."]
    with pytest.raises(ValidationFailed) as negative:
        receipt_record(actor=buyer.actor, order=order, received={line_ids(order)["TEE"]: -1})
    assert list(negative.value.errors.values()) == ["A quantity received is a whole number from 0."]
    assert state(buyer)[0] == before[0] and state(buyer)[2:] == before[2:]


def test_nothing_received_records_nothing(buyer):
    # given
    order = sent(buyer, "PO-1")
    before = state(buyer)
    # when
    receipt = receipt_record(actor=buyer.actor, order=order, received={line_ids(order)["TEE"]: 0})
    # then
    assert receipt is None
    assert state(buyer) == before


def test_a_receipt_carrier_error_refuses_it(buyer):
    # given an order without a carrier (accepted with a Warning), receipts' rule Error
    Account.objects.filter(pk=buyer.account.pk).update(
        purchase_order_carrier_code_rule="warning", receipt_carrier_code_rule="error"
    )
    buyer.account.refresh_from_db()
    order = sent(buyer, "PO-1", carrier="", service="")
    before = state(buyer)
    # when
    with pytest.raises(ValidationFailed) as refused:
        receipt_record(actor=buyer.actor, order=order, received={line_ids(order)["TEE"]: 1})
    # then
    assert refused.value.errors == {"carrier": "The carrier code is missing."}
    assert state(buyer)[2:] == before[2:]


def test_a_sent_order_with_receipts_cannot_be_cancelled(buyer):
    # given
    order = sent(buyer, "PO-1")
    receipt_record(actor=buyer.actor, order=order, received={line_ids(order)["TEE"]: 1})
    # when
    with pytest.raises(Conflict):
        purchase_order_cancel(actor=buyer.actor, order=order)
    # then
    assert PurchaseOrder.objects.get(pk=order.pk).status == "receiving"


def test_a_sent_order_cancelled_before_anything_arrived_drops_its_incoming(buyer):
    # given
    order = sent(buyer, "PO-1")
    # when
    purchase_order_cancel(actor=buyer.actor, order=order)
    # then
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((10, 0), (0, 0))
    warning = Event.objects.get(entity_type="purchase_order", level="warning")
    assert warning.message == (
        "Purchase order PO-1 was sent to 3PL as receiving order WRO-PO-1: cancel it there too "
        "(OpenOMS no longer expects it)."
    )


def test_another_tenant_cannot_record_a_receipt(buyer, other_tenant):
    # given
    order = sent(buyer, "PO-1")
    stranger = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    before = state(buyer)
    # when / then
    with pytest.raises(NotFound):
        receipt_record(actor=stranger, order=order, received={line_ids(order)["TEE"]: 1})
    assert state(buyer) == before
