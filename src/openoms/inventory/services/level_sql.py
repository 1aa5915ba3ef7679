# ruff: noqa: S608 -- table names come from the models' Meta; every value is a bound parameter.
"""The set-based SQL of the bulk level engine, one function per step, per database vendor.

``write_levels`` is a batch's whole write. PostgreSQL: the checked rows are ``COPY``-ed into a
temporary staging table (dropped at commit), then one statement locks the existing levels
(``FOR NO KEY UPDATE`` in id order), sets the changed totals, creates the missing levels (in
(variant, warehouse) order, skipping one a concurrent writer created first: that row is written
again, now locked) and writes the ledger rows of both, in row order. SQLite (the embedded default)
writes under one database-wide lock (``BEGIN IMMEDIATE``), so plain batched statements, step by
step, are enough there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction

from openoms.catalog.models import ProductVariant
from openoms.inventory.changes import LevelChanges, recorded
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
Target = tuple[int, int, int, int]  # (the caller's row key, warehouse id, variant id, new total)
STAGE = "level_stage"
WORK_MEM = "32MB"  # a batch's sorts and hashes stay in memory

WRITE = f"""
WITH target AS MATERIALIZED (
    SELECT key, warehouse_id AS w, variant_id AS v, total FROM pg_temp.{STAGE}
), locked AS MATERIALIZED (
    SELECT l.id, l.warehouse_id AS w, l.variant_id AS v, l.total
    FROM {LEVEL} AS l JOIN target AS t ON l.variant_id = t.v AND l.warehouse_id = t.w
    ORDER BY l.id FOR NO KEY UPDATE OF l
), changed AS (
    UPDATE {LEVEL} AS l SET total = t.total, updated_at = %(now)s
    FROM locked AS k JOIN target AS t ON t.w = k.w AND t.v = k.v
    WHERE l.id = k.id AND t.total <> k.total
    RETURNING t.key, l.id, t.total - k.total AS change, t.total AS resulting
), created AS (
    INSERT INTO {LEVEL}
        (account_id, warehouse_id, variant_id, total, allocated, on_hold, incoming, updated_at)
    SELECT %(account)s, t.w, t.v, t.total, 0, 0, 0, %(now)s
    FROM target AS t
    WHERE NOT EXISTS (SELECT FROM locked AS k WHERE k.w = t.w AND k.v = t.v)
    ORDER BY t.v, t.w
    ON CONFLICT (variant_id, warehouse_id) DO NOTHING
    RETURNING id, warehouse_id AS w, variant_id AS v, total
), born AS MATERIALIZED (
    SELECT t.key, c.id, c.total FROM created AS c JOIN target AS t ON t.w = c.w AND t.v = c.v
), ledger AS (
    INSERT INTO {MOVEMENT} ({MOVEMENT_COLUMNS})
    SELECT %(account)s, m.id, 'total', m.change, m.resulting, %(trigger)s, %(reference)s,
        %(reason)s, %(actor)s, %(actor_label)s, %(now)s
    FROM (
        SELECT key, id, change, resulting FROM changed
        UNION ALL
        SELECT key, id, total, total FROM born WHERE total <> 0
    ) AS m
    ORDER BY m.key
)
SELECT
    ARRAY(SELECT key FROM changed),
    ARRAY(SELECT key FROM born),
    ARRAY(
        SELECT t.key FROM target AS t
        WHERE NOT EXISTS (SELECT FROM locked AS k WHERE k.w = t.w AND k.v = t.v)
        AND NOT EXISTS (SELECT FROM born AS b WHERE b.key = t.key)
    ),
    -- parallel to the key arrays: every scan of a data-modifying CTE reads its stored rows in
    -- one order (the changes of Available, for inventory.changes.recorded)
    ARRAY(SELECT change FROM changed),
    ARRAY(SELECT total FROM born)
"""


@dataclass(frozen=True)
class Ledger:
    """What every ledger row of a batch shares."""

    account_id: int
    trigger: str
    reference: str
    reason: str
    actor_id: int | None
    actor_label: str
    now: datetime


@dataclass
class Written:
    """The keys of the rows whose level was created, and of those whose existing total changed
    (the other rows were unchanged); ``deltas``: key → the change of each changed or created
    level's total (so of its Available quantity), for ``inventory.changes.recorded``."""

    created: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    deltas: dict[int, int] = field(default_factory=dict)


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


def write_levels(targets: Sequence[Target], ledger: Ledger) -> Written:
    """Set the totals of ``targets`` (distinct levels), creating the missing levels, and write a
    ledger row for each level whose total changes (a created level from 0). Runs in the caller's
    transaction (one is opened when there is none)."""
    if not targets:
        return Written()
    with transaction.atomic(savepoint=False):
        if _postgres():
            written = _write_postgresql(targets, ledger)
        else:
            written = _write_stepwise(targets, ledger)
        _tell_listeners(targets, ledger, written.deltas)
        return written


def _tell_listeners(targets: Sequence[Target], ledger: Ledger, deltas: dict[int, int]) -> None:
    """``inventory.changes.recorded`` with the levels whose total changed, in this transaction
    (the inventory sync outbox is written with the change: docs/adr/0004)."""
    if not deltas:
        return
    pairs, changes = [], []
    for key, w, v, _ in targets:
        change = deltas.get(key)
        if change:
            pairs.append((v, w))
            changes.append(change)
    recorded(LevelChanges(ledger.account_id, ledger.trigger, pairs, changes))


def _write_postgresql(targets: Sequence[Target], ledger: Ledger) -> Written:
    params = {
        "account": ledger.account_id,
        "trigger": ledger.trigger,
        "reference": ledger.reference,
        "reason": ledger.reason,
        "actor": ledger.actor_id,
        "actor_label": ledger.actor_label,
        "now": connection.ops.adapt_datetimefield_value(ledger.now),
    }
    written = Written()
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (key integer, warehouse_id bigint, "
            "variant_id bigint, total bigint) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY pg_temp.{STAGE} FROM STDIN") as copy:
            copy.write("".join(f"{k}\t{w}\t{v}\t{t}\n" for k, w, v, t in targets))
        while True:
            cursor.execute(WRITE, params)
            changed, created, raced, changes, totals = cursor.fetchone()
            written.changed.update(changed)
            written.created.update(created)
            written.deltas.update(zip(changed, changes, strict=True))
            written.deltas.update(
                (key, total) for key, total in zip(created, totals, strict=True) if total
            )
            if not raced:
                return written
            # Levels a concurrent writer created after this statement began: write them again,
            # now that they exist (the next statement finds and locks them).
            cursor.execute(
                f"DELETE FROM pg_temp.{STAGE} WHERE NOT (key = ANY(%s::integer[]))", [ints(raced)]
            )


def _write_stepwise(targets: Sequence[Target], ledger: Ledger) -> Written:
    """Lock, create, update, ledger: one batched statement per step (SQLite)."""
    pairs = [(w, v) for _, w, v, _ in targets]
    existing = lock_levels(pairs)
    missing = [(w, v, t) for _, w, v, t in targets if (w, v) not in existing]
    created = insert_levels(ledger.account_id, missing, ledger.now)
    existing.update(lock_levels([(w, v) for w, v, _ in missing if (w, v) not in created]))
    written, totals, movements = Written(), [], []
    for key, w, v, total in targets:
        if (w, v) in created:
            before, level_id = 0, created[w, v]
            written.created.add(key)
        else:
            level_id, before = existing[w, v]
            if before != total:
                totals.append((level_id, total))
                written.changed.add(key)
        if before != total:
            movements.append((level_id, total - before, total))
            written.deltas[key] = total - before
    update_totals(totals, ledger.now)
    insert_movements(
        movements,
        account_id=ledger.account_id,
        trigger=ledger.trigger,
        reference=ledger.reference,
        reason=ledger.reason,
        actor_id=ledger.actor_id,
        actor_label=ledger.actor_label,
        now=ledger.now,
    )
    return written
