# ruff: noqa: S608 -- table names come from the models' Meta; every value is a bound parameter.
"""The set-based writes of the ``C_SKU_Mappings.csv`` import: one batch of checked rows in, counts out.

PostgreSQL: the batch is ``COPY``-ed into a temporary staging table (dropped at commit); then one
statement looks up each row's variant and current mapping (one index probe each: a lateral join,
so the cost follows the batch, never the size of the catalog or of the channel, and never hinges
on table statistics a large import has just made stale), leaves rows already pointing at their
variant alone (no write, no row lock: a re-imported export is read-only), upserts the others on
``(channel_id, channel_sku)`` in Channel SKU order, and hands back the created and updated counts
(``xmax = 0`` marks an insert) with the rows whose SKU is unknown. SQLite (the embedded default,
one writer at a time): the SKUs and current mappings are read in chunks, the changed rows written
with one ``executemany`` upsert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping

MAPPING = SkuMapping._meta.db_table
VARIANT = ProductVariant._meta.db_table
STAGE = "sku_mapping_stage"
SQLITE_CHUNK = 900  # SQLite's bound-parameter limit on older builds is 999
WORK_MEM = "32MB"  # a batch's sort stays in memory

Pair = Sequence[str]  # (OpenOMS SKU, channel SKU) of a row that passed the checks

UPSERT = f"""
WITH staged AS MATERIALIZED (
    SELECT s.sku, s.channel_sku, v.id AS variant_id, mapped.variant_id AS current_id
    FROM pg_temp.{STAGE} AS s
    LEFT JOIN LATERAL (
        SELECT id FROM {VARIANT} WHERE account_id = %(account)s AND sku = s.sku LIMIT 1
    ) AS v ON true
    LEFT JOIN LATERAL (
        SELECT variant_id FROM {MAPPING}
        WHERE channel_id = %(channel)s AND channel_sku = s.channel_sku LIMIT 1
    ) AS mapped ON true
), written AS (
    INSERT INTO {MAPPING} AS m
        (account_id, channel_id, channel_sku, variant_id, created_at, updated_at)
    SELECT %(account)s, %(channel)s, channel_sku, variant_id, %(now)s, %(now)s
    FROM staged
    WHERE variant_id IS NOT NULL AND current_id IS DISTINCT FROM variant_id
    ORDER BY channel_sku
    ON CONFLICT (channel_id, channel_sku) DO UPDATE
        SET variant_id = EXCLUDED.variant_id, updated_at = EXCLUDED.updated_at
        WHERE m.variant_id IS DISTINCT FROM EXCLUDED.variant_id
    RETURNING m.xmax = 0 AS created
)
SELECT
    (SELECT count(*) FROM written WHERE created),
    (SELECT count(*) FROM written WHERE NOT created),
    (SELECT coalesce(json_agg(json_build_array(sku, channel_sku)), '[]'::json)
     FROM staged WHERE variant_id IS NULL)
"""


@dataclass
class Upserted:
    """What a batch's write did: mappings created and repointed, and the (SKU, channel SKU) of
    rows whose OpenOMS SKU is not one of the account's (those rows changed nothing)."""

    created: int = 0
    updated: int = 0
    unknown: list[tuple[str, str]] = field(default_factory=list)


def upsert_mappings(channel: Channel, rows: Sequence[Pair], now: datetime) -> Upserted:
    """Create or repoint the mappings of ``rows`` (distinct channel SKUs) on ``channel``.

    Runs inside the caller's transaction (one per batch).
    """
    if not rows:
        return Upserted()
    stamp = connection.ops.adapt_datetimefield_value(now)
    if connection.vendor == "postgresql":
        return _upsert_postgresql(channel, rows, stamp)
    return _upsert_sqlite(channel, rows, stamp)


def _upsert_postgresql(channel: Channel, rows: Sequence[Pair], stamp) -> Upserted:
    params = {"account": channel.account_id, "channel": channel.pk, "now": stamp}
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (sku text, channel_sku text) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY pg_temp.{STAGE} FROM STDIN") as copy:
            copy.write(copy_text(rows))
        cursor.execute(UPSERT, params)
        created, updated, unknown = cursor.fetchone()
    return Upserted(created, updated, [(sku, channel_sku) for sku, channel_sku in unknown])


def copy_text(rows: Sequence[Pair]) -> str:
    """The rows in COPY's text format, built in one pass. The checks refused tabs, line breaks
    and every other control character, so doubling backslashes is the only escaping left."""
    text = "\n".join(map("\t".join, rows)) + "\n"
    return text.replace("\\", "\\\\") if "\\" in text else text


def _upsert_sqlite(channel: Channel, rows: Sequence[Pair], stamp) -> Upserted:
    variants = _variant_ids(channel.account_id, {sku for sku, _ in rows})
    current = _current_variants(channel.pk, [channel_sku for _, channel_sku in rows])
    result, changed = Upserted(), []
    for sku, channel_sku in rows:
        variant_id = variants.get(sku)
        if variant_id is None:
            result.unknown.append((sku, channel_sku))
            continue
        before = current.get(channel_sku)
        if before == variant_id:
            continue
        result.created += before is None
        result.updated += before is not None
        changed.append((channel.account_id, channel.pk, channel_sku, variant_id, stamp, stamp))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {MAPPING} "
            "(account_id, channel_id, channel_sku, variant_id, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (channel_id, channel_sku) DO UPDATE "
            "SET variant_id = excluded.variant_id, updated_at = excluded.updated_at "
            f"WHERE {MAPPING}.variant_id IS NOT excluded.variant_id",
            changed,
        )
    return result


def _variant_ids(account_id: int, skus: set[str]) -> dict[str, int]:
    wanted, found = sorted(skus), {}
    for start in range(0, len(wanted), SQLITE_CHUNK):
        chunk = wanted[start : start + SQLITE_CHUNK]
        variants = ProductVariant.objects.filter(account_id=account_id, sku__in=chunk)
        found.update(variants.values_list("sku", "id"))
    return found


def _current_variants(channel_id: int, channel_skus: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(channel_skus), SQLITE_CHUNK):
        chunk = channel_skus[start : start + SQLITE_CHUNK]
        mappings = SkuMapping.objects.filter(channel_id=channel_id, channel_sku__in=chunk)
        found.update(mappings.values_list("channel_sku", "variant_id"))
    return found
