"""The sandbox channels' connector: a pretend store (or 3PL) that talks to no real service.

Its catalog is made up but deterministic: the store's name (its only credential) picks 12 to 16
real-looking products with 1 to 4 variants each (SKUs such as ``SBX-TEE-S``) and nudges their
prices, so the same sandbox always offers the same catalog and two sandboxes differ a little.
Like a real store maintained by hand, it lists one SKU twice (``SBX-STKR``, on two listings of
a sticker pack), which shows the Master Product Source rule that duplicate SKUs are skipped.

Pushing products or inventory stores nothing (it is a sandbox): the store only counts what it
received; the quantities the inventory outbox sets or adjusts are kept in memory (per process) so
its listings read them back. As a 3PL it reports on-hand counts that drift slowly hour by hour
(``sandbox_inventory``), and it takes orders and ships them some seconds later
(``sandbox_orders``), and receives purchase orders (``sandbox_receiving``).
Refreshing its authorization returns a token lifetime of one day and calls nothing. The optional
``latency_seconds`` credential makes every call wait that long, to try a slow store (and to test
what happens when a worker dies mid-run).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from openoms.connectors import sandbox_inventory
from openoms.connectors.base import ChannelAccess, ListingLevel
from openoms.connectors.sandbox_orders import SandboxFulfillment
from openoms.connectors.sandbox_receiving import SandboxReceiving
from openoms.connectors.types import ProductData, QuantityResult, StockLevel
from openoms.core.capabilities import STORE_CAPABILITIES, THREE_PL_CAPABILITIES

TOKEN_LIFETIME = timedelta(days=1)
SKU_PREFIX = "SBX"
DUPLICATED_SKU = "SBX-STKR"

# (code, product name, description, variant names, weight in grams, base price)
PRODUCTS: tuple[tuple[str, str, str, tuple[str, ...], int, str], ...] = (
    (
        "TEE",
        "Organic Cotton Tee",
        "A soft tee of organic cotton.",
        ("S", "M", "L", "XL"),
        180,
        "24",
    ),
    ("HOOD", "Zip Hoodie", "A heavyweight zip hoodie.", ("S", "M", "L"), 520, "59"),
    ("CAP", "Canvas Cap", "A six-panel canvas cap.", (), 90, "19"),
    ("MUG", "Enamel Mug", "A camp mug in enamelled steel.", ("White", "Black"), 210, "16"),
    ("SOCK", "Merino Socks", "Warm merino wool socks.", ("S/M", "L/XL"), 60, "14"),
    ("TOTE", "Canvas Tote", "A sturdy everyday tote.", (), 150, "22"),
    ("BTL", "Steel Water Bottle", "An insulated bottle.", ("500 ml", "750 ml"), 340, "29"),
    ("JOG", "Jogger Pants", "Relaxed fleece joggers.", ("S", "M", "L"), 430, "49"),
    ("BEAN", "Rib Beanie", "A ribbed knit beanie.", ("Grey", "Navy", "Rust"), 80, "18"),
    ("SCRF", "Wool Scarf", "A long lambswool scarf.", (), 160, "39"),
    ("NOTE", "Dot Grid Notebook", "A lay-flat dot grid notebook.", ("A5", "A6"), 240, "12"),
    ("PEN", "Brass Pen", "A solid brass ballpoint pen.", ("Gold", "Black"), 35, "34"),
    ("CNDL", "Soy Candle", "A hand-poured soy candle.", ("Cedar", "Fig", "Sea Salt"), 300, "26"),
    ("APRN", "Denim Apron", "A work apron in raw denim.", (), 380, "44"),
    ("TOWL", "Linen Towel", "A quick-drying linen towel.", ("Sand", "Sage"), 200, "21"),
    ("GLOV", "Leather Gloves", "Lined leather gloves.", ("S", "M", "L", "XL"), 120, "54"),
)
STICKER_LISTINGS = (
    ("stkr", "Sticker Pack", "Five vinyl stickers."),
    ("stkr-holiday", "Sticker Pack (holiday listing)", "Five vinyl stickers, holiday edition."),
)


MAX_ENTRIES = 250
# (store name, listing, location) → available, and the batch keys applied: what the pretend
# stores were told, in this process (a sandbox keeps no data anywhere else).
QUANTITIES: dict[tuple[str, str, str], int] = {}
APPLIED_KEYS: set[tuple[str, str]] = set()


class SandboxStore:
    """A pretend store: it lists a made-up catalog and stock, and counts what it is sent."""

    capabilities = STORE_CAPABILITIES

    def __init__(self, access: ChannelAccess):
        credentials = access.credentials
        self.name = str(
            credentials.get("store_name") or credentials.get("warehouse_name") or access.channel_ref
        )
        self.channel_ref = access.channel_ref
        self.latency = _seconds(credentials.get("latency_seconds"))
        self._digest = hashlib.sha256(self.name.encode()).digest()

    def fetch_products(self) -> Iterator[ProductData]:
        """The store's catalog: its products' variants, then the two sticker listings."""
        self._wait()
        yield from self._catalog()
        for ref, name, description in STICKER_LISTINGS:
            yield ProductData(
                sku=DUPLICATED_SKU,
                name=name,
                description=description,
                barcode=ean13(DUPLICATED_SKU + ref),
                weight_g=Decimal(15),
                price=Decimal("5.00"),
                product_ref=f"sbx-{ref}",
            )

    def push_products(self, products: Iterable[ProductData]) -> int:
        """Receive products and report how many arrived; a sandbox keeps none of them."""
        self._wait()
        return sum(1 for _ in products)

    def fetch_inventory(self, skus: Sequence[str], locations: Sequence[str]) -> list[StockLevel]:
        """The 3PL's on-hand count of each asked SKU at each asked location (the same numbers
        all hour long)."""
        self._wait()
        hour = sandbox_inventory.current_hour()
        return list(sandbox_inventory.stock_levels(self.name, skus, locations, hour))

    def push_inventory(self, levels: Iterable[StockLevel]) -> int:
        """Receive quantities and report how many arrived; a sandbox keeps none of them."""
        self._wait()
        return sum(1 for _ in levels)

    # -- the inventory outbox (InventoryUpdater): quantities kept in memory, per process --------
    def read_levels(self, locations: Sequence[str]) -> Iterator[ListingLevel]:
        """Each listing at each location with the quantity last set there (0 at first)."""
        self._wait()
        for product in self.fetch_products():
            listing = f"{product.product_ref}/{product.sku}"
            for location in locations:
                quantity = QUANTITIES.get((self.name, listing, location), 0)
                yield ListingLevel(listing, product.sku, location, quantity)

    def location_ref(self, location: str) -> str | None:
        return location or None

    def push_capacity(self) -> int:
        return MAX_ENTRIES

    def set_quantities(self, quantities: Sequence, key: str | None = None) -> list[QuantityResult]:
        """Set each quantity (a sandbox does not compare: it keeps what it is told)."""
        return self._apply(quantities, key, lambda entry, _: entry.quantity)

    def adjust_quantities(self, deltas: Sequence, key: str | None = None) -> list[QuantityResult]:
        """Add each delta; a key already seen in this process is applied once."""
        return self._apply(deltas, key, lambda entry, now: now + entry.delta)

    def _apply(self, entries: Sequence, key: str | None, value) -> list[QuantityResult]:
        self._wait()
        entries = list(entries)
        if key is None or (self.name, key) not in APPLIED_KEYS:
            for entry in entries:
                where = (self.name, entry.inventory_item_id, entry.location_id)
                QUANTITIES[where] = value(entry, QUANTITIES.get(where, 0))
            if key is not None:
                APPLIED_KEYS.add((self.name, key))
        return [QuantityResult(e.inventory_item_id, e.location_id, True) for e in entries]

    def refresh_authorization(self) -> datetime:
        """A sandbox token lasts a day from now (no service is called)."""
        self._wait()
        return datetime.now(UTC) + TOKEN_LIFETIME

    def listed_skus(self) -> list[str]:
        """The SKUs the store lists, each once, in catalog order (no call is made: the demo maps
        its channel SKUs onto them)."""
        return list(dict.fromkeys(product.sku for product in self._catalog()))

    def _catalog(self) -> Iterator[ProductData]:
        for index, product in enumerate(self._chosen()):
            yield from self._variants(index, *product)

    def _chosen(self) -> list[tuple]:
        """10 to 14 of the products (plus the 2 sticker listings: 12 to 16), from the name."""
        start = self._digest[0] % len(PRODUCTS)
        count = 10 + self._digest[1] % 5
        return [PRODUCTS[(start + offset) % len(PRODUCTS)] for offset in range(count)]

    def _variants(self, index: int, code, name, description, variants, grams, base) -> Iterator:
        price = (
            Decimal(base) + self._digest[2 + index] % 5 - 3 + Decimal("0.99")
        )  # base 24: 21.99 to 25.99
        for variant in variants or ("",):
            sku = f"{SKU_PREFIX}-{code}" + (f"-{_sku_part(variant)}" if variant else "")
            yield ProductData(
                sku=sku,
                name=name,
                variant_name=variant,
                description=description,
                barcode=ean13(sku),
                weight_g=Decimal(grams),
                price=price,
                product_ref=f"sbx-{code.lower()}",
            )

    def _wait(self) -> None:
        if self.latency:
            time.sleep(self.latency)


class Sandbox3PL(SandboxStore, SandboxFulfillment, SandboxReceiving):
    """A pretend 3PL: the same made-up stock, reported as on-hand counts at its warehouses; it
    takes orders and ships them some seconds later (``sandbox_orders``), and receives the
    purchase orders it is sent some seconds later (``sandbox_receiving``)."""

    capabilities = THREE_PL_CAPABILITIES


def _seconds(value: object) -> float:
    """The pretend latency credential: seconds (0 to 600), anything else means none."""
    try:
        return min(max(float(str(value or 0).strip() or 0), 0.0), 600.0)
    except ValueError:
        return 0.0


def _sku_part(variant: str) -> str:
    return "".join(ch for ch in variant.upper() if ch.isalnum())


def ean13(seed: str) -> str:
    """A valid EAN-13 in the in-store range (prefix 2), derived from ``seed``."""
    body = "2" + str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:11]
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)
