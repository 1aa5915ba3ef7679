"""A purchase order's transitions by people: approve (Incoming += each line), cancel (Incoming -=
what is open), send (asked of the warehouse's fulfillment channel, automatically with the
account's Enable Automatic Purchase Order Workflow), each with its Event; refused moves change
nothing."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.channels.models import ChannelWarehouse
from openoms.core.errors import Conflict, NotFound
from openoms.inventory.models import InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.services.workflow import (
    purchase_order_approve,
    purchase_order_cancel,
    purchase_order_send,
)
from openoms.purchasing.transitions import PO_TRANSITIONS, po_can, po_next
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.purchasing.conftest import approved, created, stock
from tests.sync.conftest import make_channel

pytestmark = pytest.mark.django_db


def events(order) -> list[tuple[str, str]]:
    rows = Event.objects.filter(entity_type="purchase_order", entity_id=str(order.pk))
    return list(rows.order_by("id").values_list("level", "message"))


def test_the_declared_transitions():
    assert {action: (sorted(starts), to) for action, (starts, to) in PO_TRANSITIONS.items()} == {
        "approve": (["draft"], "approved"),
        "send": (["approved"], "sent"),
        "receive": (["receiving", "sent"], "receiving"),
        "complete": (["receiving", "sent"], "received"),
        "cancel": (["approved", "draft", "sent"], "cancelled"),
    }
    assert po_can("cancel", "sent") and not po_can("cancel", "receiving")
    with pytest.raises(Conflict) as refused:
        po_next("approve", "received", "PO-9")
    assert refused.value.message == (
        "Purchase order PO-9 is Received: it cannot be approved (only when Draft)."
    )


def test_approve_adds_each_line_to_incoming_with_its_movement(buyer):
    # given
    order = created(buyer, "PO-1", ("TEE", 6), ("MUG", 4), ("TEE", 2))
    # when
    approved_order = purchase_order_approve(actor=buyer.actor, order=order)
    # then
    assert approved_order.status == "approved"
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((10, 8), (0, 4))
    moves = InventoryMovement.objects.filter(quantity="incoming").order_by("id")
    assert list(
        moves.values_list("level__variant__sku", "change", "resulting", "trigger", "reference")
    ) == [
        ("TEE", 8, 8, "receive_receipt", "PO PO-1 approved"),
        ("MUG", 4, 4, "receive_receipt", "PO PO-1 approved"),
    ]
    assert events(order)[-1] == ("info", "Purchase order PO-1 approved.")
    assert ledger_mismatches(account=buyer.account) == []


def test_approving_twice_is_refused_and_changes_nothing(buyer):
    # given
    order = approved(buyer, "PO-1")
    # when
    with pytest.raises(Conflict) as refused:
        purchase_order_approve(actor=buyer.actor, order=order)
    # then
    assert refused.value.message == (
        "Purchase order PO-1 is Approved: it cannot be approved (only when Draft)."
    )
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((10, 6), (0, 4))


def test_cancel_an_approved_order_removes_its_incoming(buyer):
    # given
    order = approved(buyer, "PO-1")
    other = approved(buyer, "PO-2", ("TEE", 3))
    # when
    cancelled = purchase_order_cancel(actor=buyer.actor, order=order, reason="Supplier late")
    # then
    assert cancelled.status == "cancelled"
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((10, 3), (0, 0))
    assert events(order)[-1] == ("info", "Purchase order PO-1 cancelled: Supplier late.")
    assert PurchaseOrder.objects.get(pk=other.pk).status == "approved"
    assert ledger_mismatches(account=buyer.account) == []


def test_cancel_a_draft_touches_no_stock_and_a_cancelled_order_cannot_be_cancelled(buyer):
    # given
    order = created(buyer, "PO-1")
    # when
    purchase_order_cancel(actor=buyer.actor, order=order)
    # then
    assert not InventoryMovement.objects.filter(quantity="incoming").exists()
    with pytest.raises(Conflict):
        purchase_order_cancel(actor=buyer.actor, order=order)
    with pytest.raises(Conflict):
        purchase_order_approve(actor=buyer.actor, order=order)


def test_send_without_a_fulfillment_channel_is_a_clear_error(buyer):
    # given an approved order at A, which no fulfillment channel serves
    order = approved(buyer, "PO-1")
    # when
    with pytest.raises(Conflict) as refused:
        purchase_order_send(actor=buyer.actor, order=order)
    # then
    reason = (
        "Purchase order PO-1 cannot be sent: no enabled fulfillment channel that receives "
        "purchase orders serves warehouse A. Add the warehouse to a fulfillment channel (its "
        "warehouses or warehouse mappings), then send it again."
    )
    assert refused.value.message == reason
    assert events(order)[-1] == ("error", reason)
    found = PurchaseOrder.objects.get(pk=order.pk)
    assert (found.status, found.send_requested_at, found.last_error) == ("approved", None, reason)


def test_send_is_asked_of_the_channel_serving_the_warehouse_once(buyer):
    # given a disabled 3PL and an enabled one serving A, a store (no purchase orders)
    make_channel(buyer.account, "Store")
    off = make_channel(buyer.account, "Old 3PL", kind="sandbox_fulfillment", enabled=False)
    three_pl = make_channel(buyer.account, "3PL", kind="sandbox_fulfillment")
    for channel in (off, three_pl):
        ChannelWarehouse.objects.create(channel=channel, warehouse=buyer.a)
    order = approved(buyer, "PO-1")
    # when
    purchase_order_send(actor=buyer.actor, order=order)
    asked = PurchaseOrder.objects.get(pk=order.pk).send_requested_at
    purchase_order_send(actor=buyer.actor, order=order)  # asked again: nothing changes
    # then
    found = PurchaseOrder.objects.get(pk=order.pk)
    assert (found.status, found.channel, found.send_requested_at) == ("approved", three_pl, asked)
    assert asked is not None
    assert [e for e in events(order) if "to be sent" in e[1]] == [
        ("info", "Purchase order PO-1 is to be sent to 3PL.")
    ]


def test_the_automatic_workflow_asks_for_the_send_on_approval(buyer):
    # given the account's Enable Automatic Purchase Order Workflow = Yes and a 3PL serving A
    Account.objects.filter(pk=buyer.account.pk).update(
        enable_automatic_purchase_order_workflow=True
    )
    three_pl = make_channel(buyer.account, "3PL", kind="sandbox_fulfillment")
    ChannelWarehouse.objects.create(channel=three_pl, warehouse=buyer.a)
    # when
    order = approved(buyer, "PO-1")
    # then
    found = PurchaseOrder.objects.get(pk=order.pk)
    assert (found.channel, found.send_requested_at is not None) == (three_pl, True)


def test_without_the_automatic_workflow_approval_sends_nothing(buyer):
    # given a 3PL serving A, the workflow off (the default)
    three_pl = make_channel(buyer.account, "3PL", kind="sandbox_fulfillment")
    ChannelWarehouse.objects.create(channel=three_pl, warehouse=buyer.a)
    # when
    order = approved(buyer, "PO-1")
    # then
    found = PurchaseOrder.objects.get(pk=order.pk)
    assert (found.channel, found.send_requested_at) == (None, None)


def test_another_tenant_cannot_approve_send_or_cancel(buyer, other_tenant):
    # given
    stranger = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    order = created(buyer, "PO-1")
    # then
    for service in (purchase_order_approve, purchase_order_send, purchase_order_cancel):
        with pytest.raises(NotFound):
            service(actor=stranger, order=order)
    assert PurchaseOrder.objects.get(pk=order.pk).status == "draft"
