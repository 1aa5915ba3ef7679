"""What channels send us: webhook deliveries, stored as received, and the refusals counted.

``WebhookDelivery`` is the durable inbox of channel webhooks (Shopify orders, ShipBob shipments):
the receiving endpoint only verifies, deduplicates and stores; processing (the sales-orders
work) reads the rows in status ``received`` and moves them on. Its ``body`` is the one place a
webhook's payload is kept, so personal-data redaction scrubs it there.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WebhookSource(models.TextChoices):
    """Who sent a webhook; the value is the channel kind that receives it."""

    SHOPIFY = "shopify", "Shopify"
    SHIPBOB = "shipbob", "ShipBob"


class DeliveryStatus(models.TextChoices):
    RECEIVED = "received", "Received"  # stored, waiting to be processed
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored"  # kept but never processed (see ``note``)
    FAILED = "failed", "Failed"  # processed, could not be used (the reason in ``note``)


class WebhookDelivery(models.Model):
    """One webhook delivery a channel sent, verified and stored once per delivery id.

    ``delivery_id`` is Shopify's ``X-Shopify-Webhook-Id`` or the Standard Webhooks
    ``webhook-id`` (the same on every retry of one delivery); ``event_id`` is Shopify's
    ``X-Shopify-Event-Id`` (the same across subscriptions of one event). ``triggered_at`` is when
    the channel says the event happened (``X-Shopify-Triggered-At``, ``webhook-timestamp``);
    ``duplicates`` counts the times the same delivery id came again (not stored again).
    """

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    source = models.CharField(max_length=10, choices=WebhookSource.choices)
    delivery_id = models.CharField(max_length=255)
    event_id = models.CharField(max_length=255, blank=True)
    topic = models.CharField(max_length=120, blank=True)
    triggered_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    body = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.RECEIVED
    )
    note = models.CharField(max_length=500, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "delivery_id"], name="webhook_delivery_once_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["channel", "-received_at"], name="webhook_channel_recent"),
            models.Index(fields=["status", "received_at"], name="webhook_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.topic} {self.delivery_id} ({self.status})"


class WebhookRefusal(models.Model):
    """The webhooks of one channel refused within one minute, reported by one Warning event.

    The first refusal of a window writes the event; later ones in the same minute update its
    count and message instead of adding lines, so a flood of forged or broken deliveries stays
    one line a minute in the Events log. ``reasons`` counts each reason code.
    """

    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="webhook_refusals"
    )
    source = models.CharField(max_length=10, choices=WebhookSource.choices)
    started_at = models.DateTimeField()
    last_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=1)
    reasons = models.JSONField(default=dict)
    event_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["channel", "-started_at"], name="webhook_refusal_recent")]

    def __str__(self) -> str:
        return f"{self.count} refused since {self.started_at:%Y-%m-%d %H:%M:%S}"


from openoms.sync.order_models import OrderImportState  # noqa: E402  (the order import's)
from openoms.sync.outbox_models import (  # noqa: E402  (the engine's tables, one app)
    ChannelListing,
    ListingState,
    PendingPush,
    PushBatch,
    PushKind,
)

__all__ = [
    "ChannelListing",
    "DeliveryStatus",
    "ListingState",
    "OrderImportState",
    "PendingPush",
    "PushBatch",
    "PushKind",
    "WebhookDelivery",
    "WebhookRefusal",
    "WebhookSource",
]
