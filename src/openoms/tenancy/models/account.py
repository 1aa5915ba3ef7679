from django.db import models

from openoms.core import units


class LicenseType(models.TextChoices):
    STANDARD = "standard", "Standard"
    BASIC = "basic", "Basic (no rules)"


class MasterProductSource(models.TextChoices):
    OPENOMS = "openoms", "OpenOMS"
    SALES_CHANNEL = "sales_channel", "Sales Channel"
    FULFILLMENT_CHANNEL = "fulfillment_channel", "Fulfillment Channel"


class ValidationLevel(models.TextChoices):
    WARNING = "warning", "Warning"
    ERROR = "error", "Error"


def _rule_field(default: str = ValidationLevel.ERROR) -> models.CharField:
    return models.CharField(max_length=10, choices=ValidationLevel.choices, default=default)


class Account(models.Model):
    """A brand or client of the organization; every setting of the Edit Account article lives here.

    The code is generated from the name when the account is created and never changes afterwards.
    Measurements are stored in mm, mm³ and g; the unit fields only choose what people see.
    """

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="accounts"
    )
    name = models.CharField(max_length=120)
    code = models.CharField(max_length=50, unique=True, editable=False)
    timezone = models.CharField(max_length=64, default="UTC")
    license_type = models.CharField(
        max_length=10, choices=LicenseType.choices, default=LicenseType.STANDARD
    )
    size_unit = models.CharField(
        max_length=4, choices=units.choices(units.SIZE_UNITS), default="cm"
    )
    volume_unit = models.CharField(
        max_length=4, choices=units.choices(units.VOLUME_UNITS), default="cm3"
    )
    weight_unit = models.CharField(
        max_length=4, choices=units.choices(units.WEIGHT_UNITS), default="kg"
    )
    master_product_source = models.CharField(
        max_length=20, choices=MasterProductSource.choices, default=MasterProductSource.OPENOMS
    )
    enable_automatic_sales_order_workflow = models.BooleanField(default=False)
    enable_automatic_purchase_order_workflow = models.BooleanField(default=False)
    enable_inventory_real_time_updates = models.BooleanField(default=True)
    pii_retention_days = models.PositiveIntegerField(null=True, blank=True)
    sales_order_carrier_code_rule = _rule_field()
    sales_order_service_code_rule = _rule_field()
    shipment_carrier_code_rule = _rule_field()
    shipment_service_code_rule = _rule_field()
    # An inbound carrier is rarely known when goods are ordered: Warning by default (an Error
    # rule would refuse every purchase order sent without one, and then its receipts).
    purchase_order_carrier_code_rule = _rule_field(ValidationLevel.WARNING)
    purchase_order_service_code_rule = _rule_field(ValidationLevel.WARNING)
    receipt_carrier_code_rule = _rule_field(ValidationLevel.WARNING)
    receipt_service_code_rule = _rule_field(ValidationLevel.WARNING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="account_name_unique_in_organization"
            ),
            models.CheckConstraint(
                condition=models.Q(pii_retention_days__isnull=True)
                | models.Q(pii_retention_days__gte=1),
                name="account_pii_retention_days_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
