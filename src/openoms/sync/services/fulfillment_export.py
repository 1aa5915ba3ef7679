"""Export Order Updates, a work of the one pipeline, for a Shopify sales channel: what shipped
goes back to the channel as fulfillments with tracking (docs/orders.md, "From Shopify").

The pending ``ChannelFulfillment`` rows of the channel are the outbox (written with the
shipment's progress; ``fulfillments_queue`` queues a run when they are). Each row due is sent
once with ``fulfillment_send``: its lines' quantities by the channel's SKU of each order line
and its newest tracking number; then it is *sent* with the channel's fulfillment id(s).

Shopify's ``fulfillmentCreate`` takes no idempotency key, so a send whose answer was lost (the
client's own retry is then refused: nothing is left to fulfil) must not be sent again. Every
attempt is counted before the call; when a row has been tried before, or the call fails, the
order's open quantities are read: if the channel already has no more left of each line than
OpenOMS expects after this row, the row was recorded, and is marked sent without a second
fulfillment. A row that fails waits (``next_attempt_at``, doubling from a minute up to six
hours) with ``last_error`` and a Warning event; the job's period retries it.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import Min, Q
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.automation.handlers import RunOutcome
from openoms.automation.job_types import JobType
from openoms.automation.models import RunStatus
from openoms.channels.events import channel_event
from openoms.connectors.base import ConnectorError
from openoms.connectors.order_types import ShipmentLine, Tracking
from openoms.orders.models import ChannelFulfillment, FulfillmentStatus, SalesOrderLine
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.order_queue import QUEUED_BY, channel_work_queue
from openoms.sync.services.work_queue import work_release

BATCH = 100
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=6)
RECOVERED = "Already recorded by the channel (an earlier answer was lost): not sent again."


def fulfillments_queue(account_id: int, reports) -> None:
    """The listener of ``orders.changes``: new pending rows queue their channel's run."""
    channel_work_queue({report.channel_id for report in reports}, JobType.EXPORT_ORDER_UPDATES)


def fulfillments_export(work: WorkContext) -> RunOutcome:
    """Send the channel's due fulfillments (see the module)."""
    counts: Counter = Counter()
    now = timezone.now()
    due = (
        ChannelFulfillment.objects.filter(channel=work.channel, status=FulfillmentStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .select_related("shipment__order")
        .order_by("pk")
    )
    for row in due[:BATCH]:
        counts[_send(work, row)] += 1
    waiting = ChannelFulfillment.objects.filter(
        channel=work.channel, status=FulfillmentStatus.PENDING, next_attempt_at__gt=now
    ).count()
    summary = (
        f"Export Order Updates to {work.channel.name}: {counts['sent']} fulfillments sent, "
        f"{counts['recovered']} found already recorded, {counts['failed']} failed"
        f"{f', {waiting} waiting to be retried' if waiting else ''}."
    )
    lost = counts["failed"] and not (counts["sent"] or counts["recovered"])
    status = RunStatus.FAILED if lost else RunStatus.SUCCEEDED
    # rows left (beyond the batch, created meanwhile, or waiting for a retry) get their run
    work_release(
        work.run.run, work.channel, QUEUED_BY[JobType.EXPORT_ORDER_UPDATES], _next_at(work.channel)
    )
    return RunOutcome(status, dict(counts), summary)


def _next_at(channel):
    """When the channel's next run is due: now while a pending row is due, else when the first
    retry comes; None when nothing is pending."""

    def at():
        now = timezone.now()
        pending = ChannelFulfillment.objects.filter(
            channel=channel, status=FulfillmentStatus.PENDING
        )
        if pending.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)).exists():
            return now
        return pending.aggregate(at=Min("next_attempt_at"))["at"]

    return at


def _send(work: WorkContext, row: ChannelFulfillment) -> str:
    order = row.shipment.order
    tried_before = row.attempts > 0
    ChannelFulfillment.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
    row.attempts += 1
    lines = _channel_lines(row)
    try:
        if tried_before and _recorded(work, row, lines):
            return _sent(row, [], RECOVERED)
        sent = work.connector.orders.fulfillment_send(
            order.external_ref,
            [ShipmentLine(sku, qty) for sku, qty in _by_sku(lines).items()],
            _tracking(row.tracking),
        )
    except ConnectorError as exc:
        try:
            if _recorded(work, row, lines):
                return _sent(row, [], RECOVERED)
        except ConnectorError:
            pass
        return _failed(work, row, exc.message)
    return _sent(row, [f.ref for f in sent], "")


def _channel_lines(row: ChannelFulfillment) -> list[tuple[SalesOrderLine, int]]:
    """(order line, quantity) of the row, with the channel's SKU and line id of each."""
    wanted = {int(item["line"]): int(item["quantity"]) for item in row.lines}
    found = SalesOrderLine.objects.filter(order_id=row.shipment.order_id, pk__in=list(wanted))
    return [(line, wanted[line.pk]) for line in found]


def _by_sku(lines: list[tuple[SalesOrderLine, int]]) -> dict[str, int]:
    total: Counter = Counter()
    for line, quantity in lines:
        total[line.channel_sku or line.sku] += quantity
    return dict(total)


def _tracking(tracking: list[dict]) -> Tracking | None:
    """The newest tracking number (Shopify takes one per fulfillment)."""
    for item in reversed(tracking or []):
        if item.get("number"):
            return Tracking(
                carrier=str(item.get("carrier") or ""),
                number=str(item["number"]),
                url=str(item.get("url") or ""),
            )
    return None


def _recorded(work: WorkContext, row: ChannelFulfillment, lines) -> bool:
    """True when the channel has no more left to fulfil of each of the row's lines than OpenOMS
    expects once this row is recorded (see the module)."""
    left = _left_at_channel(work, row.shipment.order.external_ref)
    sent_before = Counter()
    earlier = ChannelFulfillment.objects.filter(
        channel_id=row.channel_id,
        shipment__order_id=row.shipment.order_id,
        status=FulfillmentStatus.SENT,
    )
    for report in earlier:
        for item in report.lines:
            sent_before[int(item["line"])] += int(item["quantity"])
    return all(
        left.get(line.external_ref, 0) <= line.quantity - sent_before[line.pk] - quantity
        for line, quantity in lines
    )


def _left_at_channel(work: WorkContext, order_ref: str) -> dict[str, int]:
    """{channel line id: quantity still to fulfil} of the channel's open fulfillment orders."""
    left: Counter = Counter()
    # The connector's read of the open fulfillment orders (the one fulfillment_send plans from).
    open_orders = work.connector.orders.open_fulfillment_orders(order_ref)
    for fulfillment_order in open_orders:
        for item in fulfillment_order["lineItems"]["nodes"]:
            left[item["lineItem"]["id"]] += int(item["remainingQuantity"])
    return dict(left)


def _sent(row: ChannelFulfillment, refs: list[str], note: str) -> str:
    ChannelFulfillment.objects.filter(pk=row.pk).update(
        status=FulfillmentStatus.SENT,
        external_ref=",".join(refs)[:200],
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error=note,
    )
    return "recovered" if note else "sent"


def _failed(work: WorkContext, row: ChannelFulfillment, message: str) -> str:
    delay = min(FIRST_RETRY * 2 ** (row.attempts - 1), LAST_RETRY)
    ChannelFulfillment.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() + delay, last_error=message[:2000]
    )
    order = row.shipment.order
    channel_event(
        work.channel,
        EventLevel.WARNING,
        f"The fulfillment of shipment {row.shipment.number} (order {order.order_number}) could "
        f"not be sent to {work.channel.name}: {message} Attempt {row.attempts}; retried after "
        f"{int(delay.total_seconds() // 60)} min.",
        work.actor.label,
    )
    return "failed"
