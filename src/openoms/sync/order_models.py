"""Where the import of a sales channel's orders stands (docs/orders.md, "From Shopify").

One ``OrderImportState`` per sales channel that imports orders: the poll's ``cursor`` (Import
Orders reads the orders changed at or after it), the orders it ``waiting`` for (not imported
yet: an unknown SKU, a refused carrier …, retried on every run; the cursor never passes the
oldest of them) and the address its order webhooks were last subscribed to.
"""

from __future__ import annotations

from django.db import models


class OrderImportState(models.Model):
    """The order import of one sales channel. ``waiting`` is {channel order id: {"number",
    "updated_at" (ISO), "reason"}}: the reason is recorded once as an Error event and not again
    while it stays the same. ``webhooks_url`` is the address the order webhooks were subscribed
    to ("" until they are; a new public URL subscribes again)."""

    channel = models.OneToOneField(
        "channels.Channel", on_delete=models.CASCADE, related_name="order_import"
    )
    cursor = models.DateTimeField(null=True, blank=True)
    waiting = models.JSONField(default=dict, blank=True)
    webhooks_url = models.CharField(max_length=500, blank=True)
    webhooks_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"orders of {self.channel_id} since {self.cursor}"
