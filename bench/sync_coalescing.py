"""A Black-Friday trace through the inventory sync outbox to the Shopify emulator: how many
channel calls it costs against one call per event, whether the store ends equal to OpenOMS, and
how long a change takes to reach the store.

    .venv/bin/python bench/sync_coalescing.py [--orders 6000] [--seconds 60] [--drain worker]

Seeds ``--skus`` (2,000) SKUs in one warehouse and on the emulator's one location (the Standard
preset, real clock: 100 points/s restored, a 2,000-point bucket), all at 5,000, and a beta Shopify
sales channel in *Real-Time Adjustment* mapped onto it. Then ``--orders`` orders of ``--lines``
(3) distinct SKUs each, drawn from a Zipf law (exponent ``--zipf``, 1.1) over the SKUs, arrive
evenly over ``--seconds`` (time-compressed Black Friday); inventory adjustments (-1 or -2 per
line, trigger *Adjust Inventory Manually*, one transaction per order) stand in for allocations
until orders exist. Both are Real-Time cells of the trigger table: each line is one event (a
change that must reach the store). A real ``openoms worker`` drains the outbox while orders
arrive (``--drain thread``: the queued runs executed by a thread of this process; ``inline``:
after every order, in this thread — the smoke test's mode). ``--window`` is the outbox's coalescing
window (``OPENOMS_PUSH_WINDOW_SECONDS``, default the product's 2 s): a change waits up to that
long for the changes after it (a full batch of 250 goes at once).

The emulator records every GraphQL call OpenOMS makes (its token) as it is answered. Figures:
events; channel calls (every call, reads included) and inventory mutations; the reduction
1 - calls / events (goal >= 0.95); divergences, the SKUs whose available quantity on the store
differs from OpenOMS's Available once the outbox is empty (goal 0); change-to-channel latency,
per event: from its commit to the answer of the first inventory mutation that carries its SKU and
reached the emulator after that commit, p50 and p95 (goal p95 <= 30 s); events never carried.
Last line: one JSON object. Uses ``OPENOMS_DATABASE_URL`` (default a PostgreSQL database
``openoms_bench_sync``, dropped and re-created).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass

import benchkit
from channel_calls import (
    MUTATIONS,
    Recorded,
    carried,
    latencies,
    percentile,
    recording_emulator,
)
from outbox_drains import ThreadDrain, WorkerDrain, execute_queued, wait_until_drained

DATABASE_URL = benchkit.database_url("openoms_bench_sync")
TOKEN = "shpat_bench_sync"
STOCK = 5_000
WAREHOUSE = "BF"
PRODUCTS_PER_SEED, VARIANTS_PER_PRODUCT = 50, 10
GOAL_REDUCTION, GOAL_P95_S = 0.95, 30.0


@dataclass
class Options:
    orders: int = 6_000
    lines: int = 3
    skus: int = 2_000
    seconds: float = 60.0
    zipf: float = 1.1
    drain: str = "worker"  # worker | thread | inline
    seed: int = 13
    restore_rate: float | None = None
    window: float = 2.0  # OPENOMS_PUSH_WINDOW_SECONDS, the product's default


def sku(index: int) -> str:
    return f"BF-{index:05d}"


def seed_store(url: str, skus: int) -> tuple[str, dict[str, str]]:
    """One location and ``skus`` variants stocked there at STOCK; → (location id, item → SKU)."""
    import httpx

    with httpx.Client(base_url=url, timeout=120) as client:

        def control(body: dict) -> dict:
            response = client.post("/_emulator/seed", json=body)
            response.raise_for_status()
            return response.json()

        location = control({"locations": [{"name": "Black Friday"}]})["locations"][0]["id"]
        items: dict[str, str] = {}
        firsts = list(range(0, skus, VARIANTS_PER_PRODUCT))
        for start in range(0, len(firsts), PRODUCTS_PER_SEED):
            products = [
                _product(first, min(first + VARIANTS_PER_PRODUCT, skus), location)
                for first in firsts[start : start + PRODUCTS_PER_SEED]
            ]
            for product in control({"products": products})["products"]:
                for variant in product["variants"]:
                    items[variant["inventoryItemId"]] = variant["sku"]
    return location, items


def _product(first: int, end: int, location: str) -> dict:
    variants = [
        {"sku": sku(n), "levels": [{"location": location, "available": STOCK}]}
        for n in range(first, end)
    ]
    return {"title": f"Doorbuster {first // VARIANTS_PER_PRODUCT}", "variants": variants}


def seed_openoms(account, skus: int, url: str, location: str):
    """The SKUs at STOCK in one warehouse (written before the channel exists: nothing queued),
    then the Real-Time Shopify channel with its warehouse and SKU mappings; → (channel, actor)."""
    from openoms.catalog.models import Product, ProductVariant
    from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
    from openoms.inventory.models import AccountWarehouse, Warehouse
    from openoms.inventory.services.bulk import LevelRow, levels_bulk_set
    from openoms.inventory.triggers import Trigger
    from openoms.tenancy.actor import Actor

    actor = Actor.system("bench")
    warehouse = Warehouse.objects.create(
        organization=account.organization, code=WAREHOUSE, name="Black Friday", kind="physical"
    )
    AccountWarehouse.objects.create(account=account, warehouse=warehouse)
    product = Product.objects.create(account=account, name="Doorbusters")
    variants = ProductVariant.objects.bulk_create(
        ProductVariant(account=account, product=product, sku=sku(n)) for n in range(skus)
    )
    rows = [LevelRow(n + 1, WAREHOUSE, sku(n), STOCK) for n in range(skus)]
    levels_bulk_set(actor=actor, account=account, rows=rows, trigger=Trigger.IMPORT_INVENTORY_LEVEL)
    channel = Channel.objects.create(
        account=account,
        type="sales",
        kind="shopify",
        name="Black Friday Shop",
        is_beta=True,
        inventory_sync_mode="real_time",
        credentials={"shop_domain": "black-friday.myshopify.com", "access_token": TOKEN},
        api_base_url=url,
    )
    WarehouseMapping.objects.create(channel=channel, warehouse=warehouse, external_id=location)
    SkuMapping.objects.bulk_create(
        SkuMapping(account=account, channel=channel, channel_sku=v.sku, variant=v) for v in variants
    )
    return channel, actor


def trace(options: Options) -> list[list[tuple[int, int]]]:
    """The orders: each a list of (SKU index, quantity), SKUs drawn from the Zipf law."""
    rng = random.Random(options.seed)
    weights = [1 / (rank + 1) ** options.zipf for rank in range(options.skus)]
    orders = []
    for _ in range(options.orders):
        picked: dict[int, int] = {}
        while len(picked) < min(options.lines, options.skus):
            index = rng.choices(range(options.skus), weights)[0]
            picked.setdefault(index, rng.randint(1, 2))
        orders.append(list(picked.items()))
    return orders


def place_orders(account, actor, orders, options: Options, drain_once) -> list[tuple[str, float]]:
    """Each order's adjustments in one transaction, at its time; → (SKU, commit time) per line
    (taken by an on-commit hook, right after COMMIT: a worker may still send the change before
    this thread records it when the machine is busy; such an event is then measured against the
    next call carrying its SKU, or counted as never carried)."""
    from django.db import transaction

    from openoms.inventory.services.levels import level_adjust
    from openoms.inventory.triggers import Trigger

    events: list[tuple[str, float]] = []
    started = time.time()
    gap = options.seconds / max(len(orders), 1)
    for number, lines in enumerate(orders):
        pause = started + number * gap - time.time()
        if pause > 0:
            time.sleep(pause)
        committed: list[float] = []
        with transaction.atomic():
            for index, quantity in lines:
                level_adjust(
                    actor=actor,
                    account=account,
                    warehouse=WAREHOUSE,
                    variant=sku(index),
                    delta=-quantity,
                    trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
                    reason=f"Black Friday order {number + 1}",
                )
            transaction.on_commit(lambda stamps=committed: stamps.append(time.time()))
        at = committed[0] if committed else time.time()  # no hook inside a test's transaction
        events += [(sku(index), at) for index, _ in lines]
        if drain_once is not None:
            drain_once(account)
    return events


def store_state(emulator, items: dict[str, str]) -> dict[str, int]:
    """SKU → available on the emulator (read under its lock, not a channel call)."""
    store = emulator.store
    with store.lock:
        return {
            items[f"gid://shopify/InventoryItem/{item}"]: level.quantity("available")
            for (item, _location), level in store.levels.items()
            if f"gid://shopify/InventoryItem/{item}" in items
        }


def openoms_state(account) -> dict[str, int]:
    from openoms.inventory.models import InventoryLevel

    rows = InventoryLevel.objects.filter(account=account, warehouse__code=WAREHOUSE).values_list(
        "variant__sku", "total", "allocated", "on_hold"
    )
    return {s: max(total - allocated - on_hold, 0) for s, total, allocated, on_hold in rows}


def run_trace(account, url: str, emulator, recorded: Recorded, options: Options) -> dict:
    """Seed, play the trace with the chosen drain, wait for the outbox, measure (see module)."""
    location, items = seed_store(url, options.skus)
    channel, actor = seed_openoms(account, options.skus, url, location)
    orders = trace(options)
    drain_once = execute_queued if options.drain == "inline" else None
    started = time.time()
    if options.drain == "worker":
        drainer = WorkerDrain(os.path.join(os.environ["OPENOMS_DATA_DIR"], "worker.log"))
    elif options.drain == "thread":
        drainer = ThreadDrain(account)
    else:
        drainer = None
    with drainer or _nothing():
        events = place_orders(account, actor, orders, options, drain_once)
        placed = time.time()
        drained = wait_until_drained(channel, drain_once)
    on_store, in_openoms = store_state(emulator, items), openoms_state(account)
    divergent = sorted(s for s in in_openoms if on_store.get(s) != in_openoms[s])
    by_sku = carried(recorded, items)
    waits, never = latencies(events, by_sku)
    mutations = sum(any(m in raw for m in MUTATIONS) for *_, raw in recorded.calls)
    return report(
        {
            "orders": len(orders),
            "events": len(events),
            "skus_touched": len({s for s, _ in events}),
            "trace_seconds": round(placed - started, 2),
            "drained_after_s": round(drained - placed, 2),
            "channel_calls": len(recorded.calls),
            "inventory_mutations": mutations,
            "reduction": round(1 - len(recorded.calls) / max(len(events), 1), 4),
            "divergences": len(divergent),
            "divergent_examples": [(s, on_store.get(s), in_openoms[s]) for s in divergent[:3]],
            "latency_p50_s": round(percentile(waits, 0.50), 3),
            "latency_p95_s": round(percentile(waits, 0.95), 3),
            "latency_max_s": round(waits[-1], 3) if waits else 0.0,
            "events_never_carried": never,
            "drain": options.drain,
            "window_s": _window(),
        }
    )


def _window() -> float:
    from django.conf import settings

    return settings.OPENOMS_PUSH_WINDOW_SECONDS


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


def report(figures: dict) -> dict:
    print(
        f"{figures['orders']:,} orders, {figures['events']:,} events over "
        f"{figures['skus_touched']:,} SKUs in {figures['trace_seconds']} s; outbox empty "
        f"{figures['drained_after_s']} s after the last order (drain: {figures['drain']})"
    )
    print(
        f"Channel calls: {figures['channel_calls']:,} ({figures['inventory_mutations']:,} "
        f"inventory mutations) for {figures['events']:,} events: "
        f"{100 * figures['reduction']:.2f} % fewer (goal >= {100 * GOAL_REDUCTION:.0f} %)"
    )
    print(
        f"Latency change -> channel: p50 {figures['latency_p50_s']} s, p95 "
        f"{figures['latency_p95_s']} s (goal <= {GOAL_P95_S:g} s), max "
        f"{figures['latency_max_s']} s; events never carried: {figures['events_never_carried']}"
    )
    print(f"SKUs differing between the store and OpenOMS: {figures['divergences']} (goal 0)")
    print(json.dumps(figures))
    return figures


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    defaults = Options()
    parser.add_argument("--orders", type=int, default=defaults.orders)
    parser.add_argument("--lines", type=int, default=defaults.lines)
    parser.add_argument("--skus", type=int, default=defaults.skus)
    parser.add_argument("--seconds", type=float, default=defaults.seconds, help="trace length")
    parser.add_argument("--zipf", type=float, default=defaults.zipf)
    parser.add_argument("--drain", choices=("worker", "thread", "inline"), default="worker")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--restore-rate", type=float, default=None, help="points/s (Standard)")
    parser.add_argument(
        "--window", type=float, default=defaults.window, help="coalescing window, seconds"
    )
    return Options(**vars(parser.parse_args(argv)))


def main(argv: list[str] | None = None) -> dict:
    options = parse(argv)
    os.environ["OPENOMS_PUSH_WINDOW_SECONDS"] = str(options.window)  # this process, its worker
    benchkit.fresh_database(DATABASE_URL)
    with tempfile.TemporaryDirectory(prefix="openoms-bench-sync-") as data_dir:
        benchkit.configure_environment(DATABASE_URL, data_dir)
        from openoms_emulator.shopify.server import start_in_thread

        account = benchkit.bench_account()
        recorded = Recorded(TOKEN)
        emulator = recording_emulator(recorded, options.restore_rate)
        running = start_in_thread(emulator)
        try:
            return run_trace(account, running.url, emulator, recorded, options)
        finally:
            running.stop()


def passed(figures: dict) -> bool:
    return (
        figures["reduction"] >= GOAL_REDUCTION
        and figures["divergences"] == 0
        and figures["latency_p95_s"] <= GOAL_P95_S
    )


if __name__ == "__main__":
    sys.exit(0 if passed(main()) else 1)
