# ruff: noqa: S608 -- table and column names come from the models; every value is a bound parameter.
"""The ledger check: every level quantity must equal the sum of its movements.

``ledger_mismatches`` finds the levels that disagree with one aggregate query per quantity;
``ledger_repair`` writes a Ledger Repair movement so the ledger matches the level again (the level
is what warehouses and channels have seen, so it is kept, and the gap becomes visible history).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Sum

from openoms.catalog.models import ProductVariant
from openoms.inventory.models import (
    InventoryLevel,
    InventoryMovement,
    Quantity,
    Warehouse,
)
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm


@dataclass(frozen=True)
class Mismatch:
    level_id: int
    account: str
    warehouse: str
    sku: str
    quantity: str
    level_value: int
    ledger_sum: int


def ledger_mismatches(*, account: Account | None = None) -> list[Mismatch]:
    """Levels whose quantity differs from the sum of its movements, by account, warehouse, SKU."""
    found: list[Mismatch] = []
    for quantity in Quantity.values:
        found.extend(_mismatches_of(quantity, account))
    return sorted(found, key=lambda m: (m.account, m.warehouse, m.sku, m.quantity))


def _mismatches_of(quantity: str, account: Account | None) -> list[Mismatch]:
    in_account = "" if account is None else "AND account_id = %s"
    sql = (
        f"SELECT l.id, a.code, w.code, v.sku, l.{quantity}, COALESCE(m.total_change, 0) "
        f"FROM {InventoryLevel._meta.db_table} AS l "
        f"JOIN {Account._meta.db_table} AS a ON a.id = l.account_id "
        f"JOIN {Warehouse._meta.db_table} AS w ON w.id = l.warehouse_id "
        f"JOIN {ProductVariant._meta.db_table} AS v ON v.id = l.variant_id "
        'LEFT JOIN (SELECT level_id, SUM("change") AS total_change '
        f"FROM {InventoryMovement._meta.db_table} WHERE quantity = %s {in_account} "
        "GROUP BY level_id) AS m ON m.level_id = l.id "
        f"WHERE l.{quantity} <> COALESCE(m.total_change, 0) {in_account.replace('AND ', 'AND l.')}"
    )
    scope = [] if account is None else [account.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, [quantity, *scope, *scope])
        return [Mismatch(row[0], row[1], row[2], row[3], quantity, *row[4:]) for row in cursor]


@transaction.atomic
def ledger_repair(*, actor: Actor, mismatch: Mismatch) -> InventoryMovement | None:
    """Write the movement that makes the ledger add up to the level again (None if it already
    does: the level moved on since the check, through the ledger)."""
    level = (
        InventoryLevel.objects.select_for_update(no_key=True)
        .select_related("account")
        .get(pk=mismatch.level_id)
    )
    actor.require_account(level.account)
    actor.require(Perm.INVENTORY_ADJUST)
    value = getattr(level, mismatch.quantity)
    ledger = (
        InventoryMovement.objects.filter(level=level, quantity=mismatch.quantity).aggregate(
            total=Sum("change")
        )["total"]
        or 0
    )
    if value == ledger:
        return None
    return InventoryMovement.objects.create(
        account=level.account,
        level=level,
        quantity=mismatch.quantity,
        change=value - ledger,
        resulting=value,
        trigger=Trigger.LEDGER_REPAIR,
        reason=f"Ledger repair: the level was {value}, its movements added up to {ledger}.",
        actor=actor.user,
        actor_label=actor.label[:200],
    )
