"""The sandbox 3PL's stock: made-up on-hand counts that drift slowly, hour by hour.

Each (3PL name, SKU, location) gets a fixed profile from a hash: about one in ten holds nothing;
the others are restocked to 40 to 240 units every three days and, in between, sell at a steady
pace of their own (none at all, or up to three quarters of the stock by the next restock: at
most 3 units an hour). The count depends only on that profile and the current hour, so two
Import Inventory runs within an hour read the same numbers, and the demo's levels move a little
from one hour to the next, like a real warehouse's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from openoms.connectors.types import StockLevel

MAX_UNITS = 240
MIN_RESTOCK = 40
OUT_OF_STOCK = 26  # out of 256 profiles: about 10 % of the (SKU, location) pairs hold nothing
RESTOCK_HOURS = 72
PACES = 4  # a profile sells 0/4 to 3/4 of its restocked stock over a restock cycle


def current_hour() -> int:
    """Hours since 1970-01-01 UTC: the sandbox's counts change once an hour."""
    return int(datetime.now(UTC).timestamp()) // 3600


def sandbox_stock(name: str, sku: str, location: str, hour: int) -> int:
    """The on-hand count of ``sku`` at ``location`` of the 3PL ``name`` during ``hour``."""
    digest = hashlib.sha256(f"{name}\x1f{sku}\x1f{location}".encode()).digest()
    if digest[0] < OUT_OF_STOCK:
        return 0
    restocked = MIN_RESTOCK + int.from_bytes(digest[1:3]) % (MAX_UNITS - MIN_RESTOCK + 1)
    pace = digest[3] % PACES
    since_restock = (hour + int.from_bytes(digest[4:6])) % RESTOCK_HOURS
    return restocked - restocked * pace * since_restock // (PACES * RESTOCK_HOURS)


def stock_levels(
    name: str, skus: Iterable[str], locations: Iterable[str], hour: int
) -> Iterator[StockLevel]:
    """The counts of every asked SKU at every asked location (each once), location by location."""
    wanted = list(dict.fromkeys(skus))
    for location in dict.fromkeys(locations):
        for sku in wanted:
            yield StockLevel(sku, location, sandbox_stock(name, sku, location, hour))
