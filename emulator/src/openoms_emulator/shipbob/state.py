"""The emulated ShipBob account: fulfillment centers, products, stock per fulfillment center,
orders with their shipments, receiving orders (WROs), webhook subscriptions. In memory, guarded
by one lock held for the whole of each request."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

OPEN_SHIPMENT = ("Processing", "LabeledCreated")
CLOSED_WRO = ("Completed", "Cancelled")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ApiError(Exception):
    """A refusal the real service would send: status and ``{"field": ["message"]}``."""

    def __init__(self, status: int, errors: dict[str, list[str]], title: str = "") -> None:
        super().__init__(f"{status} {errors}")
        self.status = status
        self.errors = errors
        self.title = title or "One or more validation errors occurred."


@dataclass
class FulfillmentCenter:
    id: int
    name: str
    city: str = "Chicago"
    state: str = "IL"
    country: str = "US"
    zip_code: str = "60607"
    address1: str = "1 Warehouse Way"
    timezone: str = "Central Standard Time"


@dataclass
class Variant:
    id: int
    product_id: int
    inventory_id: int
    sku: str
    name: str
    upc: str | None = None
    gtin: str | None = None
    weight: float = 0.0
    created_on: str = field(default_factory=now_iso)


@dataclass
class Product:
    id: int
    name: str
    variants: list[Variant]
    type_id: str = "1"
    created_on: str = field(default_factory=now_iso)


@dataclass
class OrderLine:
    variant: Variant
    quantity: int
    reference_id: str | None
    external_line_id: int | None = None
    unit_price: float | None = None


@dataclass
class Shipment:
    id: int
    order_id: int
    fc_id: int
    lines: dict[int, int]  # inventory_id -> quantity
    status: str = "Processing"
    created_date: str = field(default_factory=now_iso)
    last_update_at: str = field(default_factory=now_iso)
    actual_fulfillment_date: str | None = None
    delivery_date: str | None = None
    tracking: dict | None = None
    is_tracking_uploaded: bool = False


@dataclass
class Order:
    id: int
    channel_id: int
    reference_id: str
    body: dict  # the validated create request, echoed back where the view model matches
    lines: list[OrderLine]
    shipment_ids: list[int]
    created_date: str = field(default_factory=now_iso)


@dataclass
class ReceivingOrder:
    id: int
    fc_id: int
    body: dict
    expected: dict[int, int]  # inventory_id -> quantity
    received: dict[int, int]
    status: str = "Awaiting"
    history: list[dict] = field(default_factory=list)
    insert_date: str = field(default_factory=now_iso)
    last_updated_date: str = field(default_factory=now_iso)


@dataclass
class Subscription:
    id: str
    url: str
    secret: str
    topics: list[str]
    description: str | None = None
    created_at: str = field(default_factory=now_iso)


class Store:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        self._ids = itertools.count(100_001)
        self.channels: dict[int, str] = {}
        self.centers: dict[int, FulfillmentCenter] = {}
        self.products: dict[int, Product] = {}
        self.on_hand: dict[tuple[int, int], int] = {}  # (inventory_id, fc_id) -> units
        self.orders: dict[int, Order] = {}
        self.shipments: dict[int, Shipment] = {}
        self.wros: dict[int, ReceivingOrder] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.outbox: list[tuple[str, int]] = []  # (webhook topic, shipment id) not yet sent

    def next_id(self) -> int:
        return next(self._ids)

    # -- catalog ---------------------------------------------------------------------------
    def variants(self) -> list[Variant]:
        return [v for p in self.products.values() for v in p.variants]

    def variant_by_sku(self, sku: str) -> Variant | None:
        return next((v for v in self.variants() if v.sku == sku), None)

    def variant_by_inventory(self, inventory_id: int) -> Variant | None:
        return next((v for v in self.variants() if v.inventory_id == inventory_id), None)

    def variant_by_id(self, variant_id: int) -> Variant | None:
        """A variant id, or a product id standing for its first variant."""
        found = next((v for v in self.variants() if v.id == variant_id), None)
        if found is None and variant_id in self.products and self.products[variant_id].variants:
            found = self.products[variant_id].variants[0]
        return found

    def add_product(self, name: str, variants: list[dict], type_id: str = "1") -> Product:
        product_id = self.next_id()
        built = []
        for spec in variants:
            sku = spec.get("sku") or f"SB-{product_id}-{len(built) + 1}"
            if self.variant_by_sku(sku) is not None or sku in (v.sku for v in built):
                raise ApiError(
                    422, {"variants.sku": [f"A variant with SKU '{sku}' already exists."]}
                )
            built.append(
                Variant(
                    id=self.next_id(),
                    product_id=product_id,
                    inventory_id=self.next_id(),
                    sku=sku,
                    name=spec.get("name") or name,
                    upc=spec.get("upc"),
                    gtin=spec.get("gtin"),
                    weight=float(spec.get("weight") or 0),
                )
            )
        product = Product(id=product_id, name=name, variants=built, type_id=type_id)
        self.products[product_id] = product
        return product

    # -- stock -----------------------------------------------------------------------------
    def committed(self, inventory_id: int, fc_id: int) -> int:
        return sum(
            s.lines.get(inventory_id, 0)
            for s in self.shipments.values()
            if s.fc_id == fc_id and s.status in OPEN_SHIPMENT
        )

    def awaiting(self, inventory_id: int, fc_id: int) -> int:
        return sum(
            max(0, w.expected.get(inventory_id, 0) - w.received.get(inventory_id, 0))
            for w in self.wros.values()
            if w.fc_id == fc_id and w.status not in CLOSED_WRO
        )

    def levels(self, inventory_id: int, fc_id: int) -> dict[str, int]:
        on_hand = self.on_hand.get((inventory_id, fc_id), 0)
        committed = self.committed(inventory_id, fc_id)
        return {
            "on_hand": on_hand,
            "committed": committed,
            "awaiting": self.awaiting(inventory_id, fc_id),
            "fulfillable": max(0, on_hand - committed),
            "backordered": max(0, committed - on_hand),
        }

    def stocked_centers(self, inventory_id: int) -> list[int]:
        """Fulfillment centers where the item has stock, is committed or is awaited."""
        return [
            fc_id
            for fc_id in sorted(self.centers)
            if any(
                self.levels(inventory_id, fc_id)[k] for k in ("on_hand", "committed", "awaiting")
            )
        ]
