"""The order's status changes other than allocation and shipping: approve, cancel, and the
automatic processing of approved orders. Each is one service that locks the order, checks the
declared transition (``orders.transitions``), saves only what changed and records an Event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.core.errors import Conflict
from openoms.orders.events import order_event
from openoms.orders.models import OrderStatus, SalesOrder, ShipmentStatus
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.order_lock import order_locked
from openoms.orders.services.shipments import shipment_cancel
from openoms.orders.transitions import order_next
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


def sales_order_approve(*, actor: Actor, order: SalesOrder | int) -> SalesOrder:
    """Draft → Approved (then processed at once when the automatic workflow is on)."""
    actor.require(Perm.ORDERS_MANAGE)
    with transaction.atomic():
        locked = order_locked(actor, order)
        locked.status = order_next("approve", locked.status, locked.order_number)
        locked.save(update_fields=["status", "updated_at"])
        order_event(locked, EventLevel.INFO, f"Order {locked.order_number} approved.", actor)
        sales_order_auto_process(actor=actor, order=locked)
    return locked


def sales_order_auto_process(*, actor: Actor, order: SalesOrder) -> None:
    """Allocate an Approved order now when the account's *Enable Automatic Sales Order
    Workflow* is Yes (its shipments then go to the fulfillment channels); a refusal (e.g. no
    physical warehouse) leaves it Approved with an Error event."""
    if order.status != OrderStatus.APPROVED:
        return
    if not order.account.enable_automatic_sales_order_workflow:
        return
    try:
        with transaction.atomic():
            sales_order_allocate(actor=actor, order=order)
    except Conflict as refused:
        order_event(order, EventLevel.ERROR, not_allocated_message(order, refused), actor)


def not_allocated_message(order: SalesOrder, refused: Conflict) -> str:
    return f"Order {order.order_number} was not allocated automatically: {refused.message}"


def sales_order_cancel(*, actor: Actor, order: SalesOrder | int, reason: str = "") -> SalesOrder:
    """Cancel the order. Its shipments not yet sent are cancelled and their stock released
    (trigger *Cancel Shipment*) at once; those at a warehouse are asked to be cancelled there,
    and the order is Cancelled when the last one is (``shipments.shipment_cancel_confirmed``).
    Refused once something shipped."""
    actor.require(Perm.ORDERS_MANAGE)
    with transaction.atomic():
        locked = order_locked(actor, order)
        order_next("cancel", locked.status, locked.order_number)
        if locked.lines.filter(shipped__gt=0).exists():
            raise Conflict(
                f"Order {locked.order_number} has shipped items: it cannot be cancelled."
            )
        why = f": {reason.strip()[:200]}" if reason.strip() else ""
        locked.cancel_requested_at, locked.backordered_since = timezone.now(), None
        locked.save(update_fields=["cancel_requested_at", "backordered_since", "updated_at"])
        for shipment in locked.shipments.exclude(status=ShipmentStatus.CANCELLED):
            shipment_cancel(actor=actor, shipment=shipment)
        locked.refresh_from_db()
        if locked.shipments.exclude(status=ShipmentStatus.CANCELLED).exists():
            message = f"Order {locked.order_number}: cancellation requested{why}."
        elif locked.status != OrderStatus.CANCELLED:
            locked.status = OrderStatus.CANCELLED
            locked.save(update_fields=["status", "updated_at"])
            message = f"Order {locked.order_number} cancelled{why}."
        else:
            message = ""
        if message:
            order_event(locked, EventLevel.INFO, message, actor)
    return locked
