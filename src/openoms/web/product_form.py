"""The product page's form: the product's fields and a table of variant rows.

Rows are posted as ``variants-<n>-<field>`` (``n`` is the row's place on the page, ``id`` names a
stored variant). The form only collects strings: ``catalog.services.products`` checks every
value, and its ``variants.<i>.<field>`` errors are put back on the cells of the row they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openoms.catalog.models import Product, ProductStatus, ProductVariant
from openoms.core import units
from openoms.tenancy.models import Account
from openoms.web.forms import ProductFieldsForm, show_errors

COLUMNS = ("sku", "name", "barcode", "weight", "length", "width", "height", "price")
_MEASURES = {
    "weight": ("weight_g", "weight_unit", units.WEIGHT_UNITS),
    "length": ("length_mm", "size_unit", units.SIZE_UNITS),
    "width": ("width_mm", "size_unit", units.SIZE_UNITS),
    "height": ("height_mm", "size_unit", units.SIZE_UNITS),
}
_ROW_KEY = re.compile(r"^variants-(\d{1,4})-(id|" + "|".join(COLUMNS) + r")$")
PRODUCT_FIELDS = ("name", "description", "status")


def _fields_form(data=None, initial=None) -> ProductFieldsForm:
    return ProductFieldsForm(data, initial=initial, status_choices=ProductStatus.choices)


def column_headers(account: Account) -> list[tuple[str, str]]:
    """(field, header) of the variants table; measures carry the account's unit."""
    size, weight = account.size_unit, account.weight_unit
    return [
        ("sku", "SKU"),
        ("name", "Variant name"),
        ("barcode", "Barcode"),
        ("weight", f"Weight ({weight})"),
        ("length", f"Length ({size})"),
        ("width", f"Width ({size})"),
        ("height", f"Height ({size})"),
        ("price", "Price"),
    ]


@dataclass
class VariantRow:
    """One row of the variants table: what it shows (or what was posted) and its errors."""

    index: int
    id: int | None
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        return self.id is None and not any(value.strip() for value in self.values.values())

    @property
    def row_error(self) -> str:
        return self.errors.get("id", "")

    def payload(self) -> dict:
        data: dict = dict(self.values)
        if self.id is not None:
            data["id"] = self.id
        return data


def _stored_values(variant: ProductVariant, account: Account) -> dict[str, str]:
    values = {name: getattr(variant, name) or "" for name in ("sku", "name", "barcode")}
    for column, (attribute, unit_setting, table) in _MEASURES.items():
        stored = getattr(variant, attribute)
        values[column] = (
            ""
            if stored is None
            else str(units.from_base(stored, getattr(account, unit_setting), table))
        )
    values["price"] = "" if variant.price is None else str(variant.price)
    return values


def _blank_row(index: int) -> VariantRow:
    return VariantRow(index, None, dict.fromkeys(COLUMNS, ""))


@dataclass
class ProductForm:
    """The product's fields (a Django form, for ``_field.html``) and its variant rows."""

    fields: ProductFieldsForm
    rows: list[VariantRow]

    @classmethod
    def blank(cls) -> ProductForm:
        return cls(_fields_form(initial={"status": ProductStatus.ACTIVE}), [_blank_row(0)])

    @classmethod
    def of(cls, product: Product, account: Account) -> ProductForm:
        initial = {name: getattr(product, name) for name in PRODUCT_FIELDS}
        variants = sorted(product.variants.all(), key=lambda v: v.pk)
        rows = [VariantRow(i, v.pk, _stored_values(v, account)) for i, v in enumerate(variants)]
        return cls(_fields_form(initial=initial), rows)

    @classmethod
    def posted(cls, data, *, with_ids: bool) -> ProductForm:
        """The form as posted; ``with_ids`` is False on the create page (no stored variants)."""
        cells: dict[int, dict[str, str]] = {}
        for key, value in data.items():
            match = _ROW_KEY.match(key)
            if match:
                cells.setdefault(int(match[1]), {})[match[2]] = value
        rows = [_posted_row(index, cells[index], with_ids) for index in sorted(cells)]
        return cls(_fields_form(data), rows)

    def values(self) -> dict[str, str]:
        """The product's posted fields, as the service takes them."""
        return self.fields.submitted()

    def add_blank_row(self) -> None:
        self.rows.append(_blank_row(self.next_index))

    @property
    def next_index(self) -> int:
        return max((row.index for row in self.rows), default=-1) + 1

    def variants_payload(self) -> list[dict]:
        """The rows the service gets, in order (blank new rows are left out)."""
        return [row.payload() for row in self._sent_rows()]

    def _sent_rows(self) -> list[VariantRow]:
        return [row for row in self.rows if not row.is_blank]

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put ``variants.<i>.<field>`` errors on their row's cell, the rest on the product."""
        sent = self._sent_rows()
        others: dict[str, str] = {}
        for key, message in errors.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(sent):
                sent[int(parts[1])].errors[parts[2]] = message
            else:
                others[key] = message
        show_errors(self.fields, others)

    def table(self, headers: list[tuple[str, str]]) -> list[tuple[VariantRow, list[tuple]]]:
        """Each row with its cells as (field, header, value, error), in column order."""
        return [
            (row, [(f, h, row.values.get(f, ""), row.errors.get(f, "")) for f, h in headers])
            for row in self.rows
        ]


def _posted_row(index: int, cells: dict[str, str], with_ids: bool) -> VariantRow:
    raw_id = cells.pop("id", "").strip()
    variant_id = None
    if with_ids and raw_id:
        # An id that is not a number can be no variant of this product: the service refuses 0.
        variant_id = int(raw_id) if raw_id.isdigit() else 0
    return VariantRow(index, variant_id, {c: cells.get(c, "") for c in COLUMNS})
