"""The emulated shop's state: plain records in memory, guarded by one lock."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar

# Quantity names stored per level; ``on_hand`` is derived (Shopify's inventory states).
STORED_NAMES = (
    "available",
    "committed",
    "reserved",
    "damaged",
    "quality_control",
    "safety_stock",
    "incoming",
)
ON_HAND_PARTS = ("available", "committed", "reserved", "damaged", "quality_control", "safety_stock")
QUANTITY_LIMIT = 1_000_000_000


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gid(kind: str, number: int) -> str:
    return f"gid://shopify/{kind}/{number}"


def parse_gid(value: str | None, kind: str) -> int | None:
    """``gid://shopify/Kind/123`` (query string allowed) -> 123; anything else -> None."""
    prefix = f"gid://shopify/{kind}/"
    if not isinstance(value, str) or not value.startswith(prefix):
        return None
    number = value[len(prefix) :].split("?", 1)[0]
    return int(number) if number.isdigit() else None


@dataclass
class Record:
    TYPENAME: ClassVar[str] = ""
    id: int
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)

    @property
    def gid(self) -> str:
        return gid(self.TYPENAME, self.id)


@dataclass
class Location(Record):
    TYPENAME: ClassVar[str] = "Location"
    name: str = ""
    is_active: bool = True
    address: dict = field(default_factory=lambda: {"formatted": [], "countryCode": "US"})


@dataclass
class ProductOption(Record):
    TYPENAME: ClassVar[str] = "ProductOption"
    name: str = ""
    position: int = 1
    values: list[str] = field(default_factory=list)


@dataclass
class Product(Record):
    TYPENAME: ClassVar[str] = "Product"
    title: str = ""
    handle: str = ""
    status: str = "ACTIVE"
    vendor: str = ""
    product_type: str = ""
    description_html: str = ""
    tags: list[str] = field(default_factory=list)
    options: list[ProductOption] = field(default_factory=list)
    variant_ids: list[int] = field(default_factory=list)


@dataclass
class Variant(Record):
    TYPENAME: ClassVar[str] = "ProductVariant"
    product_id: int = 0
    inventory_item_id: int = 0
    title: str = "Default Title"
    sku: str | None = None
    barcode: str | None = None
    price: str = "0.00"
    compare_at_price: str | None = None
    position: int = 1
    inventory_policy: str = "DENY"
    taxable: bool = True
    option_values: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class InventoryItem(Record):
    TYPENAME: ClassVar[str] = "InventoryItem"
    variant_id: int = 0
    tracked: bool = True
    requires_shipping: bool = True
    weight: dict | None = None  # {"unit": "GRAMS", "value": 120.0}


@dataclass
class Level(Record):
    TYPENAME: ClassVar[str] = "InventoryLevel"
    item_id: int = 0
    location_id: int = 0
    quantities: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STORED_NAMES, 0))

    @property
    def gid(self) -> str:
        return f"{gid('InventoryLevel', self.id)}?inventory_item_id={self.item_id}"

    def quantity(self, name: str) -> int:
        if name == "on_hand":
            return sum(self.quantities[part] for part in ON_HAND_PARTS)
        return self.quantities.get(name, 0)


@dataclass
class Change:
    name: str
    delta: int
    item_id: int
    location_id: int
    quantity_after_change: int | None
    ledger_document_uri: str | None = None


@dataclass
class AdjustmentGroup(Record):
    TYPENAME: ClassVar[str] = "InventoryAdjustmentGroup"
    reason: str = ""
    reference_document_uri: str | None = None
    changes: list[Change] = field(default_factory=list)


class Store:
    """All records of one shop. Callers hold ``lock`` for every read and write."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        self._ids = itertools.count(1001)
        self.locations: dict[int, Location] = {}
        self.products: dict[int, Product] = {}
        self.variants: dict[int, Variant] = {}
        self.items: dict[int, InventoryItem] = {}
        self.levels: dict[tuple[int, int], Level] = {}  # (item id, location id)
        self.groups: dict[int, AdjustmentGroup] = {}
        self.options: dict[int, ProductOption] = {}
        self.non_mutable_items: set[int] = set()
        # the order side (records.py): keyed by id
        self.orders: dict = {}
        self.line_items: dict = {}
        self.fulfillment_orders: dict = {}
        self.fulfillments: dict = {}
        self.webhook_subscriptions: dict = {}
        self.bulk_operations: dict = {}
        self.order_numbers = itertools.count(1001)

    def next_id(self) -> int:
        return next(self._ids)

    def add_location(self, name: str, **fields) -> Location:
        location = Location(id=self.next_id(), name=name, **fields)
        self.locations[location.id] = location
        return location

    def add_variant(self, product: Product, **fields) -> Variant:
        variant = Variant(id=self.next_id(), product_id=product.id, **fields)
        item = InventoryItem(id=self.next_id(), variant_id=variant.id)
        variant.inventory_item_id = item.id
        self.variants[variant.id] = variant
        self.items[item.id] = item
        product.variant_ids.append(variant.id)
        return variant

    def remove_variant(self, product: Product, variant_id: int) -> None:
        variant = self.variants.pop(variant_id)
        product.variant_ids.remove(variant_id)
        self.items.pop(variant.inventory_item_id, None)
        for key in [key for key in self.levels if key[0] == variant.inventory_item_id]:
            del self.levels[key]

    def activate(self, item_id: int, location_id: int) -> Level:
        level = self.levels.get((item_id, location_id))
        if level is None:
            level = Level(id=self.next_id(), item_id=item_id, location_id=location_id)
            self.levels[(item_id, location_id)] = level
        return level

    def product_by_handle(self, handle: str) -> Product | None:
        return next((p for p in self.products.values() if p.handle == handle), None)

    def levels_of_item(self, item_id: int) -> list[Level]:
        return sorted((lv for lv in self.levels.values() if lv.item_id == item_id), key=_by_id)

    def levels_at(self, location_id: int) -> list[Level]:
        return sorted(
            (lv for lv in self.levels.values() if lv.location_id == location_id), key=_by_id
        )

    def dump(self) -> dict:
        return {
            "locations": [{"id": loc.gid, "name": loc.name} for loc in self.locations.values()],
            "products": [
                {
                    "id": p.gid,
                    "handle": p.handle,
                    "title": p.title,
                    "variants": [_dump_variant(self.variants[v]) for v in p.variant_ids],
                }
                for p in self.products.values()
            ],
            "levels": [
                {
                    "inventoryItemId": gid("InventoryItem", lv.item_id),
                    "locationId": gid("Location", lv.location_id),
                    "quantities": {**lv.quantities, "on_hand": lv.quantity("on_hand")},
                }
                for lv in self.levels.values()
            ],
            "nonMutableInventoryItems": [gid("InventoryItem", i) for i in self.non_mutable_items],
            "orders": [
                {
                    "id": o.gid,
                    "name": o.name,
                    "updatedAt": o.updated_at,
                    "cancelledAt": o.cancelled_at,
                    "lines": [{"sku": li.sku, "quantity": li.quantity} for li in o.line_items],
                }
                for o in self.orders.values()
            ],
            "webhookSubscriptions": [
                {"id": w.gid, "topic": w.topic, "callbackUrl": w.callback_url}
                for w in self.webhook_subscriptions.values()
            ],
        }


def _by_id(record: Record) -> int:
    return record.id


def _dump_variant(variant: Variant) -> dict:
    return {
        "id": variant.gid,
        "sku": variant.sku,
        "barcode": variant.barcode,
        "price": variant.price,
        "inventoryItemId": gid("InventoryItem", variant.inventory_item_id),
    }
