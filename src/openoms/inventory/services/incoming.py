"""Stock on its way and stock that arrived: a level's Incoming quantity, and receiving it.

Purchase orders are the only writers (``purchasing``): an approved order adds its quantities to
Incoming at its warehouse, a cancelled or closed one removes what will not come, and a receipt
moves what came from Incoming to Total. Each function locks the level rows it touches in the
one fixed order of every level writer (warehouse, then variant: as ``allocations``), so
concurrent writers queue instead of deadlocking; each writes one ledger movement per level and
quantity (trigger *Receive Receipt*: the purchasing trigger of seed 002's table, the reference
says which step), in the caller's transaction. Only a receipt changes Available, so only it
tells ``inventory.changes`` (the inventory sync sends it as a delta in Real-Time mode).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openoms.inventory.changes import LevelChanges, recorded
from openoms.inventory.models import InventoryLevel, InventoryMovement, Quantity
from openoms.inventory.services.allocations import Hold
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

MAX_TEXT = 200
TRIGGER = Trigger.RECEIVE_RECEIPT


class IncomingShort(Exception):
    """A level's Incoming would go below zero; nothing was written."""

    def __init__(self, pairs: list[tuple[int, int]]):
        super().__init__(f"Incoming would go below zero at {len(pairs)} level(s).")
        self.pairs = pairs


def levels_incoming_change(
    *, actor: Actor, account: Account, holds: Sequence[Hold], reference: str, sign: int
) -> None:
    """Incoming += quantity (``sign`` 1: an order approved) or -= quantity (``sign`` -1: its
    open quantities will not come). Missing levels are created at 0 first. A decrease below
    zero writes nothing (``IncomingShort``)."""
    wanted = _summed(holds, sign)
    if not wanted:
        return
    with transaction.atomic():
        levels = _locked(account, wanted)
        short = [pair for pair, change in wanted.items() if levels[pair].incoming + change < 0]
        if short:
            raise IncomingShort(short)
        _write(actor, levels, wanted, Quantity.INCOMING, reference)


def levels_receive(
    *, actor: Actor, account: Account, holds: Sequence[Hold], reference: str
) -> None:
    """Goods arrived: Total += quantity and Incoming -= quantity at each level (Incoming never
    below zero: a unit received beyond what was expected only adds to Total). The listeners
    hear Available rise, trigger *Receive Receipt*."""
    wanted = _summed(holds, 1)
    if not wanted:
        return
    with transaction.atomic():
        levels = _locked(account, wanted)
        expected = {pair: -min(qty, max(levels[pair].incoming, 0)) for pair, qty in wanted.items()}
        _write(actor, levels, wanted, Quantity.TOTAL, reference)
        _write(actor, levels, expected, Quantity.INCOMING, reference)
        pairs = list(wanted)
        recorded(LevelChanges(account.pk, TRIGGER, pairs, [wanted[pair] for pair in pairs]))


def _summed(holds: Sequence[Hold], sign: int) -> dict[tuple[int, int], int]:
    wanted: dict[tuple[int, int], int] = {}
    for hold in holds:
        if hold.quantity > 0:
            key = (hold.variant_id, hold.warehouse_id)
            wanted[key] = wanted.get(key, 0) + sign * hold.quantity
    return wanted


def _locked(account: Account, wanted: dict) -> dict[tuple[int, int], InventoryLevel]:
    """The levels of ``wanted`` (created at 0 when missing), locked warehouse by warehouse,
    variant by variant."""
    pairs = sorted(wanted, key=lambda pair: (pair[1], pair[0]))
    match = Q()
    for variant_id, warehouse_id in pairs:
        match |= Q(variant_id=variant_id, warehouse_id=warehouse_id)
    existing = set(InventoryLevel.objects.filter(match).values_list("variant_id", "warehouse_id"))
    for variant_id, warehouse_id in pairs:
        if (variant_id, warehouse_id) not in existing:
            InventoryLevel.objects.get_or_create(
                variant_id=variant_id, warehouse_id=warehouse_id, defaults={"account": account}
            )
    rows = (
        InventoryLevel.objects.select_for_update(no_key=True)
        .filter(match, account=account)
        .order_by("warehouse_id", "variant_id")
    )
    return {(level.variant_id, level.warehouse_id): level for level in rows}


def _write(actor: Actor, levels: dict, changes: dict, quantity: str, reference: str) -> None:
    now = timezone.now()
    movements = []
    for pair, change in changes.items():
        if change == 0:
            continue
        level = levels[pair]
        value = getattr(level, quantity) + change
        setattr(level, quantity, value)
        InventoryLevel.objects.filter(pk=level.pk).update(**{quantity: value, "updated_at": now})
        movements.append(
            InventoryMovement(
                account_id=level.account_id,
                level=level,
                quantity=quantity,
                change=change,
                resulting=value,
                trigger=TRIGGER,
                reference=reference[:MAX_TEXT],
                actor=actor.user,
                actor_label=actor.label[:MAX_TEXT],
            )
        )
    InventoryMovement.objects.bulk_create(movements)
