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
from django.db.models import Q
from django.utils import timezone

from openoms.inventory.changes import LevelChanges, recorded
from openoms.inventory.models import InventoryLevel, InventoryMovement, Quantity
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

MAX_TEXT = 200


@dataclass(frozen=True)
class Hold:
    """``quantity`` of a variant at a physical warehouse."""

    variant_id: int
    warehouse_id: int
    quantity: int


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


def levels_allocate(
    *,
    actor: Actor,
    account: Account,
    holds: Sequence[Hold],
    reference: str,
    source_channel_id: int | None = None,
) -> None:
    """Reserve every hold (Allocated += quantity) or none (``NotEnoughStock``)."""
    wanted = _summed(holds)
    with transaction.atomic():
        levels = _locked(account, wanted)
        short = [
            Shortage(v, w, qty, max(_available(levels.get((v, w))), 0))
            for (v, w), qty in wanted.items()
            if _available(levels.get((v, w))) < qty
        ]
        if short:
            raise NotEnoughStock(short)
        _write(actor, levels, wanted, Quantity.ALLOCATED, Trigger.ALLOCATE_ORDER, reference)
        _tell(account, Trigger.ALLOCATE_ORDER, wanted, -1, source_channel_id)


def levels_release(
    *,
    actor: Actor,
    account: Account,
    holds: Sequence[Hold],
    reference: str,
    trigger: Trigger = Trigger.CANCEL_SHIPMENT,
) -> None:
    """Give reserved stock back (Allocated -= quantity): Available rises."""
    wanted = _summed(holds)
    with transaction.atomic():
        levels = _locked(account, wanted)
        negative = {pair: -qty for pair, qty in wanted.items()}
        _write(actor, levels, negative, Quantity.ALLOCATED, trigger, reference)
        _tell(account, trigger, wanted, 1, None)


def levels_ship(*, actor: Actor, account: Account, holds: Sequence[Hold], reference: str) -> None:
    """Reserved stock left the warehouse: Total and Allocated both fall; Available is
    unchanged (no channel is told anything)."""
    wanted = _summed(holds)
    with transaction.atomic():
        levels = _locked(account, wanted)
        negative = {pair: -qty for pair, qty in wanted.items()}
        _write(actor, levels, negative, Quantity.TOTAL, Trigger.SHIP_SHIPMENT, reference)
        _write(actor, levels, negative, Quantity.ALLOCATED, Trigger.SHIP_SHIPMENT, reference)


def _summed(holds: Sequence[Hold]) -> dict[tuple[int, int], int]:
    wanted: dict[tuple[int, int], int] = {}
    for hold in holds:
        if hold.quantity > 0:
            key = (hold.variant_id, hold.warehouse_id)
            wanted[key] = wanted.get(key, 0) + hold.quantity
    return wanted


def _available(level: InventoryLevel | None) -> int:
    return 0 if level is None else level.total - level.allocated - level.on_hold


def _locked(account: Account, wanted: dict) -> dict[tuple[int, int], InventoryLevel]:
    """The levels of ``wanted``, locked in one statement warehouse by warehouse, variant by
    variant (PostgreSQL locks the rows in the order the query returns them)."""
    match = Q()
    for variant_id, warehouse_id in wanted:
        match |= Q(variant_id=variant_id, warehouse_id=warehouse_id)
    rows = (
        InventoryLevel.objects.select_for_update(no_key=True)
        .filter(match, account=account)
        .order_by("warehouse_id", "variant_id")
    )
    return {(level.variant_id, level.warehouse_id): level for level in rows}


def _write(
    actor: Actor, levels: dict, changes: dict, quantity: str, trigger: Trigger, reference: str
) -> None:
    now = timezone.now()
    field = "allocated" if quantity == Quantity.ALLOCATED else "total"
    movements, changed = [], []
    for pair, change in changes.items():
        level = levels[pair]
        value = getattr(level, field) + change
        setattr(level, field, value)
        level.updated_at = now
        changed.append(level)
        movements.append(
            InventoryMovement(
                account_id=level.account_id,
                level=level,
                quantity=quantity,
                change=change,
                resulting=value,
                trigger=trigger,
                reference=reference[:MAX_TEXT],
                actor=actor.user,
                actor_label=actor.label[:MAX_TEXT],
            )
        )
    InventoryLevel.objects.bulk_update(changed, [field, "updated_at"])
    InventoryMovement.objects.bulk_create(movements)


def _tell(account: Account, trigger: Trigger, wanted: dict, sign: int, channel_id) -> None:
    pairs = list(wanted)
    recorded(
        LevelChanges(account.pk, trigger, pairs, [sign * wanted[p] for p in pairs], channel_id)
    )
