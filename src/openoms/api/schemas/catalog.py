"""Products and variants: request and response shapes.

Weights and dimensions are in the account's units (``units`` says which: Account settings →
Units of Measure) and stored in g and mm. Prices are decimal strings with 2 decimals ("19.90")
in responses; requests may send a number or a string. Unknown fields are refused (422).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import RowId, UtcDatetime
from openoms.catalog.models import ProductStatus
from openoms.core import units

ProductStatusCode = Literal[tuple(ProductStatus.values)]
WeightUnit = Literal[tuple(units.WEIGHT_UNITS)]
SizeUnit = Literal[tuple(units.SIZE_UNITS)]

SKU_HELP = "Unique in the account, case-sensitive, up to 100 characters, no surrounding spaces."
Measure = Annotated[
    Decimal | None,
    Field(None, description="In the account's unit (see `units`); zero or more, or null."),
]
Price = Annotated[
    Decimal | None,
    Field(
        None, description='Zero or more with at most 2 decimals, as a number or a string "9.90".'
    ),
]


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
