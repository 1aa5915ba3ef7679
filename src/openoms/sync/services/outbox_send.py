"""Sending one committed ``PushBatch`` and completing it (docs/adr/0004 decisions 5 and 6).

The batch goes out with its own key (``set_quantities`` / ``adjust_quantities``, compare-and-set
with the values ``ListingState`` knows). On an answer, in one transaction: each row whose
``version`` is the one sent is deleted; a row that changed meanwhile keeps ``delta - sent``
(a full stays full) and is due again; ``ListingState`` learns what the listings hold now; the
batch is deleted. A batch completed twice (sent again by a recovering run) is completed once.

A stale compare (the channel's quantity changed under it) is handed back by the connector with
the value the channel holds now (``again``): never sent again under the batch's key (a recovering
run must send exactly what was sent), its row stays, due at once, and goes in a new batch — a new
key — compared with that value, up to ``AGAIN_AT_ONCE`` times; then it waits its backoff as a
full (a row whose sibling listing took the delta becomes a full at once: absolute, safe to send).

A failed call: every row of the batch counts an attempt and waits ``retry_delay(attempts)``
(``next_attempt_at``, ``last_error``), with one Warning for the batch. Adjustments keep their
batch — the same key is sent again, so a call whose answer was lost is never applied twice;
full values are absolute, so their batch is dropped and the rows rebuilt from Available then.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.events import channel_event
from openoms.connectors.base import ConnectorError, InventoryUpdater
from openoms.connectors.types import QuantityDelta, QuantityResult, QuantitySet
from openoms.sync.models import ListingState, PendingPush, PushBatch, PushKind
from openoms.sync.services.outbox_batches import DrainState

MAX_DELAY = 900  # seconds: the longest wait between two attempts of a row
AGAIN_AT_ONCE = 3  # stale compares sent again at once before the row waits its backoff
STALE = "CHANGE_FROM_QUANTITY_STALE"  # a connector that gave up on a stale compare itself
PREVIOUS_ATTEMPT_FAILED = "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"  # Shopify cannot replay the key


def retry_delay(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed attempts: the base, doubled each time, at most 15 min."""
    base = getattr(settings, "OPENOMS_PUSH_RETRY_SECONDS", 5)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), MAX_DELAY))


def batch_send(state: DrainState, updater: InventoryUpdater, batch: PushBatch) -> bool:
    """Send ``batch`` and complete it; → False when the call failed (the rows wait)."""
    PushBatch.objects.filter(pk=batch.pk).update(attempts=F("attempts") + 1, sent_at=timezone.now())
    entries = batch.payload
    try:
        if batch.kind == PushKind.SET:
            quantities = [
                QuantitySet(e["listing"], e["location_ref"], e["value"], e["compare"], e["sku"])
                for e in entries
            ]
            results = updater.set_quantities(quantities, key=batch.key)
        else:
            deltas = [
                QuantityDelta(e["listing"], e["location_ref"], e["value"], e["compare"], e["sku"])
                for e in entries
            ]
            results = updater.adjust_quantities(deltas, key=batch.key)
    except ConnectorError as exc:
        batch_failed(state, batch, exc.message)
        return False
    batch_complete(state, batch, results)
    return True


def batch_complete(state: DrainState, batch: PushBatch, results: list[QuantityResult]) -> None:
    """Apply the answer (see the module) in one transaction; nothing if already completed."""
    now = timezone.now()
    applied = [bool(result.applied) for result in results]
    with transaction.atomic():
        if not PushBatch.objects.select_for_update().filter(pk=batch.pk).exists():
            return
        entries = batch.payload
        _states_update(state, batch.kind, entries, results, now)
        sent = {}
        for entry in entries:
            sent[entry["row"]] = (entry["version"], entry["value"])
        again, took = _stale_rows(entries, results)
        rows = PendingPush.objects.select_for_update().filter(pk__in=list(sent))
        done, changed, at_once = [], [], 0
        for row in rows:
            version, value = sent[row.pk]
            if row.pk in again:
                at_once += _send_again(row, row.pk in took, now)
                changed.append(row)
                continue
            if row.version == version:
                done.append(row.pk)
                continue
            if batch.kind == PushKind.ADJUST:
                row.delta -= value
            row.batch, row.attempts, row.next_attempt_at, row.last_error = None, 0, None, ""
            row.updated_at = now
            changed.append(row)
        PendingPush.objects.filter(pk__in=done).delete()
        PendingPush.objects.bulk_update(
            changed,
            ["full", "delta", "batch", "attempts", "next_attempt_at", "last_error", "updated_at"],
        )
        PushBatch.objects.filter(pk=batch.pk).delete()
    rows_sent = len({entry["row"] for entry, ok in zip(entries, applied, strict=True) if ok})
    state.counts["sent"] += rows_sent
    state.counts["failed"] += len(sent) - rows_sent - at_once


def _stale_rows(entries: list, results: list[QuantityResult]) -> tuple[set[int], set[int]]:
    """(rows with an entry handed back, those of them to send again as a full value: an entry
    applied all the same, or one whose earlier attempt the channel could not replay — a later
    round of that lost attempt may have applied it, so only an absolute value is safe)."""
    again, took = set(), set()
    for entry, result in zip(entries, results, strict=True):
        if result.again or (not result.applied and result.code == STALE):
            again.add(entry["row"])
            if result.code == PREVIOUS_ATTEMPT_FAILED:
                took.add(entry["row"])
        elif result.applied:
            took.add(entry["row"])
    return again, took & again


def _send_again(row: PendingPush, took: bool, now) -> bool:
    """A row with a stale entry: due at once, unchanged, up to ``AGAIN_AT_ONCE`` times (→ True);
    a full (absolute) when a sibling listing took it; a full after its backoff when it kept
    changing (→ False)."""
    row.batch, row.attempts, row.updated_at = None, row.attempts + 1, now
    if took:
        row.full, row.delta = True, 0
    if row.attempts <= AGAIN_AT_ONCE:
        row.next_attempt_at, row.last_error = None, ""
        return True
    row.full, row.delta = True, 0
    row.next_attempt_at = now + retry_delay(row.attempts - AGAIN_AT_ONCE)
    row.last_error = KEPT_CHANGING
    return False


def _states_update(
    state: DrainState, kind: str, entries: list, results: list[QuantityResult], now
) -> None:
    """What each listing holds now: the value set, or the compare plus the delta (unknown when
    the compare was); for a stale entry the channel's value read back; a refused entry's error
    (the connector reported it as a Warning)."""
    sent, refused, stale = [], [], []
    for entry, result in zip(entries, results, strict=True):
        if result.again:
            stale.append(_listing_state(state, entry, known=result.current))
        elif not result.applied:
            refused.append(
                _listing_state(
                    state,
                    entry,
                    known=entry["compare"],
                    last_error="Refused by the channel.",
                    last_error_at=now,
                )
            )
        else:
            value = entry["value"]
            if kind == PushKind.ADJUST:
                value = None if entry["compare"] is None else entry["compare"] + value
            sent.append(
                _listing_state(state, entry, known=value, last_sent=value, last_sent_at=now)
            )
    for rows, fields in (
        (sent, ["known", "last_sent", "last_sent_at", "last_error"]),
        (refused, ["last_error", "last_error_at"]),
        (stale, ["known"]),
    ):
        if rows:
            ListingState.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["channel", "listing_ref", "location"],
                update_fields=["channel_sku", *fields],
            )


def _listing_state(state: DrainState, entry: dict, **values) -> ListingState:
    return ListingState(
        account_id=state.channel.account_id,
        channel=state.channel,
        listing_ref=entry["listing"],
        channel_sku=entry["sku"],
        location=entry["location"],
        **values,
    )


KEPT_CHANGING = (
    "The channel's quantity kept changing under the compare; sent again as a full value after "
    "the backoff."
)


def batch_failed(state: DrainState, batch: PushBatch, message: str) -> None:
    """The rows wait out their backoff with the error; one Warning for the batch."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(PendingPush.objects.select_for_update().filter(batch=batch))
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + retry_delay(row.attempts)
            row.last_error = message[:2000]
            if batch.kind == PushKind.SET:
                row.batch = None
        PendingPush.objects.bulk_update(
            rows, ["attempts", "next_attempt_at", "last_error", "batch"]
        )
        if batch.kind == PushKind.SET:
            PushBatch.objects.filter(pk=batch.pk).delete()
    attempts = max((row.attempts for row in rows), default=1)
    wait = int(retry_delay(attempts).total_seconds())
    state.counts["failed"] += len(rows)
    channel_event(
        state.channel,
        EventLevel.WARNING,
        f"{len(batch.payload)} inventory quantities could not be sent to {state.channel.name}: "
        f"{message} They are sent again in {wait} s (attempt {attempts}).",
        "Push Inventory Updates",
    )
