"""Products and variants: request and response shapes.

Weights and dimensions are in the account's units (``units`` says which: Account settings →
Units of Measure) and stored in g and mm. Prices are decimal strings with 2 decimals ("19.90")
in responses; requests may send a number or a string. Unknown fields are refused (422).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictStr,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import RowId, UtcDatetime
from openoms.catalog import validation as v
from openoms.catalog.models import ProductStatus
from openoms.core import units
from openoms.core.errors import InvalidValue

ProductStatusCode = Literal[tuple(ProductStatus.values)]
WeightUnit = Literal[tuple(units.WEIGHT_UNITS)]
SizeUnit = Literal[tuple(units.SIZE_UNITS)]

SKU_HELP = (
    "Unique in the account, case-sensitive, up to 100 characters, no surrounding spaces; stored "
    "in Unicode NFC."
)
NUMBER_TEXT = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,6})?\s*$"


def _plain_number(value: Any, info: ValidationInfo) -> Any:
    """The request's shape check of a number field: a JSON number or its text, finite, by the
    rule of ``catalog.validation`` (its wording, whichever way in); the sign, the range (which
    depends on the account's unit) and the decimals are the service's checks, with that module."""
    try:
        v.parse_number(value, str(info.field_name))
    except InvalidValue as exc:
        raise PydanticCustomError("number", str(exc)) from None
    return value


def _number(description: str, maximum: Decimal) -> Any:
    """A JSON number or its text, checked by ``catalog.validation`` (one rule for every way in:
    page, API, CSV); the schema documents the range that rule enforces."""
    number = {"type": "number", "minimum": 0, "maximum": float(maximum)}
    text = {"type": "string", "pattern": NUMBER_TEXT, "maxLength": v.MAX_NUMBER_TEXT}
    schema = {"anyOf": [number, text, {"type": "null"}], "description": description}
    return Annotated[Any, AfterValidator(_plain_number), WithJsonSchema(schema), Field(None)]


MAX_MEASURE_IN_MM = v.max_in_unit("mm", units.SIZE_UNITS)
Measure = _number(
    "In the account's unit (see `units`): 0 to 99,999,999,999 g or mm expressed in that unit "
    "(e.g. 99,999,999.999 kg or m), stored to 0.001 g or mm; or null.",
    MAX_MEASURE_IN_MM,
)
Price = _number(
    f'0 to {v.MAX_PRICE:,} with at most 2 decimals, as a number or a string "9.90"; or null.',
    v.MAX_PRICE,
)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VariantIn(_In):
    """A variant to add; only ``sku`` is required."""

    sku: StrictStr = Field(description=SKU_HELP)
    name: StrictStr | None = Field(None, description='The variant\'s own name, e.g. "Red / M".')
    barcode: StrictStr | None = Field(None, description="UPC/EAN/GTIN: 8, 12, 13 or 14 digits.")
    weight: Measure
    length: Measure
    width: Measure
    height: Measure
    price: Price


class VariantUpdateIn(_In):
    """A variant to edit (with its ``id``: only the fields sent change) or to add (without)."""

    id: RowId | None = Field(None, description="The variant to edit; omit it to add one.")
    sku: StrictStr = Field(None, description=SKU_HELP)
    name: StrictStr | None = None
    barcode: StrictStr | None = None
    weight: Measure
    length: Measure
    width: Measure
    height: Measure
    price: Price


class ProductIn(_In):
    """A new product with at least one variant."""

    name: StrictStr = Field(description="1 to 200 characters.")
    description: StrictStr | None = None
    status: ProductStatusCode = "active"
    variants: list[VariantIn] = Field(description="At least one; each SKU unique in the account.")


class ProductUpdateIn(_In):
    """The fields to change (null is refused: leave a field out to keep it).

    Variants with an ``id`` are edited, the others added; none is ever deleted here (their SKUs
    may be in stock or in orders).
    """

    name: StrictStr = Field(None, description="1 to 200 characters.")
    description: StrictStr = None
    status: ProductStatusCode = Field(None, description="archived hides the product from channels.")
    variants: list[VariantUpdateIn] = None


class UnitsOut(BaseModel):
    """The units of ``weight`` and of ``length``, ``width`` and ``height``."""

    weight: WeightUnit
    size: SizeUnit


class VariantOut(BaseModel):
    """A product variant: the SKU that stock and orders use."""

    id: int
    sku: str
    name: str
    barcode: str
    weight: float | None = Field(description="In `units.weight`, 3 decimals at most.")
    length: float | None = Field(description="In `units.size`, 3 decimals at most.")
    width: float | None
    height: float | None
    price: str | None = Field(description='A decimal string with 2 decimals, e.g. "19.90".')


class ProductOut(BaseModel):
    """A product with its variants (sorted by SKU) and the units of their measures."""

    id: int
    name: str
    description: str
    status: ProductStatusCode
    units: UnitsOut
    variants: list[VariantOut]
    created_at: UtcDatetime
    updated_at: UtcDatetime


class VariantProductOut(BaseModel):
    """The product a variant belongs to."""

    id: int
    name: str
    status: ProductStatusCode


class VariantListItemOut(VariantOut):
    """A variant with its product and the units of its measures."""

    product: VariantProductOut
    units: UnitsOut


ProductPageOut = page_schema(ProductOut, "ProductPage")
VariantPageOut = page_schema(VariantListItemOut, "VariantPage")
