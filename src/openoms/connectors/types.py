"""The data connectors exchange with OpenOMS, independent of any channel's own format."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ProductData:
    """One SKU of a channel's catalog (a product variant), as a connector reads or writes it.

    ``name`` and ``description`` are the product's; ``variant_name`` is the variant's (e.g. "Red /
    M"). Variants of one product share ``product_ref``, the product's id in the system the data
    comes from (the channel on import, OpenOMS on export); when empty, the product name groups
    them. Weight is in grams, dimensions in millimeters, price in the account's currency;
    ``None`` means the sender does not say.
    """

    sku: str
    name: str
    variant_name: str = ""
    description: str = ""
    barcode: str = ""
    weight_g: Decimal | None = None
    price: Decimal | None = None
    length_mm: Decimal | None = None
    width_mm: Decimal | None = None
    height_mm: Decimal | None = None
    product_ref: str = ""

    @property
    def group(self) -> str:
        """What makes variants one product: the channel's product id, else the product name."""
        return f"ref:{self.product_ref}" if self.product_ref else f"name:{self.name}"


@dataclass(frozen=True)
class StockLevel:
    """One SKU's quantity at one location of a channel, as a connector reads or writes it.

    ``sku`` is the channel's SKU and ``location`` the channel's id of the place (a 3PL
    warehouse, a store location). Read from a 3PL, ``quantity`` is its on-hand count; sent to a
    store, the quantity it may sell (a full value, never a change).
    """

    sku: str
    location: str
    quantity: int
