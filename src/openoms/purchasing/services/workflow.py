"""A purchase order's status changes by people (or by the automatic workflow): approve, send,
cancel. Each is one service that locks the order, checks the declared transition
(``purchasing.transitions``), saves only what changed and records an Event.

Approving counts the order's quantities as Incoming at its warehouse. Sending is asked here and
done by the fulfillment channel's *Send Purchase Orders* work (sync): the order stays Approved,
with ``send_requested_at`` set, until the 3PL accepted it (``sending.purchase_order_sent``). With
the account's *Enable Automatic Purchase Order Workflow* = Yes, approving asks for the send at
once. Cancelling removes the open quantities from Incoming.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.core.errors import Conflict
from openoms.inventory.services.allocations import Hold
from openoms.inventory.services.incoming import levels_incoming_change
from openoms.purchasing.changes import sends_requested
from openoms.purchasing.events import purchase_order_event
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderStatus
from openoms.purchasing.services.po_channel import po_fulfillment_channel
from openoms.purchasing.services.po_lock import po_locked
from openoms.purchasing.transitions import po_next
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

PS = PurchaseOrderStatus


def purchase_order_approve(*, actor: Actor, order: PurchaseOrder | int) -> PurchaseOrder:
    """Draft → Approved: Incoming += each line's quantity at the warehouse (then the send is
    asked at once when the automatic workflow is on)."""
    actor.require(Perm.PURCHASES_MANAGE)
    with transaction.atomic():
        locked = po_locked(actor, order)
        locked.status = po_next("approve", locked.status, locked.order_number)
        locked.save(update_fields=["status", "updated_at"])
        incoming_change(actor, locked, 1, f"PO {locked.order_number} approved")
        purchase_order_event(
            locked, EventLevel.INFO, f"Purchase order {locked.order_number} approved.", actor
        )
        if locked.account.enable_automatic_purchase_order_workflow:
            send_request(actor, locked)
    return locked


def purchase_order_send(*, actor: Actor, order: PurchaseOrder | int) -> PurchaseOrder:
    """Ask for an Approved order to be sent to its warehouse's fulfillment channel (see the
    module); asking again while a send is pending changes nothing. ``Conflict`` with the reason
    when no fulfillment channel can receive it (an Error event says so too)."""
    actor.require(Perm.PURCHASES_MANAGE)
    with transaction.atomic():
        locked = po_locked(actor, order)
        po_next("send", locked.status, locked.order_number)
        problem = None if locked.send_requested_at else send_request(actor, locked)
    if problem:
        raise Conflict(problem)
    return locked


def send_request(actor: Actor, order: PurchaseOrder) -> str | None:
    """Mark the locked, Approved ``order`` to be sent and queue its channel's work; → why it
    cannot be sent (recorded as an Error on the order), or None."""
    channel = po_fulfillment_channel(order.account_id, order.warehouse)
    if channel is None:
        problem = (
            f"Purchase order {order.order_number} cannot be sent: no enabled fulfillment channel "
            f"that receives purchase orders serves warehouse {order.warehouse.code}. Add the "
            "warehouse to a fulfillment channel (its warehouses or warehouse mappings), then send "
            "it again."
        )
        order.last_error = problem
        order.save(update_fields=["last_error", "updated_at"])
        purchase_order_event(order, EventLevel.ERROR, problem, actor)
        return problem
    order.channel, order.send_requested_at = channel, timezone.now()
    order.next_attempt_at, order.send_attempts, order.last_error = None, 0, ""
    order.save(
        update_fields=[
            "channel",
            "send_requested_at",
            "next_attempt_at",
            "send_attempts",
            "last_error",
            "updated_at",
        ]
    )
    purchase_order_event(
        order,
        EventLevel.INFO,
        f"Purchase order {order.order_number} is to be sent to {channel.name}.",
        actor,
    )
    sends_requested(order.account_id, [order])
    return None


def purchase_order_cancel(
    *, actor: Actor, order: PurchaseOrder | int, reason: str = ""
) -> PurchaseOrder:
    """Cancel a Draft, Approved or Sent order (Sent: only while the warehouse has received
    nothing); its open quantities leave Incoming. A receiving order already at the 3PL is not
    cancelled there by OpenOMS: a Warning says so."""
    actor.require(Perm.PURCHASES_MANAGE)
    with transaction.atomic():
        locked = po_locked(actor, order)
        target = po_next("cancel", locked.status, locked.order_number)
        if locked.lines.filter(received__gt=0).exists():
            raise Conflict(
                f"Purchase order {locked.order_number} has received items: it cannot be cancelled."
            )
        was = locked.status
        if was in (PS.APPROVED, PS.SENT):
            incoming_change(actor, locked, -1, f"PO {locked.order_number} cancelled")
        locked.status, locked.send_requested_at, locked.next_attempt_at = target, None, None
        locked.save(update_fields=["status", "send_requested_at", "next_attempt_at", "updated_at"])
        why = f": {reason.strip()[:200]}" if reason.strip() else ""
        number = locked.order_number
        purchase_order_event(
            locked, EventLevel.INFO, f"Purchase order {number} cancelled{why}.", actor
        )
        if was == PS.SENT and locked.external_ref:
            purchase_order_event(
                locked,
                EventLevel.WARNING,
                f"Purchase order {number} was sent to {locked.channel.name} as receiving order "
                f"{locked.external_ref}: cancel it there too (OpenOMS no longer expects it).",
                actor,
            )
    return locked


def incoming_change(actor: Actor, order: PurchaseOrder, sign: int, reference: str) -> None:
    """Incoming ± each line's open quantity at the order's warehouse (lines locked with the
    order)."""
    holds = [
        Hold(line.variant_id, order.warehouse_id, line.open_quantity)
        for line in order.lines.order_by("line_number")
    ]
    levels_incoming_change(
        actor=actor, account=order.account, holds=holds, reference=reference, sign=sign
    )
