"""Reading a Shopify store's levels back (reconciliation, ADR 0004 §8): each location's whole
stock in one bulk query (free of the cost bucket, however many items it holds), as
``ListingLevel`` rows: the inventory item, its SKU, the location as the caller named it, and
its ``available`` quantity.

A location that is not an active location of the store is left out with one Warning; an item
without a SKU cannot be matched to a channel SKU and is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from openoms.connectors.base import ListingLevel, Notice
from openoms.connectors.shopify import documents as docs
from openoms.connectors.shopify.bulk import BulkReader
from openoms.connectors.shopify.inventory import Inventory, available_of, location_gid


@dataclass
class LevelsRead:
    """The levels read of one store, on its ``inventory`` layer."""

    inventory: Inventory
    report: Callable[[Notice], None]

    def read_levels(self, locations: Sequence[str]) -> Iterator[ListingLevel]:
        """Every item stocked at ``locations`` (warehouse mappings' external ids: a Location GID
        or its number) with its available quantity, location by location."""
        known = {location.id for location in self.inventory.locations()}
        gids = {location: location_gid(location) for location in locations}
        foreign = [location for location, gid in gids.items() if gid not in known]
        if foreign:
            self.report(
                Notice(
                    "warning",
                    f"Warehouse mapping(s) to {', '.join(repr(f) for f in foreign)} name no "
                    "active location of this Shopify store: their levels were not read.",
                )
            )
        client = self.inventory.client
        reader = BulkReader(client, sleep=client.sleep)
        for location, gid in gids.items():
            if location not in foreign:
                yield from _levels(reader, location, gid)


def _levels(reader: BulkReader, location: str, gid: str) -> Iterator[ListingLevel]:
    for root in reader.read_tree(docs.bulk_location_levels(gid)):
        for level in root.children:
            item = level.record.get("item") or {}
            if item.get("sku"):
                yield ListingLevel(item["id"], item["sku"], location, available_of(level.record))
