"""Draining the inventory sync outbox: the *Push Inventory Updates* work, and the Sales Channel
Manual Sync of Export Inventory (docs/adr/0004 decisions 3, 4, 5, 8).

A drain of one channel: first the batches a stopped run left (a worker killed mid-call: their
key is sent again, so Shopify replays what it applied), then the listings are refreshed when a
due row's SKU is not known among them (a bulk read, free of the cost bucket), then batches of
fulls and of deltas are claimed, committed and sent until nothing is due; a failed call stops
the drain (its rows wait out their backoff). At the end the run frees its job itself and queues
the next run when rows remain: at once for rows that arrived meanwhile, at the end of the
backoff for rows that failed.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.automation.handlers import RunOutcome
from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.channels.events import channel_event
from openoms.channels.models import Channel
from openoms.connectors.base import InventoryUpdater
from openoms.core.errors import Conflict
from openoms.sync.models import ChannelListing, PendingPush, PushBatch, PushKind
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.outbox import (
    outbox_drain_queue,
    outbox_enqueue_full,
    push_job,
    push_run_queue,
)
from openoms.sync.services.outbox_batches import (
    MAX_ENTRIES,
    DrainState,
    batch_claim,
    coalescing_window,
    due_rows,
    ripe_at,
)
from openoms.sync.services.outbox_levels import channel_locations, known_levels_record
from openoms.sync.services.outbox_send import batch_send

PUSH_LABEL = "Push Inventory Updates"


def inventory_push(work: WorkContext) -> RunOutcome:
    """The Push Inventory Updates work: drain the channel's outbox, then free the job and queue
    the next run if rows remain."""
    updater: InventoryUpdater = work.connector
    state = drain_state(work.channel, updater, work.run.run.pk)
    state.window = coalescing_window()
    try:
        outbox_drain(state, updater)
    finally:
        _release(work.run.run, work.channel)
    counts = state.counts
    summary = (
        f"{PUSH_LABEL} to {work.channel.name}: {counts['sent']} sent, "
        f"{counts['skipped']} skipped, {counts['failed']} failed."
    )
    return RunOutcome(RunStatus.SUCCEEDED, dict(counts), summary)


def outbox_manual_sync(work: WorkContext) -> RunOutcome | None:
    """The Sales Channel Manual Sync of Export Inventory: the listings read from the channel,
    a full for every mapped SKU at every mapped location, drained in this run (a value the
    listing already holds is counted unchanged, not sent). None when the channel's connector
    cannot take quantities one by one (the caller pushes full values the old way)."""
    updater = work.connector
    if not isinstance(updater, InventoryUpdater):
        return None
    channel = work.channel
    state = drain_state(channel, updater, work.run.run.pk, skip_unchanged=True)
    if not state.locations:
        raise Conflict(
            f"{channel.name} has no warehouse mapping: map a warehouse to each of its locations "
            "under Warehouse Mappings. Nothing was exported."
        )
    listings_refresh(state, updater)
    outbox_enqueue_full(channel, queue=False)
    outbox_drain(state, updater)
    if due_rows(channel).exists():  # changes that came while their rows were in this run
        outbox_drain_queue({channel.pk})
    counts = state.counts
    summary = (
        f"Export Inventory to {channel.name}: {counts['sent']} sent, {counts['unchanged']} "
        f"unchanged, {counts['skipped']} skipped"
        + (f", {counts['failed']} failed." if counts["failed"] else ".")
    )
    return RunOutcome(RunStatus.SUCCEEDED, dict(counts), summary)


def drain_state(
    channel: Channel, updater: InventoryUpdater, run_id: int, *, skip_unchanged: bool = False
) -> DrainState:
    locations = channel_locations([channel.pk]).get(channel.pk, {})
    refs = {location: updater.location_ref(location) for location in locations}
    return DrainState(channel, run_id, locations, refs, skip_unchanged)


def outbox_drain(state: DrainState, updater: InventoryUpdater) -> None:
    """Send what is due for the channel (see the module); Warnings for dropped rows at the end."""
    try:
        if not _recover(state, updater):
            return
        if _unknown_skus(state.channel):
            listings_refresh(state, updater)
        size = max(1, min(MAX_ENTRIES, updater.push_capacity() or MAX_ENTRIES))
        for kind in (PushKind.SET, PushKind.ADJUST):
            while (batch := batch_claim(state, kind, size)) is not None:
                if not batch_send(state, updater, batch):
                    return
    finally:
        for message in state.warnings:
            channel_event(state.channel, EventLevel.WARNING, message, PUSH_LABEL)
        state.warnings.clear()


def _recover(state: DrainState, updater: InventoryUpdater) -> bool:
    """Send again the batches a stopped run left (same key), when their rows are due; → False
    when one failed again."""
    now = timezone.now()
    for batch in PushBatch.objects.filter(channel=state.channel).order_by("id"):
        if not _left_behind(batch, state.run_id):
            continue
        waiting = batch.rows.filter(next_attempt_at__gt=now).exists()
        if not waiting and not batch_send(state, updater, batch):
            return False
    return True


def _left_behind(batch: PushBatch, run_id: int) -> bool:
    """A batch of this run (an earlier attempt of it) or of a run that is no longer running."""
    head = batch.key.split(".", 1)[0]
    owner = int(head[1:]) if head[:1] == "r" and head[1:].isdigit() else None
    if owner is None or owner == run_id:
        return True
    return not JobRun.objects.filter(pk=owner, status=RunStatus.RUNNING).exists()


def _unknown_skus(channel: Channel) -> bool:
    """A due row names a SKU none of the channel's known listings has (or none is known)."""
    known = ChannelListing.objects.filter(channel=channel).values("channel_sku")
    return due_rows(channel).exclude(channel_sku__in=known).exists()


def listings_refresh(state: DrainState, updater: InventoryUpdater) -> int:
    """Read the channel's listings at its locations (``read_levels``) into ``ChannelListing``
    and what each holds into ``ListingState.known``; listings gone from the channel are
    removed. → how many listings."""
    channel, now = state.channel, timezone.now()
    levels = list(updater.read_levels(list(state.locations)))
    listings = {level.listing: level.sku for level in levels}
    with transaction.atomic():
        ChannelListing.objects.filter(channel=channel).exclude(listing_ref__in=listings).delete()
        ChannelListing.objects.bulk_create(
            [
                ChannelListing(
                    account_id=channel.account_id,
                    channel=channel,
                    listing_ref=ref,
                    channel_sku=sku,
                    refreshed_at=now,
                )
                for ref, sku in listings.items()
            ],
            update_conflicts=True,
            unique_fields=["channel", "listing_ref"],
            update_fields=["channel_sku", "refreshed_at"],
        )
        known_levels_record(channel, levels)
    return len(listings)


def _release(run: JobRun, channel: Channel) -> None:
    """Free the job of ``run`` (its last step), then queue the next run when rows remain: when
    the due ones are ripe (``ripe_at``: the coalescing window), else when the first backoff
    ends. A change committed after the job was freed queues its own run."""
    job = push_job(channel)
    with transaction.atomic():
        freed = RecurringJob.objects.filter(pk=job.pk, active_run_id=run.pk).update(
            active_run=None, last_run_at=run.started_at or timezone.now()
        )
    if not freed:
        return
    channels = [channel] if channel.is_beta else _stable_channels(channel)
    now, window = timezone.now(), coalescing_window()
    for target in channels:
        ripe = now if _recovery_due(target, now, run.pk) else ripe_at(target, window)
        waiting = PendingPush.objects.filter(channel=target, next_attempt_at__gt=now)
        later = waiting.aggregate(at=Min("next_attempt_at"))["at"]
        at = min((t for t in (ripe, later) if t is not None), default=None)
        if at is None:
            continue
        with transaction.atomic():
            locked = RecurringJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
            if locked.active_run_id is None:
                push_run_queue(locked, target, None if at <= now else at)
        return


def _recovery_due(channel: Channel, now, run_id: int) -> bool:
    """A batch a stopped run (or this ending one) left is waiting to be sent again, its rows'
    backoff over."""
    for batch in PushBatch.objects.filter(channel=channel):
        if _left_behind(batch, run_id) and not batch.rows.filter(next_attempt_at__gt=now).exists():
            return True
    return False


def _stable_channels(channel: Channel) -> list[Channel]:
    """The account's enabled stable sales channels, ``channel`` first (one account job)."""
    others = Channel.objects.filter(
        account_id=channel.account_id, is_beta=False, is_enabled=True, type=channel.type
    ).exclude(pk=channel.pk)
    return [channel, *others.order_by("pk")]
