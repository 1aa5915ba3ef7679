"""Applying ``P_Products.csv`` rows to the catalog, batch by batch, with set-based writes.

Rows with the same Product Name form one product. A group goes to the product its name matches
(exactly one in the account), else to the one product its existing SKUs belong to (which then
takes the new name), else to a new product. An existing SKU stays in its product: a row naming
another product is skipped with a warning (as is a SKU already seen in the file); invalid values
reject the row. A product's name, description and status come from the first applied row of it.
An empty cell leaves the value as it is (see ``product_csv``).

What the importer remembers across batches (SKUs seen, each name's product, products created) is
journalled per ``apply``, so ``undo`` forgets a batch the runner rolled back and applies again row
by row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from openoms.activity.import_kinds import BatchReport, Record, rejection, warning
from openoms.catalog.models import Product, ProductStatus, ProductVariant
from openoms.catalog.product_csv import VARIANT_FIELDS, ProductRow, parse_row
from openoms.catalog.services.sku_lookalikes import sku_lookalikes_warn
from openoms.core.csv_files import width_problem
from openoms.tenancy.models import Account

PRODUCT_FIELDS = ("name", "description", "status")
LOOKUP_CHUNK = 900  # SQLite's bound-parameter limit on older builds is 999


@dataclass
class _Batch:
    """What one batch will write."""

    products: dict[int, Product] = field(default_factory=dict)
    new_products: dict[str, Product] = field(default_factory=dict)
    changed_products: dict[int, Product] = field(default_factory=dict)
    new_variants: list[ProductVariant] = field(default_factory=list)
    changed_variants: list[ProductVariant] = field(default_factory=list)


@dataclass
class ProductImporter:
    """The state of one file's import across its batches (SKUs seen, each name's product)."""

    account: Account
    weight_unit: str
    size_unit: str
    seen_skus: dict[str, int] = field(default_factory=dict)
    targets: dict[str, int | None] = field(default_factory=dict)  # None: a new product
    claimed: set[int] = field(default_factory=set)
    fields_applied: set[int] = field(default_factory=set)
    created_for: dict[str, Product] = field(default_factory=dict)
    _added: list[tuple[dict | set, object]] = field(default_factory=list)

    def apply(self, records: list[Record]) -> BatchReport:
        self._added.clear()
        report = BatchReport()
        fields_by_line = dict(records)
        rows = self._clean(records, report)
        existing = self._existing_variants(row.sku for row in rows)
        self._choose_targets(rows, existing)
        batch = _Batch(products=self._products(rows, existing))
        for row in rows:
            fields = fields_by_line[row.line]
            self._apply_row(row, existing.get(row.sku), batch, report, fields)
        self._write(batch)
        report.issues.sort(key=lambda issue: issue.line)
        return report

    def undo(self) -> None:
        """Forget what the last ``apply`` remembered (its transaction was rolled back)."""
        for container, key in reversed(self._added):
            if isinstance(container, set):
                container.discard(key)
            else:
                container.pop(key, None)
        self._added.clear()

    def _put(self, mapping: dict, key, value) -> None:
        if key not in mapping:
            mapping[key] = value
            self._added.append((mapping, key))

    def _add(self, members: set, key) -> None:
        if key not in members:
            members.add(key)
            self._added.append((members, key))

    def _clean(self, records: list[Record], report: BatchReport) -> list[ProductRow]:
        rows = []
        for line, fields in records:
            problem = width_problem(fields, 11)
            row, sku, problems = (
                (None, None, [problem])
                if problem
                else parse_row(line, fields, self.weight_unit, self.size_unit)
            )
            if sku:
                self._put(self.seen_skus, sku, line)
            first = self.seen_skus[sku] if sku else line
            if first != line:
                _warn(report, line, f"Duplicate SKU: already on line {first}.", fields)
            elif problems:
                report.rejected += 1
                report.issues.append(rejection(line, " ".join(problems), fields))
            else:
                rows.append(row)
        return rows

    def _existing_variants(self, skus: Iterable[str]) -> dict[str, ProductVariant]:
        wanted = list(set(skus))
        found: dict[str, ProductVariant] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            variants = ProductVariant.objects.filter(
                account=self.account, sku__in=wanted[start : start + LOOKUP_CHUNK]
            ).select_related("product")
            found.update((variant.sku, variant) for variant in variants)
        return found

    def _choose_targets(self, rows: list[ProductRow], existing: dict) -> None:
        """Decide the product of each Product Name met for the first time in this batch."""
        evidence: dict[str, list[Product]] = {}
        for row in rows:
            if row.product_name not in self.targets:
                group = evidence.setdefault(row.product_name, [])
                if row.sku in existing:
                    group.append(existing[row.sku].product)
        named = _products_named(self.account, evidence)
        for name, products in evidence.items():
            target = _target(name, products, named.get(name, []), self.claimed)
            self._put(self.targets, name, target)
            if target is not None:
                self._add(self.claimed, target)

    def _products(self, rows: list[ProductRow], existing: dict) -> dict[int, Product]:
        """The batch's existing target products, one instance each (shared by their variants)."""
        products: dict[int, Product] = {}
        for variant in existing.values():
            variant.product = products.setdefault(variant.product_id, variant.product)
        wanted = {self.targets[row.product_name] for row in rows} - products.keys() - {None}
        products.update(Product.objects.in_bulk(list(wanted)))
        return products

    def _apply_row(self, row, variant, batch: _Batch, report: BatchReport, fields) -> None:
        target = self.targets[row.product_name]
        if variant is not None and variant.product_id != target:
            if variant.product.name != row.product_name:
                message = f"SKU {row.sku} belongs to product {variant.product.name}."
                _warn(report, row.line, message, fields)
                return
            target = variant.product_id  # another product of the same name: its own
        product = self._product(row, target, batch)
        product_changed = self._apply_product_fields(row, product, batch)
        if variant is None:
            batch.new_variants.append(
                ProductVariant(account=self.account, product=product, sku=row.sku, **row.variant)
            )
            report.created += 1
        elif _assign(variant, row.variant):
            batch.changed_variants.append(variant)
            report.updated += 1
        elif product_changed:
            report.updated += 1
        else:
            report.unchanged += 1

    def _product(self, row: ProductRow, target: int | None, batch: _Batch) -> Product:
        if target is not None:
            return batch.products[target]
        product = self.created_for.get(row.product_name)
        if product is None:
            product = Product(
                account=self.account,
                name=row.product_name,
                description=row.description or "",
                status=row.status or ProductStatus.ACTIVE,
            )
            self._put(self.created_for, row.product_name, product)
            batch.new_products[row.product_name] = product
        return product

    def _apply_product_fields(self, row: ProductRow, product: Product, batch: _Batch) -> bool:
        if product.pk is None or product.pk in self.fields_applied:
            return False
        self._add(self.fields_applied, product.pk)
        if not _assign(product, row.product_fields()):
            return False
        batch.changed_products[product.pk] = product
        return True

    def _write(self, batch: _Batch) -> None:
        now = timezone.now()
        Product.objects.bulk_create(batch.new_products.values(), batch_size=1000)
        for product in batch.new_products.values():
            self._add(self.fields_applied, product.pk)
        for variant in batch.new_variants:
            variant.product_id = variant.product.pk
        for changed in batch.changed_products.values():
            changed.updated_at = now
        for variant in batch.changed_variants:
            variant.updated_at = now
        Product.objects.bulk_update(
            batch.changed_products.values(), [*PRODUCT_FIELDS, "updated_at"], batch_size=500
        )
        ProductVariant.objects.bulk_create(batch.new_variants, batch_size=1000)
        sku_lookalikes_warn(
            account=self.account, new_skus=[variant.sku for variant in batch.new_variants]
        )
        ProductVariant.objects.bulk_update(
            batch.changed_variants, [*VARIANT_FIELDS, "updated_at"], batch_size=500
        )


def _warn(report: BatchReport, line: int, reason: str, fields: list[str]) -> None:
    report.warning += 1
    report.issues.append(warning(line, reason, fields))


def _assign(instance, values: dict) -> bool:
    """Set the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _products_named(account: Account, names: Iterable[str]) -> dict[str, list[int]]:
    wanted = list(names)
    found: dict[str, list[int]] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        rows = Product.objects.filter(
            account=account, name__in=wanted[start : start + LOOKUP_CHUNK]
        ).values_list("name", "pk")
        for name, pk in rows.order_by("pk"):
            found.setdefault(name, []).append(pk)
    return found


def _target(name: str, evidence: list[Product], named: list[int], claimed: set[int]) -> int | None:
    """The product a new group goes to (None: a new one); see the module docstring."""
    free_named = [pk for pk in named if pk not in claimed]
    for product in evidence:
        if product.pk in free_named:
            return product.pk
    if len(named) == 1:
        return free_named[0] if free_named else None
    if not named:
        for product in evidence:
            if product.pk not in claimed:
                return product.pk
    return None
