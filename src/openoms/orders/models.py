"""Sales orders and their lines (techOMS §2.12); shipments are in ``shipment_models``.

An order's addresses are kept as JSON objects of the same keys (``ADDRESS_KEYS``): they are
shown, sent and redacted whole. Money is in the order's currency (``Decimal``, 2 places).
"""

from __future__ import annotations

from django.db import models

from openoms.orders.shipment_models import (  # noqa: F401 -- one models module per app
    ChannelFulfillment,
    FulfillmentStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)

ADDRESS_KEYS = (
    "name",
    "company",
    "address1",
    "address2",
    "city",
    "region",
    "postal_code",
    "country",
    "phone",
    "email",
)


class OrderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    FULFILLING = "fulfilling", "Fulfilling"
    SHIPPED = "shipped", "Shipped"
    CANCELLED = "cancelled", "Cancelled"


class OrderSource(models.TextChoices):
    CHANNEL = "channel", "Sales channel"
    MANUAL = "manual", "Manual"
    API = "api", "API"
    FILE = "file", "File import"


class SalesOrder(models.Model):
    """A customer's order: from a sales channel (``channel``, ``external_ref`` = the channel's
    order id), entered by hand, sent by API or imported from a file. ``backordered_since`` is
    set while an allocation failed for lack of stock (the flag does not change the status;
    re-evaluated first in, first out)."""

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    order_number = models.CharField(max_length=100)
    order_date = models.DateTimeField()
    status = models.CharField(max_length=12, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    source = models.CharField(max_length=10, choices=OrderSource.choices)
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_ref = models.CharField(max_length=200, blank=True)
    customer_name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    ship_to = models.JSONField(default=dict, blank=True)
    bill_to = models.JSONField(default=dict, blank=True)
    requested_warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    carrier_code = models.CharField(max_length=100, blank=True)
    service_code = models.CharField(max_length=100, blank=True)
    cancel_after = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    reference_number = models.CharField(max_length=100, blank=True)
    total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    backordered_since = models.DateTimeField(null=True, blank=True)
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # When the PII Redaction job replaced its customer's data with a marker (openoms.privacy).
    redacted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-order_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "order_number"], name="order_number_once"),
            models.UniqueConstraint(
                fields=["channel", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="order_imported_once",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "status", "-order_date"], name="order_account_status"),
            models.Index(
                fields=["account", "backordered_since"],
                condition=models.Q(backordered_since__isnull=False),
                name="order_backorders_fifo",
            ),
        ]

    def __str__(self) -> str:
        return self.order_number

    @property
    def is_backordered(self) -> bool:
        return self.backordered_since is not None


class SalesOrderLine(models.Model):
    """One SKU of an order: ``quantity`` ordered at ``price`` (unit), ``shipped`` so far;
    ``channel_sku`` and ``external_ref`` as the sales channel knows them (translated through
    the SKU mappings on import)."""

    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveIntegerField()
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    sku = models.CharField(max_length=100)
    channel_sku = models.CharField(max_length=255, blank=True)
    external_ref = models.CharField(max_length=200, blank=True)
    quantity = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    shipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["line_number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "line_number"], name="order_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.order_id}#{self.line_number} {self.sku} x{self.quantity}"

    @property
    def amount(self):
        return self.price * self.quantity
