"""Shipments (techOMS §2.13): what one physical warehouse ships of an order, sent to the
fulfillment channel serving it; and what the sales channel is to be told of it.

Both are durable outboxes for the sync app: a ``Shipment`` in *Ready to send* (or *Cancel
Requested*) waits for the fulfillment channel's work; a ``ChannelFulfillment`` in *Pending*
waits to be reported to the order's sales channel (quantities shipped and tracking).
"""

from __future__ import annotations

from django.db import models


class ShipmentStatus(models.TextChoices):
    READY_TO_SEND = "ready_to_send", "Ready to send"
    SENT_TO_WAREHOUSE = "sent_to_warehouse", "Sent to Warehouse"
    SHORT_SHIPPED = "short_shipped", "Short Shipped"
    SHIPPED = "shipped", "Shipped"
    CANCEL_REQUESTED = "cancel_requested", "Cancelled Requested"
    CANCELLED = "cancelled", "Cancelled"


class Shipment(models.Model):
    """One warehouse's part of an order. ``number`` is the order number and a sequence
    (``1001-1``): the reference the fulfillment channel keeps (ShipBob's ``reference_id``), so a
    send retried after a lost answer is recognised. ``fulfillment_channel`` is the channel that
    served the warehouse at allocation (None: shipped outside OpenOMS, marked by hand)."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(
        "orders.SalesOrder", on_delete=models.CASCADE, related_name="shipments"
    )
    number = models.CharField(max_length=120)
    status = models.CharField(
        max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.READY_TO_SEND
    )
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    fulfillment_channel = models.ForeignKey(
        "channels.Channel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_ref = models.CharField(max_length=200, blank=True)
    carrier_code = models.CharField(max_length=100, blank=True)
    service_code = models.CharField(max_length=100, blank=True)
    tracking = models.JSONField(default=list, blank=True)  # [{"number", "carrier", "url"}]
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "number"], name="shipment_number_once")
        ]
        indexes = [
            models.Index(fields=["fulfillment_channel", "status"], name="shipment_channel_status")
        ]

    def __str__(self) -> str:
        return self.number


class ShipmentLine(models.Model):
    """A line of the order in this shipment: ``quantity`` allocated, ``shipped`` so far."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        "orders.SalesOrderLine", on_delete=models.CASCADE, related_name="shipment_lines"
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    shipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.variant_id} {self.shipped}/{self.quantity}"


class FulfillmentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"


class ChannelFulfillment(models.Model):
    """What the order's sales channel must be told of one shipment's progress: ``lines``
    [{"line": order line id, "external_ref", "quantity"}] newly shipped, with ``tracking``.
    Written with the progress, in its transaction; sent once (``key``: the idempotency of the
    send), then ``external_ref`` is the channel's fulfillment id."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="reports")
    lines = models.JSONField(default=list)
    tracking = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=FulfillmentStatus.choices, default=FulfillmentStatus.PENDING
    )
    key = models.CharField(max_length=100)
    external_ref = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["channel", "status"], name="fulfillment_channel_status")]

    def __str__(self) -> str:
        return f"{self.shipment_id} → {self.channel_id} ({self.status})"
