# ruff: noqa: S608 -- table names come from the models' Meta; every value is a bound parameter.
"""The set-based SQL of the bulk level engine, one function per step, per database vendor.

PostgreSQL: arrays (``= ANY``, ``unnest``) so a step is one statement whatever the row count,
``FOR NO KEY UPDATE`` in id order, and ``COPY`` for the ledger rows. SQLite (the embedded default) writes
under one database-wide lock (``BEGIN IMMEDIATE``), so plain batched statements are enough there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection

from openoms.catalog.models import ProductVariant
from openoms.inventory.models import InventoryLevel, InventoryMovement

LEVEL = InventoryLevel._meta.db_table
MOVEMENT = InventoryMovement._meta.db_table
VARIANT = ProductVariant._meta.db_table
SQLITE_BATCH = 500
MOVEMENT_COLUMNS = ", ".join(
    f'"{name}"'
    for name in (
        "account_id",
        "level_id",
        "quantity",
        "change",
        "resulting",
        "trigger",
        "reference",
        "reason",
        "actor_id",
        "actor_label",
        "created_at",
    )
)

Pair = tuple[int, int]  # (warehouse id, variant id)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _chunks(items: Sequence, size: int = SQLITE_BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ints(values) -> str:
    """A PostgreSQL array literal of integers, built in one pass (far cheaper than binding a
    list, which the driver dumps element by element)."""
    return "{" + ",".join(map(str, values)) + "}"


def texts(values) -> str:
    """A PostgreSQL array literal of strings, each quoted and escaped."""
    return "{" + ",".join(_quoted(value) for value in values) + "}"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def variant_ids(account_id: int, skus: Sequence[str]) -> dict[str, int]:
    """SKU → variant id for the account's SKUs among ``skus`` (one statement on PostgreSQL,
    where the planner picks index probes for a few SKUs and one hashed scan for many)."""
    if not skus:
        return {}
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT sku, id FROM {VARIANT} WHERE account_id = %s AND sku = ANY(%s::text[])",
                [account_id, texts(skus)],
            )
            return dict(cursor.fetchall())
    found: dict[str, int] = {}
    for chunk in _chunks(list(skus)):
        rows = ProductVariant.objects.filter(account_id=account_id, sku__in=chunk)
        found.update(rows.values_list("sku", "id"))
    return found


def lock_levels(pairs: Sequence[Pair]) -> dict[Pair, tuple[int, int]]:
    """(warehouse, variant) → (level id, total) of the existing levels, locked in id order."""
    if not pairs:
        return {}
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT l.id, l.warehouse_id, l.variant_id, l.total FROM {LEVEL} AS l "
                "JOIN unnest(%s::bigint[], %s::bigint[]) AS k(w, v) "
                "ON l.warehouse_id = k.w AND l.variant_id = k.v "
                "ORDER BY l.id FOR NO KEY UPDATE OF l",
                [ints(w for w, _ in pairs), ints(v for _, v in pairs)],
            )
            return {(w, v): (pk, total) for pk, w, v, total in cursor.fetchall()}
    wanted = set(pairs)
    found: dict[Pair, tuple[int, int]] = {}
    for chunk in _chunks(sorted({v for _, v in pairs})):
        rows = InventoryLevel.objects.filter(variant_id__in=chunk).values_list(
            "id", "warehouse_id", "variant_id", "total"
        )
        found.update({(w, v): (pk, t) for pk, w, v, t in rows if (w, v) in wanted})
    return found


def insert_levels(
    account_id: int, rows: Sequence[tuple[int, int, int]], now: datetime
) -> dict[Pair, int]:
    """Create levels (warehouse, variant, total); → id of each created. A level a concurrent
    writer created first is skipped (absent from the result) and must be locked instead."""
    if not rows:
        return {}
    stamp = connection.ops.adapt_datetimefield_value(now)
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {LEVEL} (account_id, warehouse_id, variant_id, total, allocated, "
                "on_hold, incoming, updated_at) SELECT %s, k.w, k.v, k.t, 0, 0, 0, %s "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS k(w, v, t) "
                "ORDER BY k.v, k.w ON CONFLICT (variant_id, warehouse_id) DO NOTHING "
                "RETURNING id, warehouse_id, variant_id",
                [account_id, stamp, *(ints(column) for column in zip(*rows, strict=True))],
            )
            return {(w, v): pk for pk, w, v in cursor.fetchall()}
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {LEVEL} (account_id, warehouse_id, variant_id, total, allocated, "
            "on_hold, incoming, updated_at) VALUES (%s, %s, %s, %s, 0, 0, 0, %s)",
            [(account_id, w, v, t, stamp) for w, v, t in rows],
        )
    return {pair: pk for pair, (pk, _) in lock_levels([(w, v) for w, v, _ in rows]).items()}


def update_totals(rows: Sequence[tuple[int, int]], now: datetime) -> None:
    """Set (level id, total) in one statement (PostgreSQL) or one batched statement (SQLite)."""
    if not rows:
        return
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(
                f"UPDATE {LEVEL} AS l SET total = k.t, updated_at = %s "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS k(id, t) WHERE l.id = k.id",
                [stamp, ints(pk for pk, _ in rows), ints(t for _, t in rows)],
            )
        else:
            cursor.executemany(
                f"UPDATE {LEVEL} SET total = %s, updated_at = %s WHERE id = %s",
                [(t, stamp, pk) for pk, t in rows],
            )


def insert_movements(
    rows: Sequence[tuple[int, int, int]],
    *,
    account_id: int,
    trigger: str,
    reference: str,
    reason: str,
    actor_id: int | None,
    actor_label: str,
    now: datetime,
) -> None:
    """Ledger rows (level id, change, resulting) of the ``total`` quantity: COPY on PostgreSQL."""
    if not rows:
        return
    fixed = (trigger, reference, reason, actor_id, actor_label)
    if _postgres():
        _copy_movements(rows, account_id, fixed, now)
        return
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {MOVEMENT} ({MOVEMENT_COLUMNS}) "
            "VALUES (%s, %s, 'total', %s, %s, %s, %s, %s, %s, %s, %s)",
            [(account_id, pk, change, result, *fixed, stamp) for pk, change, result in rows],
        )


def _copy_movements(rows, account_id: int, fixed: tuple, now: datetime) -> None:
    """One COPY, its text built in one pass (the constant columns escaped once)."""
    trigger, reference, reason, actor_id, actor_label = fixed
    tail = "\t".join(
        (
            *(_copy_escaped(text) for text in (trigger, reference, reason)),
            "\\N" if actor_id is None else str(actor_id),
            _copy_escaped(actor_label),
            now.isoformat(),
        )
    )
    data = "".join(
        f"{account_id}\t{pk}\ttotal\t{change}\t{result}\t{tail}\n" for pk, change, result in rows
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {MOVEMENT} ({MOVEMENT_COLUMNS}) FROM STDIN") as copy,
    ):
        copy.write(data)


def _copy_escaped(text: str) -> str:
    """A value in COPY's text format (backslash, tab and line breaks escaped)."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
