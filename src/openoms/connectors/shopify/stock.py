"""Export Inventory to a Shopify store: SKU x location levels, as absolute ``available``
quantities, on the lower layer of ``inventory.py``.

Each SKU is resolved to its inventory item and its current available quantity read at the
locations: aliased ``inventoryItems(query: "sku:…")`` lookups, 5 points a SKU at one location
(paging a location's whole stock costs 3 points for every level it holds, pushed or not;
Shopify's ``sku:A OR sku:B`` search would cost 4 a SKU, but the emulator does not implement
``OR``, so it could not be tested); over
2,000 SKUs each location's whole stock is read with a bulk query first, free of bucket cost, and
only the SKUs it did not find are looked up. Quantities that already hold the value are not sent;
the others are set, each compared with the value just read. Unknown SKUs, unstocked items and
warehouse mappings that name no location of the store are Warnings, not failures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from openoms.connectors.base import ConnectorError, Notice
from openoms.connectors.shopify import costs
from openoms.connectors.shopify import documents as docs
from openoms.connectors.shopify.bulk import BulkReader
from openoms.connectors.shopify.inventory import (
    LOOKUP_BUDGET,
    Inventory,
    available_of,
    location_gid,
)
from openoms.connectors.types import QuantitySet, StockLevel

MAX_LOOKUPS = 100  # SKUs per lookup call
LOCATIONS_PER_LOOKUP = 10
SHOWN = 20  # SKUs named in one Warning
BULK_THRESHOLD = 2000  # SKUs: more are resolved from bulk reads of the locations' stock


@dataclass
class StockPush:
    """The Export Inventory push of one store, on its ``inventory`` layer."""

    inventory: Inventory
    report: Callable[[Notice], None]
    bulk_threshold: int = BULK_THRESHOLD

    def __post_init__(self) -> None:
        self.client = self.inventory.client

    def push_inventory(self, levels: Iterable[StockLevel]) -> int:
        """Set these available quantities; → how many now hold the value sent (set, or already
        equal). Unknown SKUs and unstocked items are Warnings, not failures."""
        wanted = self._wanted(levels)
        if not wanted:
            return 0
        locations = sorted({location for _, location in wanted})
        items, current = self._resolve(sorted({sku for sku, _ in wanted}), locations)
        unknown = sorted({sku for sku, _ in wanted if sku not in items})
        unstocked: dict[str, list[str]] = {}
        sets, unchanged = [], 0
        for (sku, location), quantity in wanted.items():
            if sku not in items:
                continue
            now = current.get((items[sku], location))
            if now is None:
                unstocked.setdefault(location, []).append(sku)
            elif now == quantity:
                unchanged += 1
            else:
                sets.append(QuantitySet(items[sku], location, quantity, now, sku))
        self._unknown_notice(unknown)
        self._unstocked_notices(unstocked)
        results = self.inventory.set_quantities(sets)
        return unchanged + sum(result.applied for result in results)

    def _wanted(self, levels: Iterable[StockLevel]) -> dict[tuple[str, str], int]:
        """(SKU, Location GID) → quantity (the last one given wins); levels of locations that
        are not this store's are left out with a Warning."""
        known = {location.id for location in self.inventory.locations()}
        wanted: dict[tuple[str, str], int] = {}
        foreign: dict[str, None] = {}
        for level in levels:
            gid = location_gid(level.location)
            if gid is None or gid not in known:
                foreign[level.location] = None
                continue
            if level.quantity < 0:
                raise ConnectorError(f"A negative quantity for {level.sku} cannot be sent.")
            wanted[(level.sku, gid)] = level.quantity
        if foreign:
            self.report(
                Notice(
                    "warning",
                    f"Warehouse mapping(s) to {', '.join(repr(f) for f in foreign)} name no "
                    "active location of this Shopify store (give the Location's id, e.g. "
                    "gid://shopify/Location/123 or 123): their quantities were not sent.",
                )
            )
        return wanted

    def _resolve(self, skus: list[str], locations: list[str]) -> tuple[dict, dict]:
        """SKU → inventory item GID, and (item, location) → available (None: not stocked).
        Many SKUs: each location's whole stock is read with a bulk query first (free of bucket
        cost); only the SKUs it did not find are looked up one by one."""
        items: dict[str, str] = {}
        current: dict[tuple[str, str], int | None] = {}
        if len(skus) > self.bulk_threshold:
            self._bulk_resolve(set(skus), locations, items, current)
        missing = [sku for sku in skus if sku not in items]
        self._lookup(missing, locations, items, current)
        return items, current

    def _bulk_resolve(self, skus: set[str], locations: list[str], items: dict, current: dict):
        reader = BulkReader(self.client, sleep=self.client.sleep)
        for location in locations:
            for root in reader.read_tree(docs.bulk_location_levels(location)):
                for level in root.children:
                    item = level.record.get("item") or {}
                    sku = item.get("sku")
                    if sku in skus and items.setdefault(sku, item["id"]) == item["id"]:
                        current[(item["id"], location)] = available_of(level.record)
        for item in items.values():
            for location in locations:
                current.setdefault((item, location), None)  # not in its stock: not stocked

    def _lookup(self, skus: list[str], locations: list[str], items: dict, current: dict):
        """Aliased ``inventoryItems(query: "sku:…")`` lookups with the levels at ``locations``."""
        for start in range(0, len(locations), LOCATIONS_PER_LOOKUP):
            group = locations[start : start + LOCATIONS_PER_LOOKUP]
            per_call = min(MAX_LOOKUPS, LOOKUP_BUDGET // costs.inventory_by_sku_cost(1, len(group)))
            for first in range(0, len(skus), per_call):
                chunk = skus[first : first + per_call]
                call = costs.inventory_by_sku([costs.sku_search(s) for s in chunk], group)
                data = self.client.run(call)
                for i, sku in enumerate(chunk):
                    node = next((n for n in data[f"s{i}"]["nodes"] if n["sku"] == sku), None)
                    if node is None:
                        continue
                    items[sku] = node["id"]
                    for j, location in enumerate(group):
                        current[(node["id"], location)] = available_of(node.get(f"a{j}"))

    def _unknown_notice(self, unknown: list[str]) -> None:
        if unknown:
            self.report(
                Notice(
                    "warning",
                    f"{len(unknown)} SKU(s) are not on the Shopify store, their quantities were "
                    f"not sent: {_listed(unknown)}.",
                )
            )

    def _unstocked_notices(self, unstocked: dict[str, list[str]]) -> None:
        for location, skus in unstocked.items():
            where = self.inventory.location_names.get(location, location)
            self.report(
                Notice(
                    "warning",
                    f"{len(skus)} SKU(s) are not stocked at the Shopify location {where}, their "
                    f"quantities were not sent (stock them there in Shopify): {_listed(skus)}.",
                )
            )


def _listed(skus: list[str]) -> str:
    shown = ", ".join(skus[:SHOWN])
    return shown + (f" and {len(skus) - SHOWN} more" if len(skus) > SHOWN else "")
