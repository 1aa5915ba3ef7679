"""What the *Send Purchase Orders* work (sync) records about a send: accepted by the 3PL (the
order is Sent to Warehouse, with the 3PL's id of its receiving order), or failed (the order
stays Approved and waits out a backoff; an Error event names the reason)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.core.errors import Conflict
from openoms.purchasing.events import purchase_order_event
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.services.po_lock import po_locked
from openoms.purchasing.transitions import po_next
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


def purchase_order_sent(
    *, actor: Actor, order: PurchaseOrder | int, external_ref: str, already_sent: bool = False
) -> PurchaseOrder:
    """Approved → Sent to Warehouse: the 3PL accepted it as receiving order ``external_ref``
    (``already_sent``: it had it from an earlier send whose answer was lost). ``Conflict``
    when the order is no longer waiting to be sent (cancelled meanwhile)."""
    actor.require(Perm.PURCHASES_MANAGE)
    with transaction.atomic():
        locked = po_locked(actor, order)
        if locked.send_requested_at is None:
            raise Conflict(f"Purchase order {locked.order_number} is not waiting to be sent.")
        locked.status = po_next("send", locked.status, locked.order_number)
        locked.external_ref, locked.sent_at = external_ref[:200], timezone.now()
        locked.send_requested_at = locked.next_attempt_at = None
        locked.last_error = ""
        locked.save(
            update_fields=[
                "status",
                "external_ref",
                "sent_at",
                "send_requested_at",
                "next_attempt_at",
                "last_error",
                "updated_at",
            ]
        )
        known = " (it already had it: an earlier answer was lost)" if already_sent else ""
        purchase_order_event(
            locked,
            EventLevel.INFO,
            f"Purchase order {locked.order_number} sent to {locked.channel.name} as receiving "
            f"order {locked.external_ref}{known}.",
            actor,
        )
    return locked


def purchase_order_send_failed(
    *, actor: Actor, order: PurchaseOrder, message: str, retry_at: datetime
) -> None:
    """The send failed: one more attempt counted, the reason kept, tried again at
    ``retry_at``; an Error event says what failed and when it is tried again."""
    with transaction.atomic():
        rows = PurchaseOrder.objects.filter(pk=order.pk, send_requested_at__isnull=False)
        attempts = order.send_attempts + 1
        if not rows.update(
            send_attempts=attempts,
            last_error=message,
            next_attempt_at=retry_at,
            updated_at=timezone.now(),
        ):
            return  # cancelled (or sent by another run) meanwhile
        order.send_attempts, order.last_error, order.next_attempt_at = attempts, message, retry_at
        purchase_order_event(
            order,
            EventLevel.ERROR,
            f"Purchase order {order.order_number} could not be sent to {order.channel.name} "
            f"(attempt {attempts}): {message} It is sent again at "
            f"{retry_at:%Y-%m-%d %H:%M:%S} UTC.",
            actor,
        )
