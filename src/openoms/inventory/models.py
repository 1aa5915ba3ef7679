from django.db import models

from openoms.inventory.triggers import Trigger


class WarehouseKind(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    VIRTUAL = "virtual", "Virtual"


class Warehouse(models.Model):
    """A place where stock is (physical) or a named pool of physical members (virtual).

    Warehouses belong to the organization; each account enables the ones it uses. A virtual
    warehouse never holds stock itself: its quantities are always the sum of its members'.
    """

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="warehouses"
    )
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=WarehouseKind.choices)
    members = models.ManyToManyField(
        "self", symmetrical=False, through="WarehouseMember", related_name="virtual_groups"
    )
    address_line1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="warehouse_code_unique_in_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_virtual(self) -> bool:
        return self.kind == WarehouseKind.VIRTUAL


class WarehouseMember(models.Model):
    """A physical warehouse belonging to a virtual one."""

    virtual = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="+")
    physical = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["virtual", "physical"], name="warehouse_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.physical_id} in {self.virtual_id}"


class AccountWarehouse(models.Model):
    """A warehouse enabled for an account; at most one enabled physical one is its default."""

    account = models.ForeignKey(
        "tenancy.Account", on_delete=models.CASCADE, related_name="enabled_warehouses"
    )
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    is_default = models.BooleanField(default=False)
    enabled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "warehouse"], name="account_warehouse_once"),
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(is_default=True),
                name="account_one_default_warehouse",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.warehouse_id} enabled for {self.account_id}"


class InventoryLevel(models.Model):
    """Stock of one variant in one physical warehouse. Every change goes through the ledger.

    Available = total - allocated - on hold; it is stored truly (it may be negative) and never
    shown below zero to a channel.
    """

    # account and variant are indexed by level_account_warehouse and level_once_per_warehouse.
    account = models.ForeignKey(
        "tenancy.Account", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="levels", db_index=False
    )
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="levels")
    total = models.BigIntegerField(default=0)
    allocated = models.BigIntegerField(default=0)
    on_hold = models.BigIntegerField(default=0)
    incoming = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "warehouse"], name="level_once_per_warehouse"
            )
        ]
        indexes = [models.Index(fields=["account", "warehouse"], name="level_account_warehouse")]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.warehouse_id}: {self.total}"

    @property
    def available(self) -> int:
        return self.total - self.allocated - self.on_hold


class Quantity(models.TextChoices):
    TOTAL = "total", "Total"
    ALLOCATED = "allocated", "Allocated"
    ON_HOLD = "on_hold", "On hold"
    INCOMING = "incoming", "Incoming"


class InventoryMovement(models.Model):
    """One change to one quantity of a level, written in the same transaction as the change.

    For every level and quantity, the sum of ``change`` equals the level's value
    (``openoms inventory check`` verifies it). Movements are never edited or deleted.
    """

    # account and level are indexed by movement_account_recent and movement_level_quantity.
    account = models.ForeignKey(
        "tenancy.Account", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    level = models.ForeignKey(
        InventoryLevel, on_delete=models.PROTECT, related_name="movements", db_index=False
    )
    quantity = models.CharField(max_length=10, choices=Quantity.choices, default=Quantity.TOTAL)
    change = models.BigIntegerField()
    resulting = models.BigIntegerField()
    trigger = models.CharField(max_length=40, choices=Trigger.choices)
    reference = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        "tenancy.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["level", "quantity"], name="movement_level_quantity"),
            models.Index(fields=["account", "-id"], name="movement_account_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.change:+d} → {self.resulting} ({self.trigger})"
