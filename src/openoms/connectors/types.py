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


@dataclass(frozen=True)
class QuantitySet:
    """Set ``available`` of a listing (a store's inventory item) at a store location to
    ``quantity``, if it is ``compare`` now (None: whatever it is). ``label`` names the item in
    messages (e.g. its SKU)."""

    inventory_item_id: str
    location_id: str
    quantity: int
    compare: int | None = None
    label: str = ""


@dataclass(frozen=True)
class QuantityDelta:
    """Change ``available`` of a listing at a store location by ``delta``, if it is ``compare``
    now."""

    inventory_item_id: str
    location_id: str
    delta: int
    compare: int | None = None
    label: str = ""


@dataclass(frozen=True)
class QuantityResult:
    """What became of one entry: ``applied``; else the store's ``code`` and ``message``, and
    ``again`` when the entry was not applied only because its compare was stale: it may be sent
    again as a new operation (a new idempotency key), compared with ``current``, the store's
    value read after the refusal."""

    inventory_item_id: str
    location_id: str
    applied: bool
    code: str = ""
    message: str = ""
    again: bool = False
    current: int | None = None
