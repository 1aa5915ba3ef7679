"""The columns of ``P_Products.csv`` (one row per variant) and how one row is read and written.

Measures are written in the account's units, named in the header (``Weight (kg)``,
``Length (cm)`` …); an import reads the units from its own header, so a file keeps its meaning
whichever account settings it meets. Exports write as few decimals as give back the stored value
exactly, so an export imported again changes nothing.

An empty cell means "leave as it is" for an existing SKU or product (a new one gets the empty
value, or Active for the status); ``(clear)`` in Variant Name, Description, Barcode, a measure or
Price empties that value. Product Name and SKU are always required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from openoms.catalog import validation as v
from openoms.catalog.models import ProductStatus
from openoms.core import units
from openoms.core.csv_files import CsvFileError, header_problem
from openoms.core.errors import InvalidValue

P_FILE = "P_Products.csv"
MEASURES = ("Weight", "Length", "Width", "Height")
_MEASURE_COLUMN = re.compile(r"(Weight|Length|Width|Height) \((.*)\)")
STORED_PLACES = Decimal("0.001")
VARIANT_FIELDS = ("name", "barcode", "weight_g", "length_mm", "width_mm", "height_mm", "price")
CLEAR = "(clear)"
# The column of each field a cell may leave as it is, and its cleared value.
OPTIONAL = {
    "name": (2, ""),
    "description": (3, ""),
    "barcode": (4, ""),
    "weight_g": (5, None),
    "length_mm": (6, None),
    "width_mm": (7, None),
    "height_mm": (8, None),
    "price": (9, None),
    "status": (10, None),
}


def product_header(weight_unit: str, size_unit: str) -> list[str]:
    return [
        "Product Name",
        "SKU",
        "Variant Name",
        "Description",
        "Barcode",
        f"Weight ({weight_unit})",
        f"Length ({size_unit})",
        f"Width ({size_unit})",
        f"Height ({size_unit})",
        "Price",
        "Status",
    ]


def header_units(header: list[str], *, default: tuple[str, str]) -> tuple[str, str]:
    """(weight unit, size unit) named by the header, or ``CsvFileError`` when one is unknown
    or the three dimensions disagree. A missing column keeps the default (the header check
    then names it)."""
    found: dict[str, str] = {}
    for name in header:
        match = _MEASURE_COLUMN.fullmatch(name)
        if match:
            found.setdefault(match.group(1), match.group(2).strip())
    weight = found.get("Weight", default[0])
    _check_unit(weight, "Weight", units.WEIGHT_UNITS)
    sizes = [found.get(label, default[1]) for label in MEASURES[1:]]
    for label, unit in zip(MEASURES[1:], sizes, strict=True):
        _check_unit(unit, label, units.SIZE_UNITS)
    if len(set(sizes)) > 1:
        raise CsvFileError(
            f"Length, Width and Height must use the same unit; the header has {', '.join(sizes)}."
        )
    return weight, sizes[0]


def _check_unit(unit: str, label: str, table: dict) -> None:
    if unit not in table:
        raise CsvFileError(
            f"The column “{label} ({unit})” names an unknown unit; use one of: {', '.join(table)}."
        )


def check_product_header(header: list[str], *, default: tuple[str, str]) -> tuple[str, str]:
    """The file's (weight unit, size unit) after checking the whole header row."""
    weight_unit, size_unit = header_units(header, default=default)
    problem = header_problem(header, product_header(weight_unit, size_unit))
    if problem:
        raise CsvFileError(problem)
    return weight_unit, size_unit


@dataclass
class ProductRow:
    """One row of the file, cleaned: the variant's fields in stored units, the product's fields.

    Only the fields the row gives are there: ``variant`` lacks a field whose cell was empty, and
    ``description``/``status`` are None then (an existing SKU or product keeps its value)."""

    line: int
    product_name: str
    sku: str
    description: str | None
    status: str | None
    variant: dict = field(default_factory=dict)

    def product_fields(self) -> dict:
        """The product's fields the row gives (its name always)."""
        given = {"description": self.description, "status": self.status}
        return {"name": self.product_name} | {k: v for k, v in given.items() if v is not None}


def parse_row(
    line: int, fields: list[str], weight_unit: str, size_unit: str
) -> tuple[ProductRow | None, str | None, list[str]]:
    """(the clean row or None, its SKU when the SKU itself is valid, the problems)."""
    problems: list[str] = []
    values: dict = {}
    size = {"unit": size_unit, "table": units.SIZE_UNITS}
    checks = {
        "product_name": lambda: v.clean_name(fields[0], label="product name"),
        "sku": lambda: v.clean_sku(fields[1]),
        "name": lambda: v.clean_name(fields[2], required=False, label="variant name"),
        "description": lambda: fields[3].strip(),
        "barcode": lambda: v.clean_barcode(fields[4]),
        "weight_g": lambda: v.clean_measure(
            fields[5], unit=weight_unit, table=units.WEIGHT_UNITS, label="weight"
        ),
        "length_mm": lambda: v.clean_measure(fields[6], **size, label="length"),
        "width_mm": lambda: v.clean_measure(fields[7], **size, label="width"),
        "height_mm": lambda: v.clean_measure(fields[8], **size, label="height"),
        "price": lambda: v.clean_price(fields[9]),
        "status": lambda: clean_status(fields[10]),
    }
    for name, check in checks.items():
        try:
            values[name] = _given(name, fields, check)
        except InvalidValue as exc:
            problems.append(str(exc))
    sku = values.get("sku")
    if problems:
        return None, sku, problems
    variant = {name: values[name] for name in VARIANT_FIELDS if values[name] is not _KEEP}
    product = [
        None if values[name] is _KEEP else values[name] for name in ("description", "status")
    ]
    return ProductRow(line, values["product_name"], sku, *product, variant), sku, []


_KEEP = object()  # an empty cell: the value stays as it is


def _given(name: str, fields: list[str], check):
    """The cell's clean value, ``_KEEP`` for an empty cell, the cleared value for ``(clear)``."""
    if name not in OPTIONAL:
        return check()
    column, cleared = OPTIONAL[name]
    cell = fields[column].strip()
    if not cell:
        return _KEEP
    if cell == CLEAR:
        if cleared is None and name == "status":
            raise InvalidValue("The status cannot be cleared; use active or archived.")
        return cleared
    return check()


def clean_status(raw: str) -> str:
    value = raw.strip().lower()
    if not value:
        return ProductStatus.ACTIVE
    if value not in ProductStatus.values:
        raise InvalidValue(f"The status must be active or archived; got {raw.strip()!r}.")
    return value


def export_measure(stored: Decimal | None, unit: str, table: dict) -> str:
    """A stored g/mm value in ``unit``, with the fewest decimals that import back to it exactly."""
    if stored is None:
        return ""
    exact = Decimal(stored) / table[unit][1]
    for places in range(13):
        shown = exact.quantize(Decimal(1).scaleb(-places))
        if units.to_base(shown, unit, table).quantize(STORED_PLACES) == stored:
            return format(shown, "f")
    return format(exact, "f")
