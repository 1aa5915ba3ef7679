"""What every writer of reserved and incoming stock does with level rows (``allocations``,
``incoming``): sum the holds per level, lock the levels in the one fixed order (warehouse, then
variant: concurrent writers queue on the rows instead of deadlocking), and write a quantity's
change with one ledger movement per level, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from openoms.core.rows_update import rows_update
from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

MAX_TEXT = 200
Pair = tuple[int, int]  # (variant id, warehouse id)


@dataclass(frozen=True)
class Hold:
    """``quantity`` of a variant at a physical warehouse."""

    variant_id: int
    warehouse_id: int
    quantity: int


def holds_summed(holds: Sequence[Hold], sign: int = 1) -> dict[Pair, int]:
    """(variant, warehouse) → the sum of its positive hold quantities, times ``sign``."""
    wanted: dict[Pair, int] = {}
    for hold in holds:
        if hold.quantity > 0:
            key = (hold.variant_id, hold.warehouse_id)
            wanted[key] = wanted.get(key, 0) + sign * hold.quantity
    return wanted


def levels_locked(account: Account, pairs) -> dict[Pair, InventoryLevel]:
    """The account's levels of ``pairs`` that exist, locked in one statement warehouse by
    warehouse, variant by variant (PostgreSQL locks the rows in the order the query returns
    them)."""
    rows = (
        InventoryLevel.objects.select_for_update(no_key=True)
        .filter(pairs_match(pairs), account=account)
        .order_by("warehouse_id", "variant_id")
    )
    return {(level.variant_id, level.warehouse_id): level for level in rows}


def pairs_match(pairs) -> Q:
    """The levels of ``pairs``: per warehouse, its variants (one ``IN`` each)."""
    by_warehouse: dict[int, list[int]] = {}
    for variant_id, warehouse_id in pairs:
        by_warehouse.setdefault(warehouse_id, []).append(variant_id)
    match = Q()
    for warehouse_id, variant_ids in by_warehouse.items():
        match |= Q(warehouse_id=warehouse_id, variant_id__in=variant_ids)
    return match


def levels_write(
    actor: Actor, levels: dict, changes: dict, quantity: str, trigger: str, reference: str
) -> None:
    """Add each change to the level's ``quantity`` (a field of the level: total, allocated,
    incoming) in one statement, and write one ledger movement per changed level."""
    levels_write_many(actor, levels, [(changes, reference)], quantity, trigger)


def levels_write_many(
    actor: Actor, levels: dict, writes: Sequence[tuple[dict, str]], quantity: str, trigger: str
) -> None:
    """``levels_write`` of several (changes, reference) in turn (each movement's resulting
    quantity follows the ones before), the levels in one statement and the movements in one."""
    now = timezone.now()
    movements, changed = [], {}
    for changes, reference in writes:
        for pair, change in changes.items():
            if change == 0:
                continue
            level = levels[pair]
            value = getattr(level, quantity) + change
            setattr(level, quantity, value)
            level.updated_at = now
            changed[level.pk] = level
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
    rows_update(list(changed.values()), [quantity, "updated_at"])
    InventoryMovement.objects.bulk_create(movements)
