"""Writing the Master Product Channel's catalog into OpenOMS: the product sync's way in.

This is the one path allowed to create products and change master-owned fields when a channel
is the Master Product Source (see ``catalog.master``). It is set-based: the variants arrive as
one list, are checked with the rules every way in shares (``catalog.validation``), and are
written with a few bulk queries per 900 SKUs, inside the caller's transaction.

- SKUs must be unique in the master source (seed 000): a SKU listed more than once is skipped,
  every occurrence of it, and reported in ``duplicate_skus``; the others are written.
- A SKU with an invalid value is skipped too, with the reason, in ``rejected``.
- Matching is by SKU within the account. An existing SKU stays in its product, which takes the
  master's product name and description. A new SKU joins the product of its group's existing
  SKUs (its master product), else a new product of that group.
- The status is OpenOMS's: new products are Active, existing ones keep theirs.

Counts are per SKU: created, updated (its values or its product's name or description changed),
unchanged; ``skipped`` counts the skipped occurrences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from openoms.catalog import validation as v
from openoms.catalog.models import Product, ProductVariant
from openoms.core import units
from openoms.core.errors import InvalidValue
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

CHUNK_SKUS = 900  # SQLite's bound-parameter limit on older builds is 999
VARIANT_FIELDS = ("name", "barcode", "weight_g", "length_mm", "width_mm", "height_mm", "price")
PRODUCT_FIELDS = ("name", "description")


@dataclass(frozen=True)
class MasterVariant:
    """One SKU of the master's catalog as received: raw values, weights in g, sizes in mm.

    Variants with the same ``group`` are one product of the master (its product id).
    """

    group: str
    sku: object
    product_name: object
    description: object = ""
    variant_name: object = ""
    barcode: object = ""
    weight_g: object = None
    length_mm: object = None
    width_mm: object = None
    height_mm: object = None
    price: object = None


@dataclass
class MasterWriteResult:
    """What the write did, per SKU of the master's catalog."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    duplicate_skus: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (SKU, reason)


@dataclass(frozen=True)
class _Clean:
    group: str
    sku: str
    product: dict
    variant: dict


def master_products_write(
    *, actor: Actor, account: Account, variants: Sequence[MasterVariant]
) -> MasterWriteResult:
    """Create or update the account's products from the master's catalog (see the module doc)."""
    actor.require_account(account)
    actor.require(Perm.CATALOG_EDIT)
    result = MasterWriteResult()
    cleaned = _cleaned(_without_duplicates(variants, result), result)
    for chunk in _chunks_by_group(cleaned):
        _Chunk(account, chunk, result).write()
    return result


def _without_duplicates(
    variants: Sequence[MasterVariant], result: MasterWriteResult
) -> list[MasterVariant]:
    times = Counter(str(variant.sku) for variant in variants)
    result.duplicate_skus = [sku for sku, count in times.items() if count > 1]
    result.skipped += sum(times[sku] for sku in result.duplicate_skus)
    return [variant for variant in variants if times[str(variant.sku)] == 1]


def _cleaned(variants: list[MasterVariant], result: MasterWriteResult) -> list[_Clean]:
    cleaned = []
    for variant in variants:
        try:
            cleaned.append(_clean(variant))
        except InvalidValue as exc:
            result.rejected.append((str(variant.sku), str(exc)))
            result.skipped += 1
    return cleaned


def _clean(raw: MasterVariant) -> _Clean:
    grams = {"unit": "g", "table": units.WEIGHT_UNITS}
    mm = {"unit": "mm", "table": units.SIZE_UNITS}
    product = {
        "name": v.clean_name(raw.product_name, label="product name"),
        "description": _description(raw.description),
    }
    variant = {
        "name": v.clean_name(raw.variant_name or "", required=False, label="variant name"),
        "barcode": v.clean_barcode(raw.barcode or ""),
        "weight_g": v.clean_measure(raw.weight_g, **grams, label="weight"),
        "length_mm": v.clean_measure(raw.length_mm, **mm, label="length"),
        "width_mm": v.clean_measure(raw.width_mm, **mm, label="width"),
        "height_mm": v.clean_measure(raw.height_mm, **mm, label="height"),
        "price": v.clean_price(raw.price),
    }
    return _Clean(raw.group, v.clean_sku(raw.sku), product, variant)


def _description(raw: object) -> str:
    text = str(raw or "").strip()
    if "\x00" in text:
        raise InvalidValue("The description contains a NUL character.")
    return text


def _chunks_by_group(cleaned: list[_Clean]) -> Iterator[list[_Clean]]:
    """Whole groups, about ``CHUNK_SKUS`` SKUs a chunk, so a product is never split."""
    groups: dict[str, list[_Clean]] = {}
    for item in cleaned:
        groups.setdefault(item.group, []).append(item)
    chunk: list[_Clean] = []
    for items in groups.values():
        if chunk and len(chunk) + len(items) > CHUNK_SKUS:
            yield chunk
            chunk = []
        chunk.extend(items)
    if chunk:
        yield chunk


class _Chunk:
    """The writes of one chunk of whole groups: what exists, what changes, then bulk queries."""

    def __init__(self, account: Account, items: list[_Clean], result: MasterWriteResult):
        self.account, self.items, self.result = account, items, result
        self.existing = _existing_variants(account, [item.sku for item in items])
        self.targets: dict[str, Product] = {}  # group -> the product its new SKUs join
        for item in items:
            if item.sku in self.existing:
                self.targets.setdefault(item.group, self.existing[item.sku].product)
        self.new_products: list[Product] = []
        self.changed_products: dict[int, Product] = {}
        self.applied: set[int] = set()
        self.new_variants: list[ProductVariant] = []
        self.changed_variants: list[ProductVariant] = []

    def write(self) -> None:
        for item in self.items:
            self._apply(item)
        _save(self.new_products, self.changed_products, self.new_variants, self.changed_variants)

    def _apply(self, item: _Clean) -> None:
        variant = self.existing.get(item.sku)
        product = variant.product if variant else self._target(item)
        product_changed = self._apply_product(product, item.product)
        if variant is None:
            self.new_variants.append(
                ProductVariant(account=self.account, product=product, sku=item.sku, **item.variant)
            )
            self.result.created += 1
        elif _assign(variant, item.variant):
            self.changed_variants.append(variant)
            self.result.updated += 1
        elif product_changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1

    def _target(self, item: _Clean) -> Product:
        """The product of a new SKU: its group's existing product, else a new one."""
        if item.group not in self.targets:
            product = Product(account=self.account, **item.product)
            self.new_products.append(product)
            self.targets[item.group] = product
        return self.targets[item.group]

    def _apply_product(self, product: Product, values: dict) -> bool:
        """Give an existing product the master's fields, once; True when they changed."""
        if product.pk is None:
            return False
        if product.pk not in self.applied:
            self.applied.add(product.pk)
            if _assign(product, values):
                self.changed_products[product.pk] = product
        return product.pk in self.changed_products


def _existing_variants(account: Account, skus: list[str]) -> dict[str, ProductVariant]:
    """The account's variants of these SKUs, one shared instance per product."""
    found: dict[str, ProductVariant] = {}
    products: dict[int, Product] = {}
    for start in range(0, len(skus), CHUNK_SKUS):
        rows = ProductVariant.objects.filter(
            account=account, sku__in=skus[start : start + CHUNK_SKUS]
        ).select_related("product")
        for variant in rows:
            variant.product = products.setdefault(variant.product_id, variant.product)
            found[variant.sku] = variant
    return found


def _assign(instance, values: dict) -> bool:
    """Set the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _save(new_products, changed_products, new_variants, changed_variants) -> None:
    now = timezone.now()
    Product.objects.bulk_create(new_products, batch_size=500)
    for variant in new_variants:
        variant.product_id = variant.product.pk
    for row in [*changed_products.values(), *changed_variants]:
        row.updated_at = now
    Product.objects.bulk_update(
        changed_products.values(), [*PRODUCT_FIELDS, "updated_at"], batch_size=500
    )
    ProductVariant.objects.bulk_create(new_variants, batch_size=500)
    ProductVariant.objects.bulk_update(
        changed_variants, [*VARIANT_FIELDS, "updated_at"], batch_size=500
    )
