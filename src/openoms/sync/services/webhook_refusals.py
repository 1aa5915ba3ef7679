"""Refused webhooks as Warning events, at most one event per channel per minute.

A refusal (no secret set, a bad signature, a stale timestamp, a body that is not a JSON object,
…) is a Warning on the channel that says why and what to do. The first refusal of a minute writes
the event; the next ones within that minute count in the same ``WebhookRefusal`` row and rewrite
its event's message ("12 Shopify webhooks were refused between … and …: bad signature (12)"), so
a flood of forged or broken deliveries is one line a minute, with its exact count. Concurrent
refusals of one channel are serialized by a lock on the channel's row. Windows are kept 30 days
(the Events log keeps its own lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction

from openoms.activity.models import Event, EventLevel
from openoms.channels.events import channel_event
from openoms.channels.models import Channel
from openoms.sync.models import WebhookRefusal
from openoms.sync.webhook_sources import SourceSpec

WINDOW = timedelta(minutes=1)
KEPT = timedelta(days=30)  # older windows are deleted when a new one opens


@dataclass(frozen=True)
class Refusal:
    """Why one delivery was refused: a reason code (counted), its short label, the HTTP status
    it is answered with, and the sentence for a person."""

    reason: str
    label: str
    status: int
    detail: str


def refusal_record(channel: Channel, spec: SourceSpec, refusal: Refusal, now: datetime) -> None:
    """Count ``refusal`` in the channel's current minute and write or update its Warning."""
    with transaction.atomic():
        Channel.objects.select_for_update().filter(pk=channel.pk).values_list("pk").first()
        window = WebhookRefusal.objects.filter(channel=channel).order_by("-started_at").first()
        if window is None or now - window.started_at >= WINDOW or window.event_id is None:
            _window_open(channel, spec, refusal, now)
        else:
            _window_add(window, spec, refusal, now)


def _window_open(channel: Channel, spec: SourceSpec, refusal: Refusal, now: datetime) -> None:
    WebhookRefusal.objects.filter(channel=channel, started_at__lt=now - KEPT).delete()
    message = f"A {spec.label} webhook was refused, nothing was stored: {refusal.detail}"
    event = channel_event(channel, EventLevel.WARNING, message, f"{spec.label} webhook")
    WebhookRefusal.objects.create(
        channel=channel,
        source=spec.source,
        started_at=now,
        last_at=now,
        count=1,
        reasons={refusal.label: 1},
        event_id=event.pk,
    )


def _window_add(window: WebhookRefusal, spec: SourceSpec, refusal: Refusal, now: datetime):
    window.count += 1
    window.last_at = max(now, window.last_at)
    window.reasons = {**window.reasons, refusal.label: window.reasons.get(refusal.label, 0) + 1}
    window.save(update_fields=["count", "last_at", "reasons"])
    Event.objects.filter(pk=window.event_id).update(message=window_message(window, spec, refusal))


def _clock(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M:%S")


def window_message(window: WebhookRefusal, spec: SourceSpec, last: Refusal) -> str:
    """The event's message once a minute holds several refusals."""
    reasons = ", ".join(f"{label} ({count})" for label, count in window.reasons.items())
    return (
        f"{window.count} {spec.label} webhooks were refused between {_clock(window.started_at)} "
        f"and {_clock(window.last_at)} UTC (one event a minute at most), nothing was stored: "
        f"{reasons}. The last one: {last.detail}"
    )
