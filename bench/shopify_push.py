"""Absolute push of 100,000 inventory levels to the Shopify emulator, against the physical minimum
that Shopify's cost bucket allows.

    .venv/bin/python bench/shopify_push.py [--levels 100000] [--restore-rate 100]

Starts the Shopify emulator in a thread (real clock; default the Standard preset: 100 points/s
restored, a bucket of 20 x that = 2,000), seeds ``--levels`` (inventory item x location) levels
through its control API in chunks (a quarter of them as variants, each stocked at 4 locations),
then times one ``set_quantities`` call of the Shopify connector (the lower layer: inventory item
and location ids already known, ``changeFromQuantity`` = the seeded value) setting every level to
a new value. Every response is watched on the way in (an httpx response hook), to count the calls,
the ``THROTTLED`` answers and the points the emulator charged (``actualQueryCost``).

Prints: quantities, calls, seconds, the physical minimum = (points charged - bucket) / restore
rate (the first bucketful is free to spend at once, the rest arrives at the restore rate), the
ratio minimum / actual (goal >= 0.85), THROTTLED answers per 1,000 calls (goal <= 1), and the
levels on the emulator that differ from the intent afterwards (must be 0). Last line: one JSON
object with those figures. Needs no database.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field

import httpx

from openoms.connectors.base import ChannelAccess, Notice
from openoms.connectors.shopify.connector import TIMEOUT, ShopifyConnector
from openoms.connectors.types import QuantitySet
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.server import GRAPHQL_PATH, Running, start_in_thread

TOKEN = "shpat_bench"
LOCATIONS = 4
VARIANTS_PER_PRODUCT = 10
PRODUCTS_PER_SEED = 100  # one control call seeds 1,000 variants (4,000 levels)
GOAL_RATIO, GOAL_THROTTLED_PER_1000 = 0.85, 1.0


@dataclass
class Watch:
    """What the responses of the GraphQL endpoint said, counted as they arrive."""

    calls: int = 0
    throttled: int = 0
    points: float = 0.0
    status: dict = field(default_factory=dict)  # the last throttleStatus

    def hook(self, response: httpx.Response) -> None:
        if not response.request.url.path.endswith(GRAPHQL_PATH):
            return
        self.calls += 1
        response.read()
        try:
            body = response.json()
        except ValueError:
            return
        codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
        if "THROTTLED" in codes:
            self.throttled += 1
        cost = (body.get("extensions") or {}).get("cost") or {}
        self.points += cost.get("actualQueryCost") or 0
        self.status = cost.get("throttleStatus") or self.status


def seeded_shop(running: Running, levels: int) -> list[tuple[str, str, int]]:
    """Seed the locations and ``levels`` // 4 variants stocked at each; → (inventory item GID,
    location GID, available) of every level."""
    with httpx.Client(base_url=running.url, timeout=120) as client:
        body = {"locations": [{"name": f"Bench location {n + 1}"} for n in range(LOCATIONS)]}
        locations = [row["id"] for row in _control(client, "seed", body)["locations"]]
        variants = levels // LOCATIONS
        products = range(0, variants, VARIANTS_PER_PRODUCT)
        seeded = []
        for start in range(0, len(products), PRODUCTS_PER_SEED):
            chunk = [
                _product(first, min(first + VARIANTS_PER_PRODUCT, variants), locations)
                for first in products[start : start + PRODUCTS_PER_SEED]
            ]
            created = _control(client, "seed", {"products": chunk})["products"]
            for product in created:
                for variant in product["variants"]:
                    number = int(variant["sku"].rsplit("-", 1)[1])
                    seeded += [
                        (variant["inventoryItemId"], location, _seeded(number, spot))
                        for spot, location in enumerate(locations)
                    ]
    return seeded


def _product(first: int, end: int, locations: list[str]) -> dict:
    variants = [
        {
            "sku": f"BENCH-{n:06d}",
            "levels": [
                {"location": location, "available": _seeded(n, spot)}
                for spot, location in enumerate(locations)
            ],
        }
        for n in range(first, end)
    ]
    return {"title": f"Bench product {first // VARIANTS_PER_PRODUCT}", "variants": variants}


def _seeded(number: int, spot: int) -> int:
    return (number * 7 + spot * 3) % 50


def _intent(index: int) -> int:
    return 100 + index % 900  # differs from every seeded value (those are below 50)


def _control(client: httpx.Client, path: str, body: dict) -> dict:
    response = client.post(f"/_emulator/{path}", json=body)
    response.raise_for_status()
    return response.json()


def mismatches(emulator: ShopifyEmulator, intent: list[QuantitySet]) -> int:
    """Levels on the emulator whose available quantity is not the intent (read under its lock)."""
    store = emulator.store
    with store.lock:
        wrong = 0
        for entry in intent:
            key = (_number(entry.inventory_item_id), _number(entry.location_id))
            level = store.levels.get(key)
            wrong += level is None or level.quantity("available") != entry.quantity
    return wrong


def _number(gid: str) -> int:
    return int(gid.rsplit("/", 1)[1])


def push(running: Running, intent: list[QuantitySet], watch: Watch) -> tuple[float, list]:
    """Time one ``set_quantities`` of every entry; → (seconds, the connector's notices)."""
    notices: list[Notice] = []
    access = ChannelAccess(
        {"shop_domain": "bench.myshopify.com", "access_token": TOKEN},
        "the bench store",
        base_url=running.url,
        report=notices.append,
    )
    http = httpx.Client(timeout=TIMEOUT, event_hooks={"response": [watch.hook]})
    connector = ShopifyConnector(access, http=http)
    started = time.perf_counter()
    results = connector.inventory.set_quantities(intent)
    seconds = time.perf_counter() - started
    http.close()
    refused = [r for r in results if not r.applied]
    if refused:
        notices.append(Notice("error", f"{len(refused)} quantities refused, e.g. {refused[0]}"))
    return seconds, notices


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", type=int, default=100_000, help="levels to push (x 4 locs)")
    parser.add_argument(
        "--restore-rate", type=float, default=None, help="points/s (default: Standard, 100)"
    )
    args = parser.parse_args(argv)
    emulator = ShopifyEmulator(tokens=(TOKEN,), plan="standard")
    running = start_in_thread(emulator)
    try:
        if args.restore_rate:
            with httpx.Client(base_url=running.url) as client:
                _control(client, "config", {"restore_rate": args.restore_rate})
        seeded = seeded_shop(running, args.levels)
        intent = [
            QuantitySet(item, location, _intent(index), compare=available, label=item)
            for index, (item, location, available) in enumerate(seeded)
        ]
        watch = Watch()
        seconds, notices = push(running, intent, watch)
        wrong = mismatches(emulator, intent)
    finally:
        running.stop()
    return report(len(intent), seconds, watch, notices, wrong)


def report(quantities: int, seconds: float, watch: Watch, notices: list, wrong: int) -> dict:
    bucket = float(watch.status.get("maximumAvailable") or 0)
    restore = float(watch.status.get("restoreRate") or 1)
    physical_min = max(watch.points - bucket, 0.0) / restore
    figures = {
        "quantities": quantities,
        "calls": watch.calls,
        "seconds": round(seconds, 2),
        "points_charged": watch.points,
        "bucket": bucket,
        "restore_rate": restore,
        "physical_min_s": round(physical_min, 2),
        "ratio_to_physical_min": round(physical_min / seconds, 3) if seconds else 0.0,
        "throttled": watch.throttled,
        "throttled_per_1000": round(1000 * watch.throttled / max(watch.calls, 1), 2),
        "notices": len(notices),
        "mismatches": wrong,
    }
    print(f"Pushed {quantities:,} quantities in {watch.calls:,} calls: {seconds:.2f} s")
    print(
        f"Physical minimum: ({watch.points:,.0f} points - {bucket:,.0f} bucket) / "
        f"{restore:,.0f} points/s = {physical_min:.2f} s; ratio {figures['ratio_to_physical_min']}"
        f" (goal >= {GOAL_RATIO})"
    )
    print(
        f"THROTTLED answers: {watch.throttled} ({figures['throttled_per_1000']} per 1,000 calls; "
        f"goal <= {GOAL_THROTTLED_PER_1000:g})"
    )
    for notice in notices[:5]:
        print(f"  {notice.level}: {notice.message}")
    print(f"Levels on the emulator differing from the intent: {wrong}")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    sys.exit(0 if main()["mismatches"] == 0 else 1)
