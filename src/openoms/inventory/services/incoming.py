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

from openoms.inventory.changes import LevelChanges, recorded
from openoms.inventory.models import InventoryLevel, Quantity
from openoms.inventory.services.level_rows import (
    Hold,
    holds_summed,
    levels_locked,
    levels_write,
    pairs_match,
)
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

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
    wanted = holds_summed(holds, sign)
    if not wanted:
        return
    with transaction.atomic():
        levels = _locked(account, wanted)
        short = [pair for pair, change in wanted.items() if levels[pair].incoming + change < 0]
        if short:
            raise IncomingShort(short)
        levels_write(actor, levels, wanted, Quantity.INCOMING, TRIGGER, reference)


def levels_receive(
    *, actor: Actor, account: Account, holds: Sequence[Hold], reference: str
) -> None:
    """Goods arrived: Total += quantity and Incoming -= quantity at each level (Incoming never
    below zero: a unit received beyond what was expected only adds to Total). The listeners
    hear Available rise, trigger *Receive Receipt*."""
    wanted = holds_summed(holds)
    if not wanted:
        return
    with transaction.atomic():
        levels = _locked(account, wanted)
        expected = {pair: -min(qty, max(levels[pair].incoming, 0)) for pair, qty in wanted.items()}
        levels_write(actor, levels, wanted, Quantity.TOTAL, TRIGGER, reference)
        levels_write(actor, levels, expected, Quantity.INCOMING, TRIGGER, reference)
        pairs = list(wanted)
        recorded(LevelChanges(account.pk, TRIGGER, pairs, [wanted[pair] for pair in pairs]))


def _locked(account: Account, wanted: dict) -> dict[tuple[int, int], InventoryLevel]:
    """The levels of ``wanted`` (created at 0 when missing), locked warehouse by warehouse,
    variant by variant."""
    pairs = sorted(wanted, key=lambda pair: (pair[1], pair[0]))
    existing = set(
        InventoryLevel.objects.filter(pairs_match(pairs)).values_list("variant_id", "warehouse_id")
    )
    for variant_id, warehouse_id in pairs:
        if (variant_id, warehouse_id) not in existing:
            InventoryLevel.objects.get_or_create(
                variant_id=variant_id, warehouse_id=warehouse_id, defaults={"account": account}
            )
    return levels_locked(account, pairs)
