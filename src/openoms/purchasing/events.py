"""Events about a purchase order (its page lists them; the Events log shows them with it)."""

from __future__ import annotations

from openoms.activity.models import Event
from openoms.activity.services import event_record
from openoms.purchasing.models import PurchaseOrder
from openoms.tenancy.actor import Actor

ENTITY_TYPE = "purchase_order"


def purchase_order_event(
    order: PurchaseOrder, level: str, message: str, actor: Actor | str
) -> Event:
    """Record ``message`` about ``order`` (in the caller's transaction)."""
    return event_record(
        account=order.account,
        level=level,
        message=message,
        entity_type=ENTITY_TYPE,
        entity_id=str(order.pk),
        entity_label=order.order_number,
        channel_id=order.channel_id,
        actor_label=actor if isinstance(actor, str) else actor.label,
    )
