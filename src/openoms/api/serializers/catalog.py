"""Products and variants to the API's JSON (measures in the account's units), and PATCH merging."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openoms.catalog.models import Product, ProductVariant
from openoms.core import units
from openoms.tenancy.models import Account

# API field -> (stored field, the account's unit attribute, unit table)
MEASURES = {
    "weight": ("weight_g", "weight_unit", units.WEIGHT_UNITS),
    "length": ("length_mm", "size_unit", units.SIZE_UNITS),
    "width": ("width_mm", "size_unit", units.SIZE_UNITS),
    "height": ("height_mm", "size_unit", units.SIZE_UNITS),
}


def units_out(account: Account) -> dict[str, str]:
    return {"weight": account.weight_unit, "size": account.size_unit}


def _shown(variant: ProductVariant, field: str, account: Account) -> float | None:
    stored, unit_attr, table = MEASURES[field]
    value = getattr(variant, stored)
    return (
        None if value is None else float(units.from_base(value, getattr(account, unit_attr), table))
    )


def variant_out(variant: ProductVariant, account: Account) -> dict[str, Any]:
    return {
        "id": variant.pk,
        "sku": variant.sku,
        "name": variant.name,
        "barcode": variant.barcode,
        **{field: _shown(variant, field, account) for field in MEASURES},
        "price": None if variant.price is None else f"{variant.price:.2f}",
    }


def product_out(product: Product, account: Account) -> dict[str, Any]:
    return {
        "id": product.pk,
        "name": product.name,
        "description": product.description,
        "status": product.status,
        "units": units_out(account),
        "variants": [variant_out(variant, account) for variant in product.variants.all()],
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }


def variant_list_item_out(variant: ProductVariant, account: Account) -> dict[str, Any]:
    product = variant.product
    return {
        **variant_out(variant, account),
        "product": {"id": product.pk, "name": product.name, "status": product.status},
        "units": units_out(account),
    }


def _exact(variant: ProductVariant, field: str, account: Account) -> Decimal | None:
    """A stored measure in the account's unit, unrounded, so saving it back changes nothing."""
    stored, unit_attr, table = MEASURES[field]
    value = getattr(variant, stored)
    return None if value is None else Decimal(value) / table[getattr(account, unit_attr)][1]


def _current(variant: ProductVariant, account: Account) -> dict[str, Any]:
    fields = {"sku": variant.sku, "name": variant.name, "barcode": variant.barcode}
    measures = {field: _exact(variant, field, account) for field in MEASURES}
    return {"id": variant.pk, **fields, **measures, "price": variant.price}


def merged_variants(
    product: Product, account: Account, changes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The variants of a PATCH as ``product_update`` takes them: an edited variant (one with the
    ``id`` of a variant of this product) keeps every field the request leaves out."""
    own = {variant.pk: variant for variant in product.variants.all()}
    merged = []
    for change in changes:
        variant = own.get(change.get("id"))
        merged.append(change if variant is None else _current(variant, account) | change)
    return merged
