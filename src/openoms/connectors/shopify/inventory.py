"""Locations and inventory quantities of a Shopify store (2026-04 semantics): the lower layer.

``set_quantities`` / ``adjust_quantities`` are what an outbox engine calls with inventory item and
location ids already known (``stock.py`` builds the Export Inventory push on them). Batches of at
most 250 entries, one ``inventorySetQuantities`` (absolute ``available``) or
``inventoryAdjustQuantities`` (deltas) each, reason ``correction``, every entry with
``changeFromQuantity`` (the value the caller knows, or an explicit null), each batch with its own
``@idempotent`` key (uuid4) that its retries reuse. Shopify refuses a whole mutation when one entry
is wrong, so:

- ``CHANGE_FROM_QUANTITY_STALE``: the stale entries' current values are read again, their compare
  recomputed, and the batch sent again as a new operation (a new key) — a value is never blindly
  overwritten with a null compare. With the caller's ``key`` (an outbox batch, sent again after a
  killed worker), every round must be the same when the batch is sent again, so a recomputed
  compare is never sent under it: the stale entries are handed back (``again``, with the value
  read) for the caller to send as a new batch, and the rest go on;
- any other refused entry (``NON_MUTABLE_INVENTORY_ITEM``, ``ITEM_NOT_STOCKED_AT_LOCATION``, an
  unknown item …) is taken out with a Warning naming it, and the rest sent again (new key);
- ``IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED`` (a key whose first attempt had user errors, sent
  again: Shopify may answer this instead of replaying them): nothing of the round was applied
  and that key can never be used again. Under the caller's ``key`` every entry of the round is
  handed back (``again``, with the value read now) so the caller sends it in a new batch with a
  new key; under the connector's own keys the round is simply sent again with a new one.

Batches go one after the other, with no read in between: their pace is the cost bucket's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from openoms.connectors.base import ConnectorError, Notice
from openoms.connectors.shopify import costs
from openoms.connectors.shopify.client import ShopifyClient
from openoms.connectors.shopify.documents import MAX_INPUT_ITEMS
from openoms.connectors.types import QuantityDelta, QuantityResult, QuantitySet

LOCATION_GID = "gid://shopify/Location/"
STALE = "CHANGE_FROM_QUANTITY_STALE"
PREVIOUS_ATTEMPT_FAILED = "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"
MAX_STALE_ROUNDS = 3  # a level that keeps changing under us is reported, not chased forever
LOOKUP_BUDGET = 1000  # Shopify's maximum requested cost of one query


@dataclass(frozen=True)
class Location:
    id: str  # gid://shopify/Location/…
    name: str
    active: bool


@dataclass(frozen=True)
class _Mutation:
    """One of the two quantity mutations: ``field`` (its name and payload key), the input list's
    key (``rows``), each entry's value attribute (``value``, also its input key) and the builder."""

    field: str
    rows: str
    value: str
    build: Callable[[dict, str], costs.Call]

    def caller(self, reason: str) -> Callable[[list, str], costs.Call]:
        """The call of one batch of entries under an idempotency key."""

        def call(entries: list, key: str) -> costs.Call:
            rows = [
                {
                    "inventoryItemId": e.inventory_item_id,
                    "locationId": e.location_id,
                    self.value: getattr(e, self.value),
                    "changeFromQuantity": e.compare,
                }
                for e in entries
            ]
            return self.build({"name": "available", "reason": reason, self.rows: rows}, key)

        return call


_SET = _Mutation("inventorySetQuantities", "quantities", "quantity", costs.inventory_set)
_ADJUST = _Mutation("inventoryAdjustQuantities", "changes", "delta", costs.inventory_adjust)


def location_gid(value: str) -> str | None:
    """A warehouse mapping's external id as a Location GID: the GID itself or its number."""
    text = str(value).strip()
    if text.isdigit():
        return LOCATION_GID + text
    if text.startswith(LOCATION_GID) and text.removeprefix(LOCATION_GID).isdigit():
        return text
    return None


@dataclass
class Inventory:
    client: ShopifyClient
    report: Callable[[Notice], None]

    def __post_init__(self) -> None:
        self.location_names: dict[str, str] = {}

    # -- locations ------------------------------------------------------------------------------
    def locations(self) -> list[Location]:
        """The store's active locations, for warehouse mappings."""
        found, after = [], None
        while True:
            page = self.client.run(costs.locations_page(MAX_INPUT_ITEMS, after))["locations"]
            found += [Location(n["id"], n["name"], bool(n["isActive"])) for n in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        self.location_names |= {location.id: location.name for location in found}
        return found

    # -- the lower layer ------------------------------------------------------------------------
    def set_quantities(
        self, quantities: Iterable[QuantitySet], reason: str = "correction", key: str | None = None
    ) -> list[QuantityResult]:
        """Set absolute ``available`` quantities; one result per entry, in order. ``key``: the
        caller's idempotency key (e.g. an outbox batch's, kept across a killed worker): the
        same entries sent again with it are applied once."""
        return self._send(list(quantities), _SET.caller(reason), _SET.field, key)

    def adjust_quantities(
        self, deltas: Iterable[QuantityDelta], reason: str = "correction", key: str | None = None
    ) -> list[QuantityResult]:
        """Apply ``available`` deltas; one result per entry, in order (``key``: as above)."""
        return self._send(list(deltas), _ADJUST.caller(reason), _ADJUST.field, key)

    def _send(self, entries: list, call, field: str, key: str | None = None) -> list:
        results: dict[int, QuantityResult] = {}
        for start in range(0, len(entries), MAX_INPUT_ITEMS):
            batch = list(enumerate(entries[start : start + MAX_INPUT_ITEMS], start=start))
            base = None if key is None else f"{key}.{start // MAX_INPUT_ITEMS}"
            results |= self._send_batch(batch, call, field, base)
        return [results[index] for index in range(len(entries))]

    def _send_batch(
        self, batch: list[tuple[int, object]], call, field: str, base: str | None = None
    ) -> dict:
        """One batch until it is applied: refused entries out, stale ones re-read (or handed
        back). Each round is a new operation with a new key: a uuid4, or ``base`` and the
        round's number (so the same batch sent again replays the rounds already applied)."""
        results: dict[int, QuantityResult] = {}
        stale_rounds = 0
        rounds = 0
        while batch:
            key = str(uuid.uuid4()) if base is None else f"{base}.{rounds}"
            rounds += 1
            payload = self.client.run(call([entry for _, entry in batch], key))[field]
            errors = (payload or {}).get("userErrors") or []
            if not errors:
                return results | {i: _result(entry, True) for i, entry in batch}
            failed = next((e for e in errors if e.get("code") == PREVIOUS_ATTEMPT_FAILED), None)
            if failed is not None:
                if base is not None:
                    everything = dict.fromkeys(range(len(batch)), _code_of(failed))
                    return results | self._handed_back(batch, list(everything), everything)
                if rounds > MAX_STALE_ROUNDS:
                    raise ConnectorError(f"Shopify refused {field}: {failed.get('message')}.")
                continue  # our own uuid key, reused by a retry of the client: a new one
            by_position = _errors_by_position(field, errors)
            stale = sorted(p for p, error in by_position.items() if error["code"] == STALE)
            out = set(by_position) - set(stale)
            if stale and base is not None:
                results |= self._handed_back(batch, stale, by_position)
            elif stale:
                stale_rounds += 1
                if stale_rounds > MAX_STALE_ROUNDS:
                    out |= set(stale)
                else:
                    batch = self._recompared(batch, stale)
            results |= self._refused(batch, out, by_position, stale_rounds > MAX_STALE_ROUNDS)
            if base is not None:
                out |= set(stale)
            batch = [pair for position, pair in enumerate(batch) if position not in out]
        return results

    def _handed_back(self, batch: list, stale: list[int], by_position: dict) -> dict:
        """The results of stale entries of a keyed batch: not applied, ``again`` with the value
        the store holds now."""
        pairs = [(batch[p][1].inventory_item_id, batch[p][1].location_id) for p in stale]
        current = self.available(pairs)
        results = {}
        for position, pair in zip(stale, pairs, strict=True):
            index = batch[position][0]
            error = by_position[position]
            results[index] = QuantityResult(
                *pair, False, error["code"], error["message"], True, current.get(pair)
            )
        return results

    def _refused(self, batch: list, out: set[int], by_position: dict, gave_up: bool) -> dict:
        """The results of the entries taken out of the batch, each reported as a Warning."""
        results = {}
        for position in sorted(out):
            index, entry = batch[position]
            error = by_position[position]
            results[index] = _result(entry, False, error["code"], error["message"])
            kept_changing = gave_up and error["code"] == STALE
            self._refused_notice(entry, error, "it kept changing" if kept_changing else "")
        return results

    def _recompared(self, batch: list[tuple[int, object]], stale: list[int]) -> list:
        """The batch with the stale entries' compare set to their current value."""
        pairs = [(batch[p][1].inventory_item_id, batch[p][1].location_id) for p in stale]
        current = self.available(pairs)
        fresh = list(batch)
        for position, pair in zip(stale, pairs, strict=True):
            index, entry = batch[position]
            fresh[position] = (index, replace(entry, compare=current.get(pair)))
        return fresh

    def available(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int | None]:
        """The current available quantity of each (item, location): None when not stocked."""
        found: dict[tuple[str, str], int | None] = {}
        per_call = LOOKUP_BUDGET // 3
        for start in range(0, len(pairs), per_call):
            chunk = pairs[start : start + per_call]
            data = self.client.run(costs.available_quantities(chunk))
            for i, pair in enumerate(chunk):
                item = data.get(f"p{i}") or {}
                found[pair] = available_of(item.get("inventoryLevel"))
        return found

    def _refused_notice(self, entry, error: dict, why: str = "") -> None:
        label = entry.label or entry.inventory_item_id
        where = self.location_names.get(entry.location_id, entry.location_id)
        code = error["code"] + (f"; {why}" if why else "")
        self.report(
            Notice(
                "warning",
                f"Shopify refused the quantity of {label} at {where}: "
                f"{error['message'].rstrip('.')} ({code}). The other quantities were sent.",
            )
        )


def available_of(level: dict | None) -> int | None:
    if not level:
        return None
    for quantity in level.get("quantities") or ():
        if quantity["name"] == "available":
            return int(quantity["quantity"])
    return None


def _code_of(error: dict) -> dict:
    return {"code": error.get("code") or "", "message": error.get("message") or ""}


def _result(entry, applied: bool, code: str = "", message: str = "") -> QuantityResult:
    return QuantityResult(entry.inventory_item_id, entry.location_id, applied, code, message)


def _errors_by_position(field: str, errors: list[dict]) -> dict[int, dict]:
    """Position in the batch → its user error (``field`` like ["input", "quantities", "3", …]);
    an error about the whole input is a ``ConnectorError``."""
    found: dict[int, dict] = {}
    for error in errors:
        path = error.get("field") or []
        position = int(path[2]) if len(path) > 2 and str(path[2]).isdigit() else None
        if position is None or path[1] not in ("quantities", "changes"):
            raise ConnectorError(
                f"Shopify refused {field}: {error.get('message')} ({error.get('code')})."
            )
        found.setdefault(position, {"code": error.get("code") or "", "message": error["message"]})
    return found
