"""The order webhooks of a Shopify channel, processed from the durable inbox
(``WebhookDelivery``) by the channel's Import Orders run — never by the request that received
them, which only stores the delivery and queues the run (``order_delivery_stored``).

Each delivery's body is a whole order, so whichever of ``orders/create``, ``orders/paid`` and
``orders/updated`` comes first imports it; the others find it imported. Of several deliveries
of one order waiting together, the one with the latest ``updated_at`` is used, the others are
marked processed as superseded. A delivery is then:

* ``processed`` (with what became of its order in ``note``) — imported, already imported,
  cancelled;
* left ``received`` with the reason in ``note`` while its order waits (an unknown SKU …): the
  next run tries it again;
* ``failed`` with the reason when its body is not an order.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.automation.job_types import JobType
from openoms.channels.events import channel_event
from openoms.core.read_memo import read_memo
from openoms.core.rows_update import rows_update
from openoms.sync.models import DeliveryStatus, WebhookDelivery, WebhookSource
from openoms.sync.services.order_batch import OrderBatch, order_batch_read
from openoms.sync.services.order_import import Imported
from openoms.sync.services.order_import_state import ImportTally
from openoms.sync.services.order_payload import IncomingOrder, NotAnOrder, order_from_webhook
from openoms.sync.services.order_queue import QUEUED_BY
from openoms.sync.services.work_queue import work_queue_stored

ORDER_TOPICS = ("orders/create", "orders/updated", "orders/paid", "orders/cancelled")
BATCH = 200
TOGETHER = 50  # orders created in one transaction (their levels locked together)
MAX_NOTE = 500


def order_delivery_stored(delivery: WebhookDelivery) -> None:
    """The hook of ``webhook_receive``, once the delivery is stored (committed): a new order
    delivery makes sure its channel's Import Orders run comes (``work_queue_stored``). Other
    deliveries are left to their own work."""
    if (
        delivery.source == WebhookSource.SHOPIFY
        and delivery.topic in ORDER_TOPICS
        and delivery.status == DeliveryStatus.RECEIVED
    ):
        job = JobType.IMPORT_ORDERS
        work_queue_stored(delivery.channel, job, QUEUED_BY[job])


def inbox_process(tally: ImportTally) -> int:
    """Process the channel's received order deliveries, oldest first, a batch at a time (its
    settings read once: ``read_memo``; its orders' existing imports, SKUs and numbers read
    once: ``order_batch``; its deliveries marked together at its end — a delivery
    whose mark a stopped worker lost is processed again and finds its order imported); → how
    many."""
    done, after = 0, 0
    while True:
        batch = list(_received(tally, after))
        if not batch:
            return done
        after = tally.inbox_seen = max(tally.inbox_seen, batch[-1].pk)
        marks: list[WebhookDelivery] = []
        with read_memo():
            latest = _latest_per_order(batch, tally, marks)
            known = order_batch_read(tally.channel, [incoming.order for _, incoming in latest])
            for start in range(0, len(latest), TOGETHER):
                _process(tally, latest[start : start + TOGETHER], marks, known)
        rows_update(marks, ["status", "note", "processed_at"])
        done += len(batch)


def _received(tally: ImportTally, after: int) -> Iterator[WebhookDelivery]:
    return iter(_inbox(tally.channel, after).order_by("pk")[:BATCH])


def _inbox(channel, after: int):
    """The channel's received order deliveries after delivery ``after``."""
    return WebhookDelivery.objects.filter(
        channel=channel,
        source=WebhookSource.SHOPIFY,
        status=DeliveryStatus.RECEIVED,
        topic__in=ORDER_TOPICS,
        pk__gt=after,
    )


def inbox_arrived(tally: ImportTally) -> bool:
    """A delivery arrived after the last one this run took (a run ending queues the next)."""
    return _inbox(tally.channel, tally.inbox_seen).exists()


def _latest_per_order(batch: list[WebhookDelivery], tally: ImportTally, marks: list):
    """(delivery, its order) for the newest delivery of each order; the older ones and the
    bodies that are not orders are marked (``marks``)."""
    newest: dict[str, tuple[WebhookDelivery, IncomingOrder]] = {}
    for delivery in batch:
        try:
            incoming = order_from_webhook(delivery.body)
        except NotAnOrder as exc:
            tally.counts["failed"] += 1
            _mark(marks, delivery, DeliveryStatus.FAILED, f"Not an order: {exc}")
            channel_event(
                tally.channel,
                EventLevel.ERROR,
                f"A {delivery.topic} webhook of {tally.channel.name} was not imported (delivery "
                f"{delivery.delivery_id}): not an order: {exc}",
                "Import Orders",
            )
            continue
        ref = incoming.order.ref
        kept = newest.get(ref)
        if kept is None or incoming.order.updated_at >= kept[1].order.updated_at:
            if kept is not None:
                _superseded(marks, kept[0])
            newest[ref] = (delivery, incoming)
        else:
            _superseded(marks, delivery)
    return list(newest.values())


def _process(
    tally: ImportTally,
    deliveries: list[tuple[WebhookDelivery, IncomingOrder]],
    marks: list,
    known: OrderBatch,
) -> None:
    """Import the orders of ``deliveries`` together and mark each delivery."""
    results = tally.import_many([incoming for _, incoming in deliveries], known)
    for (delivery, incoming), result in zip(deliveries, results, strict=True):
        if result.outcome == Imported.WAITING:
            if delivery.note != result.reason[:MAX_NOTE]:
                _mark(marks, delivery, DeliveryStatus.RECEIVED, result.reason, processed=False)
            continue
        number = result.order.order_number if result.order else ""
        note = f"Order {incoming.order.number}: {result.outcome.value}"
        note += f" (OpenOMS order {number})." if number else "."
        if result.reason:
            note += f" {result.reason}"
        _mark(marks, delivery, DeliveryStatus.PROCESSED, note)


def _superseded(marks: list, delivery: WebhookDelivery) -> None:
    _mark(
        marks, delivery, DeliveryStatus.PROCESSED, "Superseded by a later change of the same order."
    )


def _mark(
    marks: list, delivery: WebhookDelivery, status: str, note: str, *, processed: bool = True
) -> None:
    """Set the delivery's status and note, to be saved with the batch's other marks."""
    delivery.status, delivery.note = status, note[:MAX_NOTE]
    delivery.processed_at = timezone.now() if processed else delivery.processed_at
    marks.append(delivery)
