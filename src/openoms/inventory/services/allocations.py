"""Reserving stock for orders: allocate, release, ship — each with its ledger rows.

Every function locks the level rows it touches in one fixed order (warehouse, then variant), so
concurrent allocations queue on the rows instead of deadlocking, and reads Available under the
lock: parallel allocations never oversell. ``levels_allocate`` is all or nothing: when one level
lacks stock nothing is reserved and ``NotEnoughStock`` says which. Each writes one movement per
level and quantity (``Allocated``; shipping also ``Total``) and tells ``inventory.changes`` of
the Available change, in the caller's transaction, with the order's channel (the inventory sync
never echoes an allocation to the channel the order came from).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from openoms.inventory.changes import LevelChanges, recorded
from openoms.inventory.models import InventoryLevel, Quantity
from openoms.inventory.services.level_rows import (
    Hold,
    holds_summed,
    levels_locked,
    levels_write,
    levels_write_many,
)
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account


@dataclass(frozen=True)
class Shortage:
    variant_id: int
    warehouse_id: int
    wanted: int
    available: int


class NotEnoughStock(Exception):
    """Some levels lack Available stock for the holds; nothing was reserved."""

    def __init__(self, shortages: list[Shortage]):
        super().__init__(f"Not enough stock for {len(shortages)} line(s).")
        self.shortages = shortages


@dataclass(frozen=True)
class Reservation:
    """One order's holds, its ledger reference and the channel it came from."""

    holds: Sequence[Hold]
    reference: str
    source_channel_id: int | None = None


def levels_allocate(
    *,
    actor: Actor,
    account: Account,
    holds: Sequence[Hold],
    reference: str,
    source_channel_id: int | None = None,
) -> None:
    """Reserve every hold (Allocated += quantity) or none (``NotEnoughStock``)."""
    request = Reservation(holds, reference, source_channel_id)
    [short] = levels_allocate_many(actor=actor, account=account, requests=[request])
    if short:
        raise NotEnoughStock(short)


def levels_allocate_many(
    *, actor: Actor, account: Account, requests: Sequence[Reservation]
) -> list[list[Shortage]]:
    """Reserve each request's holds, all of them or none, in turn (a request sees what the
    ones before it took); → each request's shortages (none: reserved). The levels of every
    request are locked at once, in the one fixed order, in the caller's transaction when there
    is one (no savepoint: nothing here raises after a write)."""
    wanted = [holds_summed(request.holds) for request in requests]
    taken: dict = {}
    shortages: list[list[Shortage]] = []
    with transaction.atomic(savepoint=False):
        levels = levels_locked(account, {pair for want in wanted for pair in want})
        for want in wanted:
            free = {pair: _available(levels.get(pair)) - taken.get(pair, 0) for pair in want}
            short = [
                Shortage(v, w, qty, max(free[v, w], 0))
                for (v, w), qty in want.items()
                if free[v, w] < qty
            ]
            shortages.append(short)
            if not short:
                for pair, qty in want.items():
                    taken[pair] = taken.get(pair, 0) + qty
        reserved = [
            (want, request)
            for want, request, short in zip(wanted, requests, shortages, strict=True)
            if not short
        ]
        write = Quantity.ALLOCATED, Trigger.ALLOCATE_ORDER
        levels_write_many(actor, levels, [(want, r.reference) for want, r in reserved], *write)
        _tell_many(account, reserved)
    return shortages


def _tell_many(account: Account, reserved: list[tuple[dict, Reservation]]) -> None:
    """The listeners hear the reservations (``_tell``), once per channel the orders came from,
    each level's quantities summed."""
    by_channel: dict[int | None, dict] = {}
    for want, request in reserved:
        summed = by_channel.setdefault(request.source_channel_id, {})
        for pair, qty in want.items():
            summed[pair] = summed.get(pair, 0) + qty
    for channel_id, summed in by_channel.items():
        _tell(account, Trigger.ALLOCATE_ORDER, summed, -1, channel_id)


def levels_release(
    *,
    actor: Actor,
    account: Account,
    holds: Sequence[Hold],
    reference: str,
    trigger: Trigger = Trigger.CANCEL_SHIPMENT,
) -> None:
    """Give reserved stock back (Allocated -= quantity): Available rises."""
    wanted = holds_summed(holds)
    with transaction.atomic():
        levels = levels_locked(account, wanted)
        negative = {pair: -qty for pair, qty in wanted.items()}
        levels_write(actor, levels, negative, Quantity.ALLOCATED, trigger, reference)
        _tell(account, trigger, wanted, 1, None)


def levels_ship(*, actor: Actor, account: Account, holds: Sequence[Hold], reference: str) -> None:
    """Reserved stock left the warehouse: Total and Allocated both fall; Available is
    unchanged (no channel is told anything)."""
    wanted = holds_summed(holds)
    with transaction.atomic():
        levels = levels_locked(account, wanted)
        negative = {pair: -qty for pair, qty in wanted.items()}
        levels_write(actor, levels, negative, Quantity.TOTAL, Trigger.SHIP_SHIPMENT, reference)
        levels_write(actor, levels, negative, Quantity.ALLOCATED, Trigger.SHIP_SHIPMENT, reference)


def _available(level: InventoryLevel | None) -> int:
    return 0 if level is None else level.total - level.allocated - level.on_hold


def _tell(account: Account, trigger: Trigger, wanted: dict, sign: int, channel_id) -> None:
    pairs = list(wanted)
    recorded(
        LevelChanges(account.pk, trigger, pairs, [sign * wanted[p] for p in pairs], channel_id)
    )
