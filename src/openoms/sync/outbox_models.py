"""The inventory sync engine's tables (docs/adr/0004-inventory-sync-engine.md).

``PendingPush`` is the outbox: one row per (sales channel, channel SKU, location) with what it
still has to receive, written in the same transaction as the level change that caused it and
coalesced there (deltas add up; a full makes them moot; every change bumps ``version``).
``PushBatch`` is a batch written before it is sent, with the idempotency key every retry of it
reuses (a worker killed mid-call leaves it; the run that recovers it sends it again, the same
key: a delta is never applied twice). ``ChannelListing`` is the channel's items that hold stock
(Shopify: inventory items) by SKU, refreshed from the channel; ``ListingState`` what OpenOMS
last knows of a listing at a location (the value last sent or read, its time, the last error).
"""

from __future__ import annotations

from django.db import models


class ChannelListing(models.Model):
    """One item of a sales channel that holds stock (Shopify: an inventory item), with its SKU.
    Several listings may share a SKU (the duplicate-SKU case of seed 002)."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="listings"
    )
    listing_ref = models.CharField(max_length=200)  # e.g. gid://shopify/InventoryItem/123
    channel_sku = models.CharField(max_length=255)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "listing_ref"], name="listing_once")
        ]
        indexes = [models.Index(fields=["channel", "channel_sku"], name="listing_by_sku")]

    def __str__(self) -> str:
        return f"{self.channel_sku} ({self.listing_ref})"


class PushKind(models.TextChoices):
    SET = "set", "Full values"
    ADJUST = "adjust", "Adjustments"


class PushBatch(models.Model):
    """Up to 250 quantities of one channel, committed before they are sent. ``payload`` holds
    each entry: channel SKU, location, listing, the quantity (set) or delta (adjust), the
    compare value and the outbox row's version it was taken at."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="push_batches"
    )
    key = models.CharField(max_length=64, unique=True)  # the idempotency key of every attempt
    kind = models.CharField(max_length=10, choices=PushKind.choices)
    payload = models.JSONField(default=list)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)  # the last attempt's start

    def __str__(self) -> str:
        return f"{self.kind} batch {self.key} of channel {self.channel_id}"


class PendingPush(models.Model):
    """What one channel SKU at one location still has to receive (the coalesced outbox)."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="pending_pushes"
    )
    channel_sku = models.CharField(max_length=255)
    location = models.CharField(max_length=200)  # the warehouse mapping's external id
    delta = models.BigIntegerField(default=0)
    full = models.BooleanField(default=False)
    version = models.PositiveBigIntegerField(default=1)
    first_queued_at = models.DateTimeField()  # the oldest change waiting (latency)
    updated_at = models.DateTimeField()
    batch = models.ForeignKey(
        PushBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="rows"
    )  # in flight while set
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)  # due again after a failure
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "channel_sku", "location"], name="pending_push_once"
            )
        ]
        indexes = [models.Index(fields=["channel", "next_attempt_at"], name="pending_push_due")]

    def __str__(self) -> str:
        return f"{self.channel_sku} at {self.location}: " + (
            "full" if self.full else f"{self.delta:+d}"
        )


class ListingState(models.Model):
    """What OpenOMS last knows of one listing at one location of a channel."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="listing_states"
    )
    listing_ref = models.CharField(max_length=200)
    channel_sku = models.CharField(max_length=255)
    location = models.CharField(max_length=200)
    known = models.BigIntegerField(null=True, blank=True)  # last sent or read (the compare)
    last_sent = models.BigIntegerField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "listing_ref", "location"], name="listing_state_once"
            )
        ]
        indexes = [models.Index(fields=["channel", "channel_sku"], name="listing_state_by_sku")]

    def __str__(self) -> str:
        return f"{self.listing_ref} at {self.location}: {self.known}"
