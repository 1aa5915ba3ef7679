"""Reading a channel's webhook deliveries (the API list, the channel page's Webhooks panel).

Scoped to the actor like every read: another account's channel is never reached here (the
caller got the channel through ``channels.selectors.channel_get``), and the account is checked
again. Lists never load the bodies; one delivery's body is read on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from openoms.channels.models import Channel
from openoms.core.errors import NotFound
from openoms.sync.models import WebhookDelivery, WebhookRefusal
from openoms.sync.webhook_sources import SourceSpec, source_of_kind
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

PANEL_ROWS = 10


def webhook_deliveries(
    actor: Actor, channel: Channel, *, status: str | None = None, topic: str | None = None
) -> QuerySet[WebhookDelivery]:
    """The channel's deliveries, newest first, without their bodies; optionally only one
    status or one topic (exactly)."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = WebhookDelivery.objects.filter(channel=channel).defer("body")
    if status:
        rows = rows.filter(status=status)
    if topic:
        rows = rows.filter(topic=topic)
    return rows.order_by("-received_at", "-id")


def webhook_delivery_get(actor: Actor, channel: Channel, pk: int) -> WebhookDelivery:
    """One delivery of the channel, with its body; ``NotFound`` for any other."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    delivery = WebhookDelivery.objects.filter(channel=channel, pk=pk).first()
    if delivery is None:
        raise NotFound("Webhook delivery not found.")
    return delivery


@dataclass(frozen=True)
class WebhookPanel:
    """What the channel page shows about webhooks: who sends them, how many arrived, the last
    ones, and the last minute in which some were refused."""

    source: SourceSpec
    total: int
    recent: list[WebhookDelivery]
    last_refusal: WebhookRefusal | None


def webhook_panel(actor: Actor, channel: Channel) -> WebhookPanel | None:
    """The Webhooks panel of ``channel``; None for a kind that receives no webhooks."""
    source = source_of_kind(channel.kind)
    if source is None:
        return None
    rows = webhook_deliveries(actor, channel)
    refusal = WebhookRefusal.objects.filter(channel=channel).order_by("-started_at").first()
    return WebhookPanel(source, rows.count(), list(rows[:PANEL_ROWS]), refusal)
