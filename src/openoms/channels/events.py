"""A line of the Events log about a channel: its account, the channel as entity, its id."""

from __future__ import annotations

from openoms.activity.models import Event
from openoms.activity.services import event_record
from openoms.channels.models import Channel


def channel_event(channel: Channel, level: str, message: str, actor_label: str) -> Event:
    """Record ``message`` about ``channel`` (in the caller's transaction and run scope)."""
    return event_record(
        account=channel.account,
        level=level,
        message=message,
        entity_type="channel",
        entity_id=str(channel.pk),
        entity_label=channel.name,
        channel_id=channel.pk,
        actor_label=actor_label,
    )
