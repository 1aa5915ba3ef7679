"""The *Send Shipments* work: a fulfillment channel's shipments sent to it, and the
cancellations people asked for.

Every *Ready to send* shipment of the channel that is due (never tried, or its backoff over)
becomes a ``FulfillmentOrder`` (``shipment_orders``) sent with ``order_send``: the 3PL keeps
the shipment's number as its reference, so a send retried after a lost answer returns the same
order (``already_sent``), never a second one; either way the shipment is *Sent to Warehouse*
with the 3PL's order id (and an order found already there may have shipped meanwhile: what its
shipments say is applied at once, as Import Shipments would). A refused or failed send waits out a backoff (doubling from
``OPENOMS_SHIPMENT_RETRY_SECONDS``, 60 s, up to 6 hours) with a Warning on the order, and the run
goes on with the next shipment. A shipment cancelled in OpenOMS while its send was under way is
cancelled at the 3PL at once.

Every *Cancel Requested* shipment is cancelled at the 3PL (``order_cancel``): confirmed (its
stock is released), or refused with the 3PL's reason (the shipment stays; a Warning on the order
says why). At the end the run frees its job and queues the next run when shipments are left:
at once for those that arrived meanwhile, at the end of the first backoff for failed ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Min, Q
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.automation.handlers import RunOutcome
from openoms.automation.models import RunStatus
from openoms.channels.models import Channel
from openoms.connectors.base import ConnectorError, ShipmentSender
from openoms.connectors.fulfillment_types import SentOrder
from openoms.core.errors import Conflict, NotFound
from openoms.orders.events import order_event
from openoms.orders.models import Shipment, ShipmentStatus
from openoms.orders.services.shipments import (
    shipment_cancel_confirmed,
    shipment_cancel_refused,
    shipment_send_failed,
    shipment_sent,
)
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.retry_backoff import doubling_backoff
from openoms.sync.services.shipment_apply import fc_shipments_apply
from openoms.sync.services.shipment_orders import fulfillment_order
from openoms.sync.services.shipment_queue import SHIPMENTS_LABEL
from openoms.sync.services.work_queue import work_release

LABEL = "Send Shipments"
RETRY_SETTING, DEFAULT_RETRY = "OPENOMS_SHIPMENT_RETRY_SECONDS", 60


@dataclass
class SendState:
    """One run's channel, actor, connector and counts."""

    work: WorkContext
    sender: ShipmentSender
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("sent", "failed", "cancelled", "refused"), 0)
    )

    @property
    def channel(self) -> Channel:
        return self.work.channel


def shipments_send(work: WorkContext) -> RunOutcome:
    """The Send Shipments work (see the module)."""
    state = SendState(work, work.connector)
    for shipment in list(due_shipments(work.channel)):
        _send(state, shipment)
    for shipment in list(_cancel_requested(work.channel)):
        _cancel(state, shipment)
    work_release(work.run.run, work.channel, SHIPMENTS_LABEL, lambda: _next_at(work.channel))
    counts = state.counts
    summary = (
        f"{LABEL} to {work.channel.name}: {counts['sent']} sent, {counts['failed']} failed, "
        f"{counts['cancelled']} cancelled, {counts['refused']} cancellations refused."
    )
    return RunOutcome(RunStatus.SUCCEEDED, dict(counts), summary)


def due_shipments(channel: Channel):
    """The channel's *Ready to send* shipments that are due now, oldest first."""
    now = timezone.now()
    return (
        _of(channel)
        .filter(status=ShipmentStatus.READY_TO_SEND)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .select_related("order", "order__account", "warehouse")
        .order_by("id")
    )


def _of(channel: Channel):
    return Shipment.objects.filter(account_id=channel.account_id, fulfillment_channel=channel)


def _cancel_requested(channel: Channel):
    """The channel's *Cancel Requested* shipments that are due (a failed call waits)."""
    now = timezone.now()
    return (
        _of(channel)
        .filter(status=ShipmentStatus.CANCEL_REQUESTED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .select_related("order", "order__account")
        .order_by("id")
    )


def _send(state: SendState, shipment: Shipment) -> None:
    """Send one shipment; a failure is recorded on it (backoff, Warning), never raised."""
    if not _of(state.channel).filter(pk=shipment.pk, status=ShipmentStatus.READY_TO_SEND).exists():
        return  # cancelled (or sent by another run) since the run listed it
    try:
        sent = state.sender.order_send(fulfillment_order(state.channel, shipment))
    except ConnectorError as exc:
        _failed(state, shipment, exc.message)
        return
    try:
        recorded = shipment_sent(
            actor=state.work.actor, shipment=shipment, external_ref=sent.order_id
        )
    except Conflict:
        status = Shipment.objects.filter(pk=shipment.pk).values_list("status", flat=True).first()
        if status == ShipmentStatus.CANCELLED:
            _undo(state, shipment, sent)
        return  # else it moved on meanwhile (read back by Import Shipments)
    state.counts["sent"] += 1
    if sent.already_sent and sent.shipments:  # sent long ago: it may have shipped since
        fc_shipments_apply(state.work.actor, state.channel, recorded, list(sent.shipments))


def _failed(state: SendState, shipment: Shipment, message: str) -> None:
    _retry_later(
        state, shipment, message, f" could not be sent to {state.channel.name}", "sent again"
    )


def _retry_later(
    state: SendState, shipment: Shipment, message: str, failure: str, again: str
) -> None:
    """The shipment waits out its backoff; a Warning on its order says what failed and when
    it is tried again."""
    attempts = shipment.attempts + 1
    retry_at = timezone.now() + backoff(attempts)
    shipment_send_failed(shipment=shipment, message=message, retry_at=retry_at)
    order_event(
        shipment.order,
        EventLevel.WARNING,
        f"Shipment {shipment.number}{failure} (attempt {attempts}): {message} It is {again} at "
        f"{retry_at:%Y-%m-%d %H:%M:%S} UTC.",
        state.work.actor,
    )
    state.counts["failed"] += 1


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1`` (``retry_backoff``)."""
    return doubling_backoff(attempts, RETRY_SETTING, DEFAULT_RETRY)


def _undo(state: SendState, shipment: Shipment, sent: SentOrder) -> None:
    """The shipment was cancelled in OpenOMS while its send was under way: cancel it at the
    3PL too (a refusal is said on the order)."""
    try:
        result = state.sender.order_cancel(sent.order_id)
        outcome = "cancelled there too" if result.cancelled else f"not cancelled: {result.reason}"
    except ConnectorError as exc:
        outcome = f"not cancelled: {exc.message}"
    level = EventLevel.INFO if outcome.startswith("cancelled") else EventLevel.WARNING
    order_event(
        shipment.order,
        level,
        f"Shipment {shipment.number} was cancelled while it was sent to {state.channel.name} "
        f"(order {sent.order_id} there): {outcome}",
        state.work.actor,
    )


def _cancel(state: SendState, shipment: Shipment) -> None:
    """Cancel one shipment at the 3PL; confirmed or refused with the reason."""
    actor = state.work.actor
    try:
        result = state.sender.order_cancel(shipment.external_ref)
    except ConnectorError as exc:
        _cancel_failed(state, shipment, exc.message)
        return
    try:
        if result.cancelled and not result.partly:
            shipment_cancel_confirmed(actor=actor, shipment=shipment)
            state.counts["cancelled"] += 1
            return
        reason = result.reason or f"{state.channel.name} refused ({result.status})."
        if result.partly:
            reason = f"{state.channel.name} could stop only part of it: {reason}"
        shipment_cancel_refused(actor=actor, shipment=shipment, reason=reason)
        state.counts["refused"] += 1
    except (Conflict, NotFound):
        return  # its status changed meanwhile (e.g. shipped, read back by Import Shipments)


def _cancel_failed(state: SendState, shipment: Shipment, message: str) -> None:
    """The 3PL could not be asked (a failure, not a refusal): ask again after a backoff."""
    failure = f": {state.channel.name} could not be asked to cancel it"
    _retry_later(state, shipment, message, failure, "asked again")


def _next_at(channel: Channel):
    """When the next run is due: now when work is due, else when the first backoff ends."""
    if due_shipments(channel).exists() or _cancel_requested(channel).exists():
        return timezone.now()
    waiting = _of(channel).filter(
        status__in=(ShipmentStatus.READY_TO_SEND, ShipmentStatus.CANCEL_REQUESTED)
    )
    return waiting.aggregate(at=Min("next_attempt_at"))["at"]
