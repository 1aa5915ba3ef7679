"""The *Send Purchase Orders* work: a fulfillment channel's purchase orders sent to it as
receiving orders.

Every Approved purchase order of the channel whose send was asked (``send_requested_at``) and
is due (never tried, or its backoff over) becomes a ``ReceivingOrderDraft`` (``po_receiving``)
sent with ``receiving_order_send``. The 3PL keeps the PO number as the receiving order's
reference and the connector looks it up before creating one, so a send retried after a lost
answer, or after a worker died between the 3PL's answer and OpenOMS's record of it, returns the
same receiving order (``already_sent``), never a second one; either way the order is Sent to
Warehouse with the 3PL's id (and one found already there may have received goods meanwhile:
they are recorded at once, as Import Receipts would). A refused or failed send waits out a
backoff (doubling from ``OPENOMS_PURCHASE_ORDER_RETRY_SECONDS``, 60 s, up to 6 hours) with an
Error event on the order naming the reason, and the run goes on with the next order. At the
end the run frees its job and queues the next run when orders are left (at once for those that
arrived meanwhile, at the end of the first backoff for failed ones), and Import Receipts for
the orders sent.
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
from openoms.connectors.base import ConnectorError, ReceivingSender
from openoms.connectors.fulfillment_types import ReceivingStatus
from openoms.core.errors import Conflict, NotFound
from openoms.purchasing.events import purchase_order_event
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderStatus
from openoms.purchasing.services.sending import purchase_order_send_failed, purchase_order_sent
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.po_queue import PURCHASE_ORDERS_LABEL, receipts_queue
from openoms.sync.services.po_receipts import ReceiptCounts, order_receipts_apply
from openoms.sync.services.po_receiving import receiving_draft
from openoms.sync.services.retry_backoff import doubling_backoff
from openoms.sync.services.work_queue import work_release

LABEL = "Send Purchase Orders"
RETRY_SETTING, DEFAULT_RETRY = "OPENOMS_PURCHASE_ORDER_RETRY_SECONDS", 60


@dataclass
class SendState:
    """One run's channel, actor, connector and counts."""

    work: WorkContext
    sender: ReceivingSender
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("sent", "failed"), 0))

    @property
    def channel(self) -> Channel:
        return self.work.channel


def purchase_orders_send(work: WorkContext) -> RunOutcome:
    """The Send Purchase Orders work (see the module)."""
    state = SendState(work, work.connector)
    for order in list(due_orders(work.channel)):
        _send(state, order)
    work_release(work.run.run, work.channel, PURCHASE_ORDERS_LABEL, lambda: _next_at(work.channel))
    if state.counts["sent"]:
        receipts_queue(work.channel.pk, work.channel.account_id)
    counts = state.counts
    summary = f"{LABEL} to {work.channel.name}: {counts['sent']} sent, {counts['failed']} failed."
    return RunOutcome(RunStatus.SUCCEEDED, dict(counts), summary)


def _waiting(channel: Channel):
    return PurchaseOrder.objects.filter(
        account_id=channel.account_id,
        channel=channel,
        status=PurchaseOrderStatus.APPROVED,
        send_requested_at__isnull=False,
    )


def due_orders(channel: Channel):
    """The channel's purchase orders to send that are due now, oldest first."""
    now = timezone.now()
    return (
        _waiting(channel)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .select_related("account", "warehouse", "channel")
        .order_by("id")
    )


def _send(state: SendState, order: PurchaseOrder) -> None:
    """Send one purchase order; a failure is recorded on it (backoff, Error), never raised."""
    if not _waiting(state.channel).filter(pk=order.pk).exists():
        return  # cancelled (or sent by another run) since the run listed it
    try:
        sent = state.sender.receiving_order_send(receiving_draft(state.channel, order))
    except ConnectorError as exc:
        _failed(state, order, exc.message)
        return
    actor = state.work.actor
    try:
        recorded = purchase_order_sent(
            actor=actor, order=order, external_ref=sent.receiving_id, already_sent=sent.already_sent
        )
    except (Conflict, NotFound):
        _cancelled_meanwhile(state, order, sent)
        return
    state.counts["sent"] += 1
    if sent.already_sent and (sent.complete or any(r.received for r in sent.receipts)):
        order_receipts_apply(actor, state.channel, recorded, sent, ReceiptCounts())


def _failed(state: SendState, order: PurchaseOrder, message: str) -> None:
    retry_at = timezone.now() + backoff(order.send_attempts + 1)
    purchase_order_send_failed(
        actor=state.work.actor, order=order, message=message, retry_at=retry_at
    )
    state.counts["failed"] += 1


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1`` (``retry_backoff``)."""
    return doubling_backoff(attempts, RETRY_SETTING, DEFAULT_RETRY)


def _cancelled_meanwhile(state: SendState, order: PurchaseOrder, sent: ReceivingStatus) -> None:
    """The order was cancelled in OpenOMS while its send was under way: say that the 3PL has
    it (OpenOMS does not cancel receiving orders at the 3PL)."""
    current = PurchaseOrder.objects.filter(pk=order.pk).values_list("status", flat=True).first()
    if current != PurchaseOrderStatus.CANCELLED:
        return  # sent by another run meanwhile
    purchase_order_event(
        order,
        EventLevel.WARNING,
        f"Purchase order {order.order_number} was cancelled while it was sent to "
        f"{state.channel.name}: cancel its receiving order {sent.receiving_id} there too.",
        state.work.actor,
    )


def _next_at(channel: Channel):
    """When the next run is due: now when orders are due, else when the first backoff ends."""
    if due_orders(channel).exists():
        return timezone.now()
    return _waiting(channel).aggregate(at=Min("next_attempt_at"))["at"]
