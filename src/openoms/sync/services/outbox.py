# ruff: noqa: S608 -- the table name comes from the model's Meta; every value is bound.
"""The inventory sync outbox, written with the level change (docs/adr/0004 decisions 1, 2, 4, 9).

``outbox_record`` is the listener of ``inventory.changes`` (registered by ``SyncConfig.ready``):
in the level write's transaction it asks the trigger table what each enabled sales channel with
a warehouse mapping must receive (by its mode; a stable channel by the account's *Enable
Inventory Real-Time Updates*), translates the changed (variant, warehouse) levels to (channel
SKU, location) rows and upserts them in one statement: a delta adds to the row's delta, a full
sets ``full``, every change bumps ``version`` (the drain's compare at completion). Then the
channel's *Push Inventory Updates* run is queued unless one is already queued or running.

``outbox_enqueue_full`` (the Sales Channel Manual Sync, reconciliation) and ``outbox_catch_up``
(turning sending on: what changed while it was off) enqueue fulls the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun, RecurringJob
from openoms.channels.models import Channel, ChannelType, SkuMapping
from openoms.core.read_memo import memoized, memoized_each
from openoms.inventory.changes import LevelChanges
from openoms.inventory.services.level_sql import ints, texts
from openoms.sync.models import ListingState, PendingPush
from openoms.sync.services.outbox_batches import coalescing_window
from openoms.sync.services.outbox_levels import available, channel_locations, channel_skus
from openoms.sync.services.work_queue import channel_job, work_queue, work_run_queue
from openoms.sync.trigger_table import Send, column_of, send_for

PUSH = JobType.PUSH_INVENTORY_UPDATES
QUEUED_BY = "Inventory changes"
TABLE = PendingPush._meta.db_table
CHUNK = 500
Key = tuple[int, str, str]  # (channel id, channel SKU, location)

UPSERT_TAIL = f"""
ON CONFLICT (channel_id, channel_sku, location) DO UPDATE SET
    delta = {TABLE}.delta + excluded.delta,
    "full" = {TABLE}."full" OR excluded."full",
    version = {TABLE}.version + 1,
    updated_at = excluded.updated_at
"""
COLUMNS = (
    'account_id, channel_id, channel_sku, location, delta, "full", version, first_queued_at, '
    "updated_at, attempts, last_error"
)


def outbox_record(changes: LevelChanges) -> None:
    """The listener: enqueue what ``changes`` sends to each sales channel (see the module)."""
    sends = _sending_channels(changes)
    if not sends:
        return
    locations = _locations(tuple(sorted(sends)))
    by_warehouse: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for channel_id, places in locations.items():
        for location, warehouse_ids in places.items():
            for warehouse_id in warehouse_ids:
                by_warehouse[warehouse_id].append((channel_id, location))
    variant_ids = sorted({v for (v, w) in changes.pairs if w in by_warehouse})
    skus = _mapped_skus(list(locations), variant_ids)
    rows: dict[Key, list] = {}
    for (variant_id, warehouse_id), delta in zip(changes.pairs, changes.deltas, strict=True):
        for channel_id, location in by_warehouse.get(warehouse_id, ()):
            full = sends[channel_id] == Send.FULL
            for sku in skus.get((channel_id, variant_id), ()):
                row = rows.setdefault((channel_id, sku, location), [0, full])
                row[0] += delta
    rows = {key: row for key, row in rows.items() if row[1] or row[0]}
    if rows:
        _upsert(changes.account_id, rows)
        outbox_drain_queue({channel_id for channel_id, _, _ in rows})


def _sending_channels(changes: LevelChanges) -> dict[int, Send]:
    """Channel id → what it receives (delta or full) for the enabled sales channels of the
    account that have a warehouse mapping and whose column sends something for the trigger."""
    found = {}
    for channel_id, column in _columns(changes.account_id):
        same = channel_id == changes.source_channel_id
        send = send_for(changes.trigger, column, same_channel=same) if column else Send.NONE
        if send != Send.NONE:
            found[channel_id] = send
    return found


@memoized
def _columns(account_id: int) -> tuple[tuple[int, str | None], ...]:
    """(channel id, its trigger-table column) of the account's enabled sales channels that have
    a warehouse mapping (once per batch in a ``read_memo`` block)."""
    channels = Channel.objects.filter(
        account_id=account_id,
        type=ChannelType.SALES,
        is_enabled=True,
        warehouse_mappings__isnull=False,
    ).distinct()
    return tuple((channel.pk, column_of(channel)) for channel in channels.select_related("account"))


@memoized
def _locations(channel_ids: tuple[int, ...]) -> dict[int, dict[str, list[int]]]:
    """``channel_locations`` of the sending channels (once per batch in a ``read_memo``)."""
    return channel_locations(channel_ids)


def _mapped_skus(channel_ids: list[int], variant_ids: list[int]) -> dict[tuple[int, int], list]:
    """(channel id, variant id) → its channel SKUs."""
    by_variant = _variant_skus(tuple(channel_ids), keys=variant_ids)
    return {
        (channel_id, variant_id): skus
        for variant_id, channels in by_variant.items()
        for channel_id, skus in channels.items()
    }


@memoized_each
def _variant_skus(channel_ids: tuple[int, ...], variant_ids: list[int]) -> dict[int, dict]:
    """Variant id → {channel id: its channel SKUs} (each variant read once per batch in a
    ``read_memo`` block, like the channels' columns and locations)."""
    found: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for start in range(0, len(variant_ids), CHUNK):
        rows = SkuMapping.objects.filter(
            channel_id__in=channel_ids, variant_id__in=variant_ids[start : start + CHUNK]
        ).values_list("channel_id", "variant_id", "channel_sku")
        for channel_id, variant_id, sku in rows:
            found[variant_id][channel_id].append(sku)
    return found


def _upsert(account_id: int, rows: dict[Key, list]) -> None:
    """Insert or coalesce the rows, in key order (concurrent writers lock rows in one order)."""
    keys = sorted(rows)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {TABLE} ({COLUMNS}) SELECT %s, k.c, k.s, k.l, k.d, k.f, 1, %s, "
                "%s, 0, '' FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[], "
                f"%s::boolean[]) AS k(c, s, l, d, f) {UPSERT_TAIL}",
                [
                    account_id,
                    now,
                    now,
                    ints(k[0] for k in keys),
                    texts(k[1] for k in keys),
                    texts(k[2] for k in keys),
                    ints(rows[k][0] for k in keys),
                    "{" + ",".join("t" if rows[k][1] else "f" for k in keys) + "}",
                ],
            )
            return
        cursor.executemany(
            f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, 1, %s, %s, 0, '') "
            + UPSERT_TAIL,
            [(account_id, *k, rows[k][0], bool(rows[k][1]), now, now) for k in keys],
        )


def outbox_enqueue_full(
    channel: Channel,
    skus: Iterable[str] | None = None,
    *,
    pairs: Iterable[tuple[str, str]] | None = None,
    queue: bool = True,
) -> int:
    """Enqueue a full for each (channel SKU, location): every mapped SKU (or those of ``skus``)
    at every mapped location, or exactly ``pairs``; → how many rows. ``queue``: also queue the
    channel's Push Inventory Updates run (the manual sync drains in its own run instead)."""
    locations = channel_locations([channel.pk]).get(channel.pk, {})
    if pairs is None:
        mapped = channel_skus(channel, skus)
        pairs = [(sku, location) for sku in sorted(mapped) for location in sorted(locations)]
    wanted = {(channel.pk, sku, location): [0, True] for sku, location in pairs}
    if wanted:
        with transaction.atomic():
            _upsert(channel.account_id, wanted)
            if queue:
                outbox_drain_queue({channel.pk})
    return len(wanted)


def outbox_catch_up(channel: Channel) -> int:
    """Enqueue a full for every mapped (channel SKU, location) whose Available differs from what
    was last sent to one of its listings (or was never sent): what changed while sending was
    off (ADR decision 9). → how many rows."""
    locations = channel_locations([channel.pk]).get(channel.pk, {})
    mapped = channel_skus(channel)
    pairs = [(sku, location) for sku in mapped for location in locations]
    now = available(channel, pairs, locations)
    sent: dict[tuple[str, str], set] = defaultdict(set)
    states = ListingState.objects.filter(channel=channel).values_list(
        "channel_sku", "location", "last_sent"
    )
    for sku, location, last_sent in states:
        sent[sku, location].add(last_sent)
    differ = [pair for pair in pairs if sent.get(pair, {None}) != {now.get(pair)}]
    return outbox_enqueue_full(channel, pairs=sorted(differ)) if differ else 0


def outbox_discard(channel: Channel) -> int:
    """Forget what ``channel`` still had to receive and is not in flight (it stopped sending:
    *Do not Synchronize*); → how many rows. Nothing is lost: turning sending on again compares
    with what was last sent (``outbox_catch_up``)."""
    deleted, _ = PendingPush.objects.filter(channel=channel, batch__isnull=True).delete()
    return deleted


# -- queueing the drain ---------------------------------------------------------------------------
def push_job(channel: Channel) -> RecurringJob:
    """The Push Inventory Updates job that drains ``channel``: its own (beta) or the account's
    (stable); created when missing (channels made before the job type existed)."""
    return channel_job(channel, PUSH)


def outbox_drain_queue(channel_ids: Iterable[int]) -> None:
    """Make sure a Push Inventory Updates run comes for each channel (``work_queue``), due
    when the coalescing window ends."""
    window = coalescing_window()
    at = timezone.now() + window if window else None
    work_queue(channel_ids, PUSH, QUEUED_BY, run_after=at, enabled_only=False)


def push_run_queue(job: RecurringJob, channel: Channel, run_after=None) -> JobRun:
    """A run of ``job`` (the job row locked and idle, in the caller's transaction), its task
    due at ``run_after`` (now when None): for a drain that waits out a backoff or a window."""
    return work_run_queue(job, channel, QUEUED_BY, run_after)


def outbox_is_empty(channel: Channel) -> bool:
    """Nothing waits for ``channel``: no row pending, none in flight (tests wait on this)."""
    return not PendingPush.objects.filter(channel=channel).exists()
