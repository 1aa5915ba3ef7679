"""Receipts: goods of a Sent or Receiving purchase order that arrived at its warehouse.

``receipt_record`` takes what arrived now per line (an increase, not a running total) and, in
one transaction with the order locked: adds it to each line's ``received`` (the cumulative
count a re-read of the 3PL compares with, so a receipt is never recorded twice), stores the
receipt (``<PO>-R<n>``), and moves the stock (``levels_receive``: Total up, Incoming down,
trigger *Receive Receipt*, the levels locked in the fixed order). The order becomes Receiving,
or Received once every line is; the receipt is Short Received while quantities stay open, else
Received. ``complete`` (the 3PL closed its receiving order) makes the order Received whatever
is still open, and those open quantities leave Incoming.

Refused whole, with an Error event and ``ValidationFailed`` and nothing changed: a quantity
above the line's open quantity (over-receipt), a line of another order, and a carrier the
account's API Validation Rules for receipts call an Error (a Warning is recorded and the
receipt goes on). Concurrent receipts of one order queue on its lock: they never over-receive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.carrier_check import carrier_resolve
from openoms.core.errors import ValidationFailed
from openoms.inventory.services.allocations import Hold
from openoms.inventory.services.incoming import levels_receive
from openoms.purchasing.events import purchase_order_event
from openoms.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Receipt,
    ReceiptLine,
    ReceiptStatus,
)
from openoms.purchasing.services.po_lock import po_locked
from openoms.purchasing.services.workflow import incoming_change
from openoms.purchasing.transitions import po_next
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


@dataclass(frozen=True)
class Refusal:
    errors: dict[str, str]
    message: str


def receipt_record(
    *,
    actor: Actor,
    order: PurchaseOrder | int,
    received: dict[int, int],
    external_ref: str = "",
    lots: dict[int, str] | None = None,
    complete: bool = False,
    received_at: datetime | None = None,
) -> Receipt | None:
    """Record what arrived (see the module); → the receipt, or None when nothing arrived (a
    ``complete`` order is still closed)."""
    actor.require(Perm.PURCHASES_MANAGE)
    wanted = _quantities(received)
    with transaction.atomic():
        locked = po_locked(actor, order)
        lines = {line.pk: line for line in locked.lines.select_for_update().order_by("pk")}
        refusal, warnings = _refusal(locked, lines, wanted)
        receipt = None
        if refusal is None:
            if wanted:
                receipt = _record(actor, locked, lines, wanted, external_ref, lots, received_at)
            for warning in warnings:
                purchase_order_event(locked, EventLevel.WARNING, warning, actor)
            _progress(actor, locked, complete)
    if refusal is not None:
        _refused(actor, locked, refusal)
        raise ValidationFailed(refusal.errors, refusal.message)
    return receipt


def _quantities(received: dict) -> dict[int, int]:
    """Line id → quantity above 0; bad values are refused before anything is read."""
    wanted, errors = {}, {}
    for key, value in (received or {}).items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[f"received.{key}"] = "A quantity received is a whole number from 0."
        elif value:
            wanted[int(key)] = value
    if errors:
        raise ValidationFailed(errors, "The receipt was not recorded: quantities are wrong.")
    return wanted


def _refusal(order: PurchaseOrder, lines: dict, wanted: dict) -> tuple[Refusal | None, list]:
    """Why the receipt cannot be recorded (None: it can), and the carrier's warnings."""
    number = order.order_number
    po_next("receive", order.status, number)  # a wrong status is a Conflict, not a refusal
    errors = {}
    for line_id, quantity in wanted.items():
        line = lines.get(line_id)
        if line is None:
            errors[f"received.{line_id}"] = f"Not a line of purchase order {number}."
        elif quantity > line.open_quantity:
            errors[f"received.{line_id}"] = (
                f"{quantity} of {line.sku} (line {line.line_number}) received but only "
                f"{line.open_quantity} open ({line.quantity} ordered, {line.received} received "
                "before)."
            )
    carrier = carrier_resolve(
        account=order.account,
        document="receipt",
        carrier_code=order.carrier_code,
        service_code=order.service_code,
    )
    if carrier.is_error:
        errors["carrier"] = " ".join(carrier.problems)
    if not errors:
        return None, [f"Receipt of purchase order {number}: {p}" for p in carrier.problems]
    reasons = " ".join(errors.values())
    message = f"Receipt of purchase order {number} refused, nothing was recorded: {reasons}"
    return Refusal(errors, message), []


def _refused(actor: Actor, order: PurchaseOrder, refusal: Refusal) -> None:
    """The Error event and the order's last error (once for the same refusal: a 3PL read
    again and again says it once)."""
    with transaction.atomic():
        changed = PurchaseOrder.objects.filter(pk=order.pk).exclude(last_error=refusal.message)
        if changed.update(last_error=refusal.message, updated_at=timezone.now()):
            purchase_order_event(order, EventLevel.ERROR, refusal.message, actor)


def _record(actor, order, lines, wanted, external_ref, lots, received_at) -> Receipt:
    """The receipt, its lines, the lines' cumulative counts and the stock."""
    sequence = order.receipts.count() + 1
    receipt = Receipt.objects.create(
        account_id=order.account_id,
        order=order,
        number=f"{order.order_number}-R{sequence}",
        status=ReceiptStatus.SHORT_RECEIVED,
        external_ref=(external_ref or "")[:200],
        received_at=received_at or timezone.now(),
    )
    lots = lots or {}
    made = []
    for line_id, quantity in sorted(wanted.items()):
        line = lines[line_id]
        PurchaseOrderLine.objects.filter(pk=line_id).update(received=F("received") + quantity)
        line.received += quantity
        lot = str(lots.get(line_id) or line.lot_number)[:100]
        made.append(
            ReceiptLine(
                receipt=receipt,
                order_line=line,
                sku=line.sku,
                quantity=quantity,
                lot_number=lot,
                serial_number=line.serial_number,
            )
        )
    ReceiptLine.objects.bulk_create(made)
    if order.last_error:  # an earlier refusal is over
        order.last_error = ""
        PurchaseOrder.objects.filter(pk=order.pk).update(last_error="")
    holds = [Hold(lines[i].variant_id, order.warehouse_id, q) for i, q in sorted(wanted.items())]
    levels_receive(
        actor=actor, account=order.account, holds=holds, reference=f"Receipt {receipt.number}"
    )
    if all(line.open_quantity == 0 for line in lines.values()):
        receipt.status = ReceiptStatus.RECEIVED
        receipt.save(update_fields=["status"])
    items = ", ".join(f"{q} {lines[i].sku}" for i, q in sorted(wanted.items()))
    purchase_order_event(
        order,
        EventLevel.INFO,
        f"Receipt {receipt.number} of purchase order {order.order_number} "
        f"({receipt.get_status_display()}): {items}.",
        actor,
    )
    return receipt


def _progress(actor: Actor, order: PurchaseOrder, complete: bool) -> None:
    """Receiving, or Received when every line is (or the 3PL closed it: what is still open
    leaves Incoming)."""
    open_left = any(line.open_quantity for line in order.lines.all())
    if not open_left or complete:
        if open_left:
            incoming_change(actor, order, -1, f"PO {order.order_number} closed short")
        target = po_next("complete", order.status, order.order_number)
        done = " (closed by the warehouse with quantities short)" if open_left else ""
        message = f"Purchase order {order.order_number} received{done}."
    elif order.status != PurchaseOrderStatus.RECEIVING and order.receipts.exists():
        target = po_next("receive", order.status, order.order_number)
        message = f"Purchase order {order.order_number} is receiving."
    else:
        return
    order.status, order.last_error = target, ""
    order.save(update_fields=["status", "last_error", "updated_at"])
    purchase_order_event(order, EventLevel.INFO, message, actor)
