"""Building the outbox's batches (docs/adr/0004 decisions 3, 5, 6): claim due rows of one kind,
expand each (channel SKU, location) to the channel's listings of that SKU, compute a full's value
from Available now, take the compare from ``ListingState``, and commit the ``PushBatch`` — with
its idempotency key — before anything is sent.

A row that can never be sent is dropped with a Warning naming its SKU and location: its
location is no longer mapped or names no location of the store, or the channel lists no item
with that SKU; a duplicate SKU (two listings) is skipped with one Warning per SKU and run when
the channel's *Update Duplicate SKUs* is No.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from openoms.channels.models import Channel
from openoms.sync.models import ChannelListing, ListingState, PendingPush, PushBatch, PushKind
from openoms.sync.services.outbox_levels import available

MAX_ENTRIES = 250  # Shopify's input limit per quantity mutation


@dataclass
class DrainState:
    """What one drain of one channel knows and has counted: its locations, the store's location
    refs, the coalescing ``window`` (none: whatever is due goes), the SKUs already warned
    about, and the counts of the run."""

    channel: Channel
    run_id: int
    locations: dict[str, list[int]]
    location_refs: dict[str, str | None]
    skip_unchanged: bool = False
    window: timedelta = timedelta(0)
    warned: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("sent", "unchanged", "skipped", "failed"), 0)
    )


def due_rows(channel: Channel):
    """The channel's rows waiting to be claimed (not in flight, not waiting out a backoff)."""
    now = timezone.now()
    return PendingPush.objects.filter(channel=channel, batch__isnull=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def coalescing_window() -> timedelta:
    """How long a change may wait for the changes after it (``OPENOMS_PUSH_WINDOW_SECONDS``)."""
    return timedelta(seconds=max(getattr(settings, "OPENOMS_PUSH_WINDOW_SECONDS", 0), 0))


def ripe_at(channel: Channel, window: timedelta) -> datetime | None:
    """When the channel's due rows should be sent: at once when a full batch is due, else when
    the oldest has waited ``window``; None when no row is due."""
    due = due_rows(channel)
    if not window or due[MAX_ENTRIES - 1 : MAX_ENTRIES].exists():
        return timezone.now() if due.exists() else None
    oldest = due.aggregate(at=Min("first_queued_at"))["at"]
    return None if oldest is None else max(oldest + window, timezone.now())


def batch_claim(state: DrainState, kind: str, size: int) -> PushBatch | None:
    """Claim up to ``size`` entries' worth of due rows of ``kind`` into a committed batch; None
    when none is due, or when fewer than ``size`` are and the oldest has not waited the
    state's window yet (the changes after it join the batch). Rows that cannot be sent are
    dropped (or, unchanged fulls, counted)."""
    with transaction.atomic():
        rows = (
            due_rows(state.channel)
            .filter(full=kind == PushKind.SET)
            .order_by("first_queued_at", "id")
            .select_for_update(skip_locked=True, of=("self",))
        )
        while True:
            claimed = list(rows[: max(size, 1)])
            if not claimed or _unripe(state, claimed, size):
                return None
            entries, taken, done = _entries(state, kind, claimed, size)
            if done:
                PendingPush.objects.filter(pk__in=done).delete()
            if entries:
                batch = PushBatch.objects.create(
                    account_id=state.channel.account_id,
                    channel=state.channel,
                    key=f"r{state.run_id}.{uuid.uuid4().hex}",
                    kind=kind,
                    payload=entries,
                )
                PendingPush.objects.filter(pk__in=taken).update(batch=batch)
                return batch


def _unripe(state: DrainState, claimed: list[PendingPush], size: int) -> bool:
    """Too few rows for a full batch, the oldest younger than the window."""
    if not state.window or len(claimed) >= size:
        return False
    return claimed[0].first_queued_at > timezone.now() - state.window


def _entries(state: DrainState, kind: str, rows: list[PendingPush], size: int):
    """(payload entries, ids of the rows they cover, ids of rows to drop) for ``rows``, at most
    ``size`` entries (a row's listings are never split across batches)."""
    skus = {row.channel_sku for row in rows}
    listings: dict[str, list[str]] = defaultdict(list)
    found = ChannelListing.objects.filter(channel=state.channel, channel_sku__in=skus)
    for sku, ref in found.order_by("listing_ref").values_list("channel_sku", "listing_ref"):
        listings[sku].append(ref)
    known = _known(state.channel, skus)
    values = {}
    if kind == PushKind.SET:
        pairs = {(row.channel_sku, row.location) for row in rows}
        values = available(state.channel, pairs, state.locations)
    entries, taken, done = [], [], []
    for row in rows:
        refs = _sendable(state, row, listings.get(row.channel_sku, []))
        if refs is None:
            done.append(row.pk)
            continue
        if kind == PushKind.ADJUST and row.delta == 0:
            done.append(row.pk)
            state.counts["unchanged"] += 1
            continue
        value = (
            values.get((row.channel_sku, row.location), 0) if kind == PushKind.SET else row.delta
        )
        if state.skip_unchanged and all(known.get((ref, row.location)) == value for ref in refs):
            done.append(row.pk)
            state.counts["unchanged"] += 1
            continue
        if entries and len(entries) + len(refs) > size:
            break
        taken.append(row.pk)
        for ref in refs:
            entries.append(
                {
                    "row": row.pk,
                    "version": row.version,
                    "sku": row.channel_sku,
                    "location": row.location,
                    "location_ref": state.location_refs[row.location],
                    "listing": ref,
                    "value": value,
                    "compare": known.get((ref, row.location)),
                }
            )
    return entries, taken, done


def _sendable(state: DrainState, row: PendingPush, refs: list[str]) -> list[str] | None:
    """The listings ``row`` goes to, or None (with a Warning) when it can never be sent."""
    where = f"{row.channel_sku} at {row.location}"
    name = state.channel.name
    if row.location not in state.locations:
        return _drop(state, f"{where} was not sent to {name}: the location is not mapped.")
    if state.location_refs.get(row.location) is None:
        return _drop(
            state, f"{where} was not sent to {name}: the location is not one of the store's."
        )
    if not refs:
        return _drop(
            state, f"{where} was not sent to {name}: the channel lists no item with this SKU."
        )
    if len(refs) > 1 and not state.channel.update_duplicate_skus:
        state.counts["skipped"] += 1
        if row.channel_sku not in state.warned:
            state.warned.add(row.channel_sku)
            state.warnings.append(
                f"{row.channel_sku} is listed {len(refs)} times on {name}: its quantity was not "
                "sent (Update Duplicate SKUs is No)."
            )
        return None
    return refs


def _drop(state: DrainState, message: str) -> None:
    state.counts["skipped"] += 1
    state.warnings.append(message)
    return None


def _known(channel: Channel, skus: set[str]) -> dict[tuple[str, str], int | None]:
    """(listing, location) → the value OpenOMS last sent or read there."""
    rows = ListingState.objects.filter(channel=channel, channel_sku__in=skus)
    return {
        (ref, loc): known
        for ref, loc, known in rows.values_list("listing_ref", "location", "known")
    }
