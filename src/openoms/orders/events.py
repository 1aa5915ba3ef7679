"""Events about an order (its page lists them; the Events log shows them with the order)."""

from __future__ import annotations

from collections.abc import Sequence

from openoms.activity.models import Event
from openoms.activity.services import EventDraft, event_record, event_record_many
from openoms.orders.models import SalesOrder
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account


def order_event(order: SalesOrder, level: str, message: str, actor: Actor | str) -> Event:
    """Record ``message`` about ``order`` (in the caller's transaction)."""
    draft = order_event_draft(order, level, message, actor)
    return event_record(account=order.account, **vars(draft))


def order_event_draft(
    order: SalesOrder, level: str, message: str, actor: Actor | str
) -> EventDraft:
    """The event of ``message`` about ``order``, to be stored with others (``order_events``)."""
    return EventDraft(
        level=level,
        message=message,
        entity_type="sales_order",
        entity_id=str(order.pk),
        entity_label=order.order_number,
        channel_id=order.channel_id,
        actor_label=actor if isinstance(actor, str) else actor.label,
    )


def order_events(account: Account, drafts: Sequence[EventDraft]) -> None:
    """Store the events of several orders of ``account`` in one statement."""
    if drafts:
        event_record_many(account=account, drafts=list(drafts))
