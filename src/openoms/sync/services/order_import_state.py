"""What one Import Orders run of a channel keeps track of: the counts of its summary, and the
channel's ``OrderImportState`` (the orders waiting, those cancelled before import, the cursor).

A waiting order's reason is recorded as one Error event on the channel, naming the order and
its unknown SKUs; while the reason stays the same it is not recorded again (each run retries
the order). An order imported, or cancelled in the channel, is no longer waiting.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.events import channel_event
from openoms.channels.models import Channel
from openoms.orders.events import order_event
from openoms.sync.models import OrderImportState
from openoms.sync.services.order_batch import OrderBatch
from openoms.sync.services.order_import import Imported, ImportResult, orders_import
from openoms.sync.services.order_payload import IncomingOrder
from openoms.tenancy.actor import Actor

log = logging.getLogger(__name__)
CANCELLED_KEY = "cancelled"  # waiting[...] entries of orders cancelled before their import
FORGET_CANCELLED_AFTER = timedelta(days=30)


def iso(moment: datetime) -> str:
    """A time as the state keeps it: UTC, to the microsecond (so text order is time order)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def import_state(channel: Channel) -> OrderImportState:
    """The channel's order import state, created at its first run."""
    state, _ = OrderImportState.objects.get_or_create(channel=channel)
    return state


@dataclass
class ImportTally:
    """The run's counts and the channel's state, updated order by order; ``save`` stores the
    state (waiting orders, cursor)."""

    channel: Channel
    actor: Actor
    state: OrderImportState
    counts: Counter = field(default_factory=Counter)
    inbox_seen: int = 0  # the last delivery id this run took from the inbox

    def cancelled_before(self, incoming: IncomingOrder) -> bool:
        """True when this is an older copy of an order seen cancelled before its import (a
        late ``orders/create`` after its ``orders/updated`` with the cancellation)."""
        seen = self.state.waiting.get(incoming.order.ref) or {}
        if not seen.get(CANCELLED_KEY):
            return False
        return iso(incoming.order.updated_at) <= seen["updated_at"]

    def import_one(self, incoming: IncomingOrder, batch: OrderBatch | None = None) -> ImportResult:
        """``import_many`` of one order."""
        [result] = self.import_many([incoming], batch)
        return result

    def import_many(
        self, incomings: Sequence[IncomingOrder], batch: OrderBatch | None = None
    ) -> list[ImportResult]:
        """Import ``incomings`` together (``orders_import``; ``batch``: what was read for the
        batch they come in) and record what became of each. An unexpected failure of several
        imports them one by one; of one, keeps it waiting with the reason (logged), so one bad
        order never stops the others: it is tried again on the next run."""
        results: list[ImportResult | None] = [
            ImportResult(Imported.CANCELLED_BEFORE) if self.cancelled_before(i) else None
            for i in incomings
        ]
        todo = [(n, i) for n, i in enumerate(incomings) if results[n] is None]
        if todo:
            for (n, _), result in zip(
                todo, self._imported([i for _, i in todo], batch), strict=True
            ):
                results[n] = result
        for incoming, result in zip(incomings, results, strict=True):
            self.record(incoming, result)
        return results  # type: ignore[return-value]  (each is set)

    def _imported(self, incomings: list[IncomingOrder], batch) -> list[ImportResult]:
        try:
            return orders_import(
                actor=self.actor, channel=self.channel, incomings=incomings, batch=batch
            )
        except Exception as exc:
            if len(incomings) > 1:
                return [r for one in incomings for r in self._imported([one], batch)]
            [incoming] = incomings
            log.exception("Order %s of channel %s", incoming.order.ref, self.channel.pk)
            reason = (
                f"Order {incoming.order.number} of {self.channel.name} could not be "
                f"imported ({type(exc).__name__}: {exc}); it is tried again on the next run."
            )
            return [ImportResult(Imported.WAITING, reason=reason[:480])]

    def record(self, incoming: IncomingOrder, result: ImportResult) -> None:
        order, waiting = incoming.order, self.state.waiting
        self.counts[result.outcome.value] += 1
        if result.outcome == Imported.WAITING:
            self._waiting(incoming, result)
        elif result.outcome == Imported.CANCELLED_BEFORE:
            waiting[order.ref] = {
                "number": order.number,
                "updated_at": iso(order.updated_at),
                CANCELLED_KEY: True,
            }
        else:
            waiting.pop(order.ref, None)
        if result.outcome == Imported.NOT_CANCELLED and result.order is not None:
            message = f"{self.channel.name} cancelled order {order.number}: {result.reason}"
            order_event(result.order, EventLevel.WARNING, message, self.actor)

    def _waiting(self, incoming: IncomingOrder, result: ImportResult) -> None:
        order = incoming.order
        before = self.state.waiting.get(order.ref) or {}
        self.state.waiting[order.ref] = {
            "number": order.number,
            "updated_at": min(before.get("updated_at") or "9999", iso(order.updated_at)),
            "reason": result.reason,
            "skus": list(result.unknown_skus),
        }
        if before.get("reason") != result.reason:
            channel_event(self.channel, EventLevel.ERROR, result.reason, self.actor.label)

    def oldest_waiting(self) -> datetime | None:
        """When the oldest order still waiting changed (the poll never starts after it)."""
        times = [
            datetime.fromisoformat(entry["updated_at"])
            for entry in self.state.waiting.values()
            if not entry.get(CANCELLED_KEY)
        ]
        return min(times) if times else None

    def save(self) -> None:
        horizon = iso(timezone.now() - FORGET_CANCELLED_AFTER)
        self.state.waiting = {
            ref: entry
            for ref, entry in self.state.waiting.items()
            if not entry.get(CANCELLED_KEY) or entry["updated_at"] >= horizon
        }
        with transaction.atomic():
            self.state.save(update_fields=["cursor", "waiting", "webhooks_url", "webhooks_at"])

    def summary(self) -> str:
        c = self.counts
        parts = [
            f"{c[Imported.IMPORTED.value]} imported",
            f"{c[Imported.ALREADY.value]} already imported",
        ]
        entries = [e for e in self.state.waiting.values() if not e.get(CANCELLED_KEY)]
        if mapping := sum(1 for e in entries if e.get("skus")):
            parts.append(f"{mapping} waiting for a SKU mapping")
        if other := sum(1 for e in entries if not e.get("skus")):
            parts.append(f"{other} waiting for a fix (see the Error events)")
        for outcome in (Imported.CANCELLED, Imported.NOT_CANCELLED, Imported.CANCELLED_BEFORE):
            if c[outcome.value]:
                parts.append(f"{c[outcome.value]} {outcome.value}")
        if c["failed"]:
            parts.append(f"{c['failed']} webhook deliveries not usable")
        return f"Import Orders from {self.channel.name}: {', '.join(parts)}."
