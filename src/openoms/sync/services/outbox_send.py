"""Sending one committed ``PushBatch`` and completing it (docs/adr/0004 decisions 5 and 6).

The batch goes out with its own key (``set_quantities`` / ``adjust_quantities``, compare-and-set
with the values ``ListingState`` knows). On an answer, in one transaction: each row whose
``version`` is the one sent is deleted; a row that changed meanwhile keeps ``delta - sent``
(a full stays full) and is due again; ``ListingState`` learns what the listings hold now; the
batch is deleted. A batch completed twice (sent again by a recovering run) is completed once.

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
from openoms.connectors.shopify.inventory import STALE, QuantityDelta, QuantitySet
from openoms.sync.models import ListingState, PendingPush, PushBatch, PushKind
from openoms.sync.services.outbox_batches import DrainState

MAX_DELAY = 900  # seconds: the longest wait between two attempts of a row


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
    stale = [not result.applied and result.code == STALE for result in results]
    batch_complete(state, batch, [bool(result.applied) for result in results], stale)
    return True


def batch_complete(
    state: DrainState, batch: PushBatch, applied: list[bool], stale: list[bool] | None = None
) -> None:
    """Apply the answer (see the module) in one transaction; nothing if already completed.
    ``stale``: the entries the channel kept refusing because its quantity kept changing under
    the compare; their rows stay, as fulls (absolute: safe to send again even where a sibling
    listing took the delta), due after their backoff — never dropped, never applied twice."""
    now = timezone.now()
    with transaction.atomic():
        if not PushBatch.objects.select_for_update().filter(pk=batch.pk).exists():
            return
        entries = batch.payload
        _states_update(state, batch.kind, entries, applied, now)
        sent = {}
        for entry in entries:
            sent[entry["row"]] = (entry["version"], entry["value"])
        retry = {e["row"] for e, hot in zip(entries, stale or [], strict=False) if hot}
        rows = PendingPush.objects.select_for_update().filter(pk__in=list(sent))
        done, changed = [], []
        for row in rows:
            version, value = sent[row.pk]
            if row.pk in retry:
                row.full, row.delta, row.batch, row.attempts = True, 0, None, row.attempts + 1
                row.next_attempt_at = now + retry_delay(row.attempts)
                row.last_error = KEPT_CHANGING
                row.updated_at = now
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
    state.counts["failed"] += len(sent) - rows_sent


def _states_update(state: DrainState, kind: str, entries: list, applied: list[bool], now) -> None:
    """What each listing holds now: the value set, or the compare plus the delta (unknown when
    the compare was); a refused entry's error (the connector reported it as a Warning)."""
    rows = []
    for entry, ok in zip(entries, applied, strict=True):
        if kind == PushKind.SET:
            value = entry["value"]
        else:
            value = None if entry["compare"] is None else entry["compare"] + entry["value"]
        rows.append(
            ListingState(
                account_id=state.channel.account_id,
                channel=state.channel,
                listing_ref=entry["listing"],
                channel_sku=entry["sku"],
                location=entry["location"],
                known=value if ok else entry["compare"],
                last_sent=value if ok else None,
                last_sent_at=now if ok else None,
                last_error="" if ok else "Refused by the channel.",
                last_error_at=None if ok else now,
            )
        )
    ok_rows = [r for r, ok in zip(rows, applied, strict=True) if ok]
    bad_rows = [r for r, ok in zip(rows, applied, strict=True) if not ok]
    unique = ["channel", "listing_ref", "location"]
    if ok_rows:
        ListingState.objects.bulk_create(
            ok_rows,
            update_conflicts=True,
            unique_fields=unique,
            update_fields=["channel_sku", "known", "last_sent", "last_sent_at", "last_error"],
        )
    if bad_rows:
        ListingState.objects.bulk_create(
            bad_rows,
            update_conflicts=True,
            unique_fields=unique,
            update_fields=["channel_sku", "last_error", "last_error_at"],
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
