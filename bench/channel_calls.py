"""What OpenOMS sent the Shopify emulator during a benchmark, and when: an emulator that records
every call of one token as it answers it (``Recorded``), and the figures drawn from the record —
which SKUs each applied inventory mutation carried, each change's commit-to-channel latency,
percentiles. Used by ``sync_coalescing.py``."""

from __future__ import annotations

import bisect
import json
import threading
import time
from dataclasses import dataclass, field

MUTATIONS = (b"inventoryAdjustQuantities", b"inventorySetQuantities")


@dataclass
class Recorded:
    """The calls OpenOMS made to the emulator: (received at, answered at, applied, body)."""

    token: str
    calls: list[tuple[float, float, bool, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def recording_emulator(recorded: Recorded, restore_rate: float | None):
    """A Shopify emulator (Standard preset) that records OpenOMS's calls as it answers them."""
    from openoms_emulator.shopify.app import ShopifyEmulator

    class Recording(ShopifyEmulator):
        def handle_graphql(self, token, raw, content_type=""):
            received = time.time()
            response = super().handle_graphql(token, raw, content_type)
            if token == recorded.token:
                body = response.body if isinstance(response.body, dict) else {}
                applied = response.status == 200 and not body.get("errors")
                with recorded.lock:
                    recorded.calls.append((received, time.time(), applied, raw))
            return response

    emulator = Recording(tokens=(recorded.token,), plan="standard")
    if restore_rate:
        emulator.throttle.set_plan("standard", restore_rate)
    return emulator


def carried(recorded: Recorded, items: dict[str, str]) -> dict[str, list[tuple[float, float]]]:
    """SKU → (received, answered) of every applied inventory mutation carrying it, in order."""
    by_sku: dict[str, list[tuple[float, float]]] = {}
    for received, answered, applied, raw in recorded.calls:
        if not applied or not any(name in raw for name in MUTATIONS):
            continue
        for item in set(_item_ids(json.loads(raw).get("variables") or {})):
            if item in items:
                by_sku.setdefault(items[item], []).append((received, answered))
    for calls in by_sku.values():
        calls.sort()
    return by_sku


def _item_ids(value) -> list[str]:
    if isinstance(value, dict):
        found = [value["inventoryItemId"]] if "inventoryItemId" in value else []
        return found + [i for v in value.values() for i in _item_ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in _item_ids(v)]
    return []


def latencies(events, by_sku) -> tuple[list[float], int]:
    """Each event's commit-to-channel seconds, and the events no later mutation carried."""
    found, never = [], 0
    for name, committed in events:
        calls = by_sku.get(name, [])
        at = bisect.bisect_left(calls, (committed, 0.0))
        if at == len(calls):
            never += 1
        else:
            found.append(calls[at][1] - committed)
    return sorted(found), never


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(share * len(values)))]
