from django.db import models

from openoms.channels.kinds import FULFILLMENT, KINDS, SALES
from openoms.core.encrypted_fields import EncryptedJSONField
from openoms.tenancy.setting_values import MAX_RETENTION_DAYS


class ChannelType(models.TextChoices):
    SALES = SALES, "Sales Channel"
    FULFILLMENT = FULFILLMENT, "Fulfillment Channel"


class InventorySyncMode(models.TextChoices):
    """Seed 002's *Inventory Synchronization with Sales Channel* of a beta sales channel."""

    DO_NOT_SYNC = "do_not_sync", "Do not Synchronize"
    REAL_TIME = "real_time", "Real-Time Adjustment"
    SYNC_WITH_FULFILLMENT_CHANNEL = (
        "sync_with_fulfillment_channel",
        "Synchronize With Fulfillment Channel",
    )


class Channel(models.Model):
    """A connection to a store (sales channel) or a 3PL (fulfillment channel) of an account.

    Credentials are stored per kind, encrypted at rest (``OPENOMS_SECRETS_KEYS``), and never shown
    again after saving. Beta channels carry their own automation and inventory settings; stable
    ones follow the account's.
    """

    account = models.ForeignKey(
        "tenancy.Account", on_delete=models.PROTECT, related_name="channels"
    )
    type = models.CharField(max_length=12, choices=ChannelType.choices)
    kind = models.CharField(max_length=40, choices=[(k, v.label) for k, v in KINDS.items()])
    name = models.CharField(max_length=120)
    is_enabled = models.BooleanField(default=True)
    is_beta = models.BooleanField(default=True)
    credentials = EncryptedJSONField(default=dict, blank=True)
    pii_retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Sales channels: days after its orders' date before their personal data is "
        "redacted (irreversibly) by the PII Redaction job; wins over the account's setting for "
        "this channel's orders. Empty keeps the data.",
    )
    api_base_url = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the connector sends its calls instead of the service's own address "
        "(an emulator, a proxy); empty: the real service.",
    )
    is_product_master = models.BooleanField(default=False)
    # Seed 002, beta sales channels only (stable ones follow the account's Enable Inventory
    # Real-Time Updates): the mode, and whether listings sharing one SKU are all updated.
    inventory_sync_mode = models.CharField(
        max_length=40,
        choices=InventorySyncMode.choices,
        default=InventorySyncMode.SYNC_WITH_FULFILLMENT_CHANNEL,
    )
    update_duplicate_skus = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["type", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "name"], name="channel_name_unique_in_account"
            ),
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(is_product_master=True),
                name="channel_one_product_master",
            ),
            models.CheckConstraint(
                condition=models.Q(pii_retention_days__isnull=True)
                | models.Q(pii_retention_days__gte=1, pii_retention_days__lte=MAX_RETENTION_DAYS),
                name="channel_pii_retention_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as every picker shows it: disabled channels carry the suffix " (disabled)"."""
        return self.name if self.is_enabled else f"{self.name} (disabled)"

    @property
    def kind_spec(self):
        return KINDS[self.kind]


class ChannelWarehouse(models.Model):
    """A physical warehouse a fulfillment channel serves."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="served_warehouses")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "warehouse"], name="channel_serves_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel_id} serves {self.warehouse_id}"


class SkuMapping(models.Model):
    """Translates a channel's SKU to an OpenOMS variant, for orders and inventory both ways.

    A channel SKU maps to one variant per channel; several channel SKUs may map to one variant.
    """

    # A copy of the channel's account for tenant filters. The channel's own foreign key already
    # guarantees it exists, so the database does not check this one again on every row: that
    # check cost about 10 % of a large import (bench/sku_mapping_import.py).
    account = models.ForeignKey(
        "tenancy.Account",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="sku_mappings", db_index=False
    )
    channel_sku = models.CharField(max_length=255)
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["channel_sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "channel_sku"], name="sku_mapping_once_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel_sku} → {self.variant_id}"


class WarehouseMapping(models.Model):
    """Which OpenOMS warehouse feeds which location of a sales channel (e.g. a Shopify location)."""

    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="warehouse_mappings"
    )
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField(max_length=120)

    class Meta:
        ordering = ["warehouse__code"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "warehouse"], name="warehouse_mapping_once"),
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="warehouse_mapping_external_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.warehouse_id} → {self.external_id}"


from openoms.channels.carrier_models import (  # noqa: E402, F401  (carriers, one app)
    Carrier,
    CarrierMapping,
    CarrierService,
)
