"""The *Import Receipts* work: what arrived at a fulfillment channel for the purchase orders
sent to it, read back as receipts.

Each of the channel's purchase orders that is Sent to Warehouse or Receiving is read
(``receiving_order``, by the 3PL's id of it); what is new against what OpenOMS recorded
(``po_receiving.new_receipts``: cumulative per SKU, so a re-read records nothing) becomes one
receipt (``receipt_record``: Total up, Incoming down, trigger *Receive Receipt*), and the order
is Received once the 3PL closed it. A receipt OpenOMS refuses (an over-receipt, a carrier the
API Validation Rules call an Error) is an Error event on its order, once, and the run goes on.
A run killed midway loses nothing and doubles nothing: each receipt is one transaction with the
lines' cumulative counts. While orders stay open at the channel, the run queues the next one
at the next poll (``po_queue``); the channel failing stops the run with an Error and the next
poll still comes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.activity.models import EventLevel
from openoms.automation.handlers import RunOutcome
from openoms.automation.models import RunStatus
from openoms.channels.models import Channel
from openoms.connectors.base import ReceiptSource
from openoms.connectors.fulfillment_types import ReceivingStatus
from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.purchasing.events import purchase_order_event
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderStatus
from openoms.purchasing.services.receipts import receipt_record
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.po_queue import PURCHASE_ORDERS_LABEL, receipts_poll_at
from openoms.sync.services.po_receiving import new_receipts
from openoms.sync.services.work_queue import work_release
from openoms.tenancy.actor import Actor

LABEL = "Import Receipts"
OPEN = (PurchaseOrderStatus.SENT, PurchaseOrderStatus.RECEIVING)


@dataclass
class ReceiptCounts:
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("receipts", "received", "unchanged", "refused"), 0)
    )


def open_orders(channel: Channel):
    """The channel's purchase orders waiting for goods, oldest first."""
    return (
        PurchaseOrder.objects.filter(
            account_id=channel.account_id, channel=channel, status__in=OPEN
        )
        .exclude(external_ref="")
        .select_related("account", "warehouse", "channel")
        .order_by("id")
    )


def receipts_import(work: WorkContext) -> RunOutcome:
    """The Import Receipts work (see the module)."""
    source: ReceiptSource = work.connector
    tally = ReceiptCounts()
    try:
        for order in list(open_orders(work.channel)):
            status = source.receiving_order(order.external_ref)
            order_receipts_apply(work.actor, work.channel, order, status, tally)
    finally:  # a channel failing stops the run (an Error); the next poll still comes
        work_release(
            work.run.run, work.channel, PURCHASE_ORDERS_LABEL, lambda: _next_at(work.channel)
        )
    counts = tally.counts
    summary = (
        f"{LABEL} from {work.channel.name}: {counts['receipts']} receipts, "
        f"{counts['received']} purchase orders received, {counts['unchanged']} unchanged, "
        f"{counts['refused']} refused."
    )
    return RunOutcome(RunStatus.SUCCEEDED, dict(counts), summary)


def order_receipts_apply(
    actor: Actor,
    channel: Channel,
    order: PurchaseOrder,
    status: ReceivingStatus,
    tally: ReceiptCounts,
) -> None:
    """Record what is new in ``status`` for ``order`` (see the module); never raises for the
    order's own problems (they are its Events)."""
    new, unknown = new_receipts(channel, order, status)
    if unknown:
        purchase_order_event(
            order,
            EventLevel.WARNING,
            f"{channel.name} reported receiving {', '.join(sorted(unknown))} for purchase order "
            f"{order.order_number}, which has no such SKU: left alone.",
            actor,
        )
    if not new and not status.complete:
        tally.counts["unchanged"] += 1
        return
    try:
        receipt = receipt_record(
            actor=actor,
            order=order,
            received=new,
            external_ref=status.receiving_id,
            complete=status.complete,
        )
    except ValidationFailed:
        tally.counts["refused"] += 1  # its Error event says why
        return
    except (Conflict, NotFound):
        tally.counts["unchanged"] += 1  # it moved on meanwhile (cancelled, received)
        return
    if receipt is not None:
        tally.counts["receipts"] += 1
    if PurchaseOrder.objects.filter(pk=order.pk, status=PurchaseOrderStatus.RECEIVED).exists():
        tally.counts["received"] += 1


def _next_at(channel: Channel):
    """The next poll while purchase orders wait for goods at the channel, else None."""
    return receipts_poll_at() if open_orders(channel).exists() else None
