"""A shipment's life after allocation: sent to the warehouse, shipped (partly or fully, read
back from the fulfillment channel or marked by hand), cancelled.

Progress is reported as what has shipped in total per shipment line (what a warehouse says):
only the increase is applied — Total and Allocated fall together (``levels_ship``; Available is
unchanged), the lines' shipped quantities rise, the shipment is *Short Shipped* until every line
is complete, then *Shipped*; the order is Shipped when all its lines are. Each increase on an
order from a sales channel writes a pending ``ChannelFulfillment`` (quantities and tracking for
the channel), in the same transaction. Cancelling a shipment not yet sent releases its stock at
once (trigger *Cancel Shipment*); one at the warehouse is *Cancel Requested* until the
fulfillment channel confirms (stock released) or refuses (the user is told why).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.core.errors import NotFound, ValidationFailed
from openoms.inventory.services.allocations import Hold, levels_release, levels_ship
from openoms.inventory.triggers import Trigger
from openoms.orders.changes import fulfillments_created, shipments_created
from openoms.orders.events import order_event
from openoms.orders.models import (
    ChannelFulfillment,
    OrderStatus,
    SalesOrder,
    SalesOrderLine,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from openoms.orders.transitions import order_next, shipment_next
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


def shipment_locked(actor: Actor, shipment: Shipment | int) -> Shipment:
    pk = shipment.pk if isinstance(shipment, Shipment) else shipment
    found = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("order", "order__account", "warehouse")
        .filter(pk=pk)
        .first()
    )
    if found is None or not actor.sees_account(found.order.account):
        raise NotFound("Shipment not found.")
    return found


def shipment_sent(*, actor: Actor, shipment: Shipment | int, external_ref: str) -> Shipment:
    """The fulfillment channel accepted the shipment (``external_ref``: its id there)."""
    with transaction.atomic():
        locked = shipment_locked(actor, shipment)
        if locked.status == ShipmentStatus.SENT_TO_WAREHOUSE and locked.external_ref:
            return locked  # told twice (a retried send)
        locked.status = shipment_next("send", locked.status, locked.number)
        locked.external_ref, locked.sent_at = external_ref[:200], timezone.now()
        locked.last_error, locked.next_attempt_at = "", None
        locked.save(
            update_fields=["status", "external_ref", "sent_at", "last_error", "next_attempt_at"]
        )
        name = locked.fulfillment_channel.name if locked.fulfillment_channel_id else "warehouse"
        order_event(
            locked.order, EventLevel.INFO, f"Shipment {locked.number} sent to {name}.", actor
        )
    return locked


def shipment_send_failed(*, shipment: Shipment, message: str, retry_at) -> None:
    """A send failed: the shipment waits until ``retry_at`` with the reason."""
    Shipment.objects.filter(pk=shipment.pk).update(
        attempts=shipment.attempts + 1, last_error=message[:2000], next_attempt_at=retry_at
    )


def shipment_progress(
    *,
    actor: Actor,
    shipment: Shipment | int,
    shipped: dict[int, int],
    tracking: list[dict] | None = None,
) -> Shipment:
    """Apply what has shipped in total per shipment line id (see the module)."""
    with transaction.atomic():
        locked = shipment_locked(actor, shipment)
        order = SalesOrder.objects.select_for_update().get(pk=locked.order_id)
        increases = _increases(locked, shipped)
        if not increases and not _new_tracking(locked, tracking):
            return locked
        _apply(actor, locked, order, increases)
        locked.tracking = _merged(locked.tracking, tracking)
        complete = all(line.shipped >= line.quantity for line in locked.lines.all())
        action = "ship" if complete else "short_ship"
        locked.status = shipment_next(action, locked.status, locked.number)
        locked.shipped_at = timezone.now() if complete else locked.shipped_at
        locked.save(update_fields=["status", "tracking", "shipped_at"])
        _order_after_progress(actor, order, locked, increases)
    return locked


def _increases(shipment: Shipment, shipped: dict[int, int]) -> dict[int, int]:
    lines = {line.pk: line for line in shipment.lines.all()}
    errors, found = {}, {}
    for line_id, total in shipped.items():
        line = lines.get(line_id)
        if line is None:
            errors[f"lines.{line_id}"] = f"Shipment {shipment.number} has no line {line_id}."
        elif total > line.quantity:
            errors[f"lines.{line_id}"] = (
                f"{total} shipped is more than the {line.quantity} of the shipment line."
            )
        elif total > line.shipped:
            found[line_id] = total - line.shipped
    if errors:
        raise ValidationFailed(
            errors, f"Shipment {shipment.number}: " + next(iter(errors.values()))
        )
    return found


def _apply(actor: Actor, shipment: Shipment, order: SalesOrder, increases: dict[int, int]) -> None:
    lines = {line.pk: line for line in shipment.lines.select_related("order_line")}
    levels_ship(
        actor=actor,
        account=order.account,
        holds=[
            Hold(lines[pk].variant_id, shipment.warehouse_id, qty) for pk, qty in increases.items()
        ],
        reference=f"Shipment {shipment.number}",
    )
    for pk, qty in increases.items():
        line = lines[pk]
        line.shipped += qty
        ShipmentLine.objects.filter(pk=pk).update(shipped=F("shipped") + qty)
        SalesOrderLine.objects.filter(pk=line.order_line_id).update(shipped=F("shipped") + qty)


def _new_tracking(shipment: Shipment, tracking: list[dict] | None) -> bool:
    return bool(tracking) and _merged(shipment.tracking, tracking) != shipment.tracking


def _merged(old: list[dict], new: list[dict] | None) -> list[dict]:
    seen = {item.get("number") for item in old}
    return old + [item for item in new or [] if item.get("number") not in seen]


def _order_after_progress(actor, order: SalesOrder, shipment: Shipment, increases) -> None:
    done = not order.lines.exclude(shipped__gte=F("quantity")).exists()
    state = "shipped" if shipment.status == ShipmentStatus.SHIPPED else "short shipped"
    order_event(
        order,
        EventLevel.INFO,
        f"Shipment {shipment.number} {state} ({sum(increases.values())} units this time).",
        actor,
    )
    if done:
        order.status = order_next("ship", order.status, order.order_number)
        order.save(update_fields=["status", "updated_at"])
        order_event(order, EventLevel.INFO, f"Order {order.order_number} shipped.", actor)
    if order.channel_id and (increases or shipment.tracking):
        report = ChannelFulfillment.objects.create(
            account_id=order.account_id,
            channel_id=order.channel_id,
            shipment=shipment,
            lines=_report_lines(shipment, increases),
            tracking=shipment.tracking,
            key=uuid.uuid4().hex,
        )
        fulfillments_created(order.account_id, [report])


def _report_lines(shipment: Shipment, increases: dict[int, int]) -> list[dict]:
    lines = shipment.lines.select_related("order_line").filter(pk__in=list(increases))
    return [
        {
            "line": line.order_line_id,
            "external_ref": line.order_line.external_ref,
            "sku": line.order_line.sku,
            "quantity": increases[line.pk],
        }
        for line in lines
    ]


# -- cancelling -------------------------------------------------------------------------------
def shipment_cancel(*, actor: Actor, shipment: Shipment | int) -> Shipment:
    """Cancel a shipment not yet sent (stock released at once), or ask the warehouse to cancel
    one it has (*Cancel Requested*: the fulfillment channel's work confirms or refuses)."""
    actor.require(Perm.ORDERS_MANAGE)
    with transaction.atomic():
        locked = shipment_locked(actor, shipment)
        if locked.status == ShipmentStatus.READY_TO_SEND:
            return _cancelled(actor, locked)
        locked.status = shipment_next("request_cancel", locked.status, locked.number)
        locked.save(update_fields=["status"])
        order_event(
            locked.order,
            EventLevel.INFO,
            f"Shipment {locked.number}: cancellation asked of {locked.fulfillment_channel.name}.",
            actor,
        )
        shipments_created(locked.account_id, [locked])
    return locked


def shipment_cancel_confirmed(*, actor: Actor, shipment: Shipment | int) -> Shipment:
    """The warehouse cancelled it: its unshipped stock is released."""
    with transaction.atomic():
        locked = shipment_locked(actor, shipment)
        if locked.status == ShipmentStatus.CANCELLED:
            return locked
        return _cancelled(actor, locked)


def shipment_cancel_refused(*, actor: Actor, shipment: Shipment | int, reason: str) -> Shipment:
    """The warehouse could not cancel it (e.g. already packed): it stays, the user is told."""
    with transaction.atomic():
        locked = shipment_locked(actor, shipment)
        locked.status = shipment_next("cancel_refused", locked.status, locked.number)
        locked.last_error = reason[:2000]
        locked.save(update_fields=["status", "last_error"])
        SalesOrder.objects.filter(pk=locked.order_id).update(cancel_requested_at=None)
        order_event(
            locked.order,
            EventLevel.WARNING,
            f"Shipment {locked.number} could not be cancelled: {reason}",
            actor,
        )
    return locked


def _cancelled(actor: Actor, shipment: Shipment) -> Shipment:
    """Cancel, release what did not ship, then settle the order (cancelled if asked and
    nothing active is left; else back to Approved when part of it is uncovered)."""
    shipment.status = shipment_next("cancel", shipment.status, shipment.number)
    shipment.save(update_fields=["status"])
    holds = [
        Hold(line.variant_id, shipment.warehouse_id, line.quantity - line.shipped)
        for line in shipment.lines.all()
        if line.quantity > line.shipped
    ]
    order = SalesOrder.objects.select_for_update().get(pk=shipment.order_id)
    if holds:
        levels_release(
            actor=actor,
            account=order.account,
            holds=holds,
            reference=f"Shipment {shipment.number}",
            trigger=Trigger.CANCEL_SHIPMENT,
        )
    order_event(order, EventLevel.INFO, f"Shipment {shipment.number} cancelled.", actor)
    active = order.shipments.exclude(status=ShipmentStatus.CANCELLED).exists()
    if order.cancel_requested_at and not active:
        order.status = order_next("cancel", order.status, order.order_number)
        order.save(update_fields=["status", "updated_at"])
        order_event(order, EventLevel.INFO, f"Order {order.order_number} cancelled.", actor)
    elif not order.cancel_requested_at and order.status == OrderStatus.FULFILLING:
        order.status = order_next("reopen", order.status, order.order_number)
        order.save(update_fields=["status", "updated_at"])
    return shipment
