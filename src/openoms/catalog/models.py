from django.db import models


class ProductStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Product(models.Model):
    """A product of an account's catalog; its variants carry the SKUs that stock and orders use."""

    account = models.ForeignKey(
        "tenancy.Account", on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ProductStatus.choices, default=ProductStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["account", "name"], name="product_account_name")]

    def __str__(self) -> str:
        return self.name


class ProductVariant(models.Model):
    """One sellable, stockable item. Its SKU is unique in the account (case-sensitive).

    Weight is stored in grams and dimensions in millimeters; accounts see their own units.
    ``account`` repeats the product's account so the SKU constraint and tenant filters are direct.
    """

    account = models.ForeignKey("tenancy.Account", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=100)
    name = models.CharField(max_length=200, blank=True, help_text="e.g. Red / M")
    barcode = models.CharField(max_length=14, blank=True, help_text="UPC or EAN")
    weight_g = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    length_mm = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    width_mm = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    height_mm = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "sku"], name="variant_sku_unique_in_account"
            ),
        ]
        indexes = [models.Index(fields=["account", "barcode"], name="variant_account_barcode")]

    def __str__(self) -> str:
        return self.sku

    @property
    def title(self) -> str:
        return f"{self.product.name} — {self.name}" if self.name else self.product.name
