"""Purchase orders, their lines and their receipts (techOMS §2.14, §2.15, §3.3).

A purchase order asks a supplier for stock at one physical warehouse. Approved, its open
quantities count as that warehouse's Incoming; it is sent to the fulfillment channel serving the
warehouse (ShipBob: a receiving order, WRO), whose receipts come back as ``Receipt`` rows that
add to Total and lower Incoming. ``PurchaseOrderLine.received`` is the cumulative quantity
recorded so far: a receipt read twice (a retried run) records nothing the second time.
"""

from __future__ import annotations

from django.db import models


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent to Warehouse"
    RECEIVING = "receiving", "Receiving"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


class PurchaseOrderSource(models.TextChoices):
    MANUAL = "manual", "Manual"
    API = "api", "API"
    FILE = "file", "File import"


class PurchaseOrder(models.Model):
    """A purchase order (see the module). ``channel`` and ``external_ref`` say where it was sent
    and the 3PL's id of it; ``send_requested_at`` is set while a send is wanted, and
    ``next_attempt_at``/``send_attempts``/``last_error`` hold the backoff of failed sends."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    order_number = models.CharField(max_length=100)
    order_date = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.DRAFT
    )
    source = models.CharField(max_length=10, choices=PurchaseOrderSource.choices)
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    supplier = models.CharField(max_length=200, blank=True)
    reference_number = models.CharField(max_length=100, blank=True)
    purchase_order_number = models.CharField(max_length=100, blank=True)
    source_text = models.CharField(max_length=200, blank=True)  # the article's free-text Source
    cancel_after = models.DateField(null=True, blank=True)
    requested_ship_date = models.DateField(null=True, blank=True)
    carrier_code = models.CharField(max_length=100, blank=True)
    service_code = models.CharField(max_length=100, blank=True)
    references = models.JSONField(default=dict, blank=True)
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_ref = models.CharField(max_length=200, blank=True)
    send_requested_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-order_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "order_number"], name="purchase_order_number_once"
            ),
        ]
        indexes = [
            models.Index(fields=["account", "status", "-order_date"], name="purchase_order_status"),
            models.Index(
                fields=["channel", "status"],
                condition=models.Q(channel__isnull=False),
                name="purchase_order_channel_status",
            ),
        ]

    def __str__(self) -> str:
        return self.order_number


class PurchaseOrderLine(models.Model):
    """One SKU of a purchase order: ``quantity`` ordered, ``received`` so far (cumulative).
    A line with a serial number is one unit (techOMS §2.14)."""

    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveIntegerField()
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    sku = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    lot_number = models.CharField(max_length=100, blank=True)
    serial_number = models.CharField(max_length=100, blank=True)
    received = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "line_number"], name="purchase_order_line_once"
            ),
            models.CheckConstraint(
                condition=models.Q(serial_number="") | models.Q(quantity=1),
                name="purchase_line_serial_is_one_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}#{self.line_number} {self.sku} x{self.quantity}"

    @property
    def open_quantity(self) -> int:
        return max(self.quantity - self.received, 0)


class ReceiptStatus(models.TextChoices):
    SHORT_RECEIVED = "short_received", "Short Received"
    RECEIVED = "received", "Received"


class Receipt(models.Model):
    """Goods of a purchase order that arrived at its warehouse, as one delivery ("<PO>-R<n>"):
    Short Received while the order still has open quantities, else Received."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="receipts")
    number = models.CharField(max_length=120)
    status = models.CharField(max_length=16, choices=ReceiptStatus.choices)
    external_ref = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="receipt_number_once"),
        ]

    def __str__(self) -> str:
        return self.number


class ReceiptLine(models.Model):
    """How many of one purchase order line a receipt brought (with the lot or serial the
    warehouse confirmed)."""

    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(PurchaseOrderLine, on_delete=models.CASCADE, related_name="+")
    sku = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    lot_number = models.CharField(max_length=100, blank=True)
    serial_number = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.receipt_id} {self.sku} x{self.quantity}"
