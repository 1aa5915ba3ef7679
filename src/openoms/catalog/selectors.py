"""Catalog reads, scoped to the actor's account."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openoms.catalog.models import Product, ProductVariant
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm


def _scoped(actor: Actor, account: Account) -> None:
    actor.require_account(account)
    actor.require(Perm.CATALOG_VIEW)


def products_search(
    actor: Actor, account: Account, *, q: str = "", status: str | None = None
) -> QuerySet[Product]:
    """Products whose name, or a variant's SKU or barcode, contains ``q``; newest names first."""
    _scoped(actor, account)
    products = Product.objects.filter(account=account)
    if q.strip():
        term = q.strip()
        matching = ProductVariant.objects.filter(account=account).filter(
            Q(sku__icontains=term) | Q(barcode=term)
        )
        products = products.filter(
            Q(name__icontains=term) | Q(pk__in=matching.values("product_id"))
        )
    if status:
        products = products.filter(status=status)
    return products.prefetch_related("variants").order_by("name", "id")


def product_get(actor: Actor, account: Account, pk: int) -> Product:
    _scoped(actor, account)
    product = Product.objects.filter(account=account, pk=pk).prefetch_related("variants").first()
    if product is None:
        raise NotFound("Product not found.")
    return product


def variants_search(
    actor: Actor, account: Account, *, q: str = "", sku: str | None = None
) -> QuerySet[ProductVariant]:
    """Variants by exact ``sku`` or by SKU/name/barcode containing ``q`` (for pickers and lists)."""
    _scoped(actor, account)
    variants = ProductVariant.objects.filter(account=account).select_related("product")
    if sku is not None:
        variants = variants.filter(sku=sku)
    if q.strip():
        term = q.strip()
        variants = variants.filter(
            Q(sku__icontains=term)
            | Q(name__icontains=term)
            | Q(product__name__icontains=term)
            | Q(barcode=term)
        )
    return variants.order_by("sku")


def variant_by_sku(actor: Actor, account: Account, sku: str) -> ProductVariant:
    variant = variants_search(actor, account, sku=sku).first()
    if variant is None:
        raise NotFound(f"Unknown SKU {sku!r}.")
    return variant


def variant_get(actor: Actor, account: Account, pk: int) -> ProductVariant:
    variant = variants_search(actor, account).filter(pk=pk).first()
    if variant is None:
        raise NotFound("Variant not found.")
    return variant
