"""The *Import Shipments* work: what a fulfillment channel shipped, read back onto OpenOMS's
shipments — from its stored webhook deliveries first, then by polling (the safety net).

Both ways end in one place, ``fc_order_import``: the 3PL order's shipments as they are now
(``shipments(order_id)``: a webhook can be late or out of order, so its body only says which
order to read) are matched to OpenOMS's shipment by the 3PL order id (``external_ref``) or the
reference (the shipment's number), on this channel of this account only. Their lines are
mapped back from the 3PL's SKUs to the shipment's lines and summed over the shipped 3PL
shipments into **cumulative** quantities, which ``shipment_progress`` applies once (only
increases): Short Shipped, then Shipped, with the tracking numbers. A shipment the 3PL has but
OpenOMS still holds as *Ready to send* (the send's answer was lost) is left to Send Shipments,
whose next send is recognised as "already sent"; one the 3PL cancelled is confirmed cancelled
when a cancellation was asked, else cancelled with a Warning (its stock is released).

The poll asks for ``shipments_since(cursor)``. The cursor is per channel and never passes what
is not handled: it is the creation time of the channel's oldest shipment still open at the 3PL
(Sent, Short Shipped, Cancel Requested), less ``CLOCK_MARGIN``; with none open there is nothing
to ask. A 3PL shipment whose reference OpenOMS does not know is one Warning per run (the ones
changed since the job last succeeded), never a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.automation.handlers import RunOutcome
from openoms.automation.models import RunStatus
from openoms.channels.events import channel_event
from openoms.channels.models import Channel
from openoms.connectors.base import ShipmentSource
from openoms.connectors.fulfillment_types import Shipment as FcShipment
from openoms.orders.models import Shipment, ShipmentStatus
from openoms.sync.models import DeliveryStatus, WebhookDelivery, WebhookSource
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.shipment_apply import fc_shipments_apply
from openoms.sync.services.shipment_queue import SHIPMENT_TOPIC_PREFIX, WEBHOOK_LABEL
from openoms.sync.services.work_queue import work_release

LABEL = "Import Shipments"
CLOCK_MARGIN = timedelta(minutes=10)
OPEN = (
    ShipmentStatus.SENT_TO_WAREHOUSE,
    ShipmentStatus.SHORT_SHIPPED,
    ShipmentStatus.CANCEL_REQUESTED,
)
INBOX_BATCH = 200
CHUNK = 500
NO_ORDER = "It names no order (order_id): there is nothing to read back."
UNKNOWN_SHOWN = 10


@dataclass
class ImportState:
    """One run's channel, actor, connector, the 3PL orders read, and counts."""

    work: WorkContext
    source: ShipmentSource
    done: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("updated", "unchanged", "webhooks"), 0)
    )

    @property
    def channel(self) -> Channel:
        return self.work.channel


def shipments_import(work: WorkContext) -> RunOutcome:
    """The Import Shipments work (see the module)."""
    state = ImportState(work, work.connector)
    inbox_process(state)
    poll(state)
    if state.unknown:
        _unknown_warning(state)
    work_release(work.run.run, work.channel, WEBHOOK_LABEL, lambda: _inbox_waiting(work.channel))
    counts = state.counts
    summary = (
        f"{LABEL} from {work.channel.name}: {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['webhooks']} webhooks processed"
        + (f", {len(state.unknown)} unknown." if state.unknown else ".")
    )
    return RunOutcome(RunStatus.SUCCEEDED, dict(counts) | {"unknown": len(state.unknown)}, summary)


# -- the webhook inbox ------------------------------------------------------------------------
def _inbox(channel: Channel):
    return WebhookDelivery.objects.filter(
        channel=channel,
        source=WebhookSource.SHIPBOB,
        status=DeliveryStatus.RECEIVED,
        topic__startswith=SHIPMENT_TOPIC_PREFIX,
    )


def _inbox_waiting(channel: Channel):
    """Now when deliveries arrived during the run (the next run is due at once), else None."""
    return timezone.now() if _inbox(channel).exists() else None


def inbox_process(state: ImportState) -> None:
    """Read the 3PL order of each stored shipment delivery, oldest first, then mark them
    processed (a failure to read stops the run: they stay received, for the next run). A
    delivery that names no order (``order_id``: digits) is marked failed with the reason."""
    while deliveries := list(_inbox(state.channel).order_by("received_at", "id")[:INBOX_BATCH]):
        unusable = []
        for delivery in deliveries:
            body = delivery.body if isinstance(delivery.body, dict) else {}
            order_id = str(body.get("order_id") or "").strip()
            if not order_id.isdigit():
                unusable.append(delivery.pk)
                continue
            fc_order_import(state, order_id, str(body.get("reference_id") or ""))
        now, ids = timezone.now(), [d.pk for d in deliveries]
        WebhookDelivery.objects.filter(pk__in=unusable).update(
            status=DeliveryStatus.FAILED, note=NO_ORDER, processed_at=now
        )
        WebhookDelivery.objects.filter(pk__in=ids).exclude(pk__in=unusable).update(
            status=DeliveryStatus.PROCESSED, processed_at=now
        )
        state.counts["webhooks"] += len(deliveries)


# -- polling ------------------------------------------------------------------------------------
def shipment_cursor(channel: Channel):
    """Where the poll starts (see the module); None when nothing is open at the 3PL."""
    oldest = Shipment.objects.filter(
        account_id=channel.account_id, fulfillment_channel=channel, status__in=OPEN
    ).aggregate(at=Min("created_at"))["at"]
    return None if oldest is None else oldest - CLOCK_MARGIN


def poll(state: ImportState) -> None:
    """The 3PL orders changed since the cursor, each read once."""
    cursor = shipment_cursor(state.channel)
    if cursor is None:
        return
    found = state.source.shipments_since(cursor)
    known = _known(state.channel, found)
    changed: dict[str, str] = {}
    since = state.work.run.since
    for fc in found:
        status = known.get(("id", fc.order_id)) or known.get(("ref", fc.reference))
        if status is None:
            if since is None or fc.updated_at is None or fc.updated_at >= since:
                _note_unknown(state, fc.reference, fc.order_id)
        elif status in OPEN and fc.order_id not in state.done:
            changed.setdefault(fc.order_id, fc.reference)
    for order_id, reference in changed.items():
        fc_order_import(state, order_id, reference)


def _known(channel: Channel, found: list[FcShipment]) -> dict[tuple[str, str], str]:
    """("id", 3PL order id) and ("ref", reference) → the status of the channel's shipment they
    name (by reference only while it holds no 3PL id: see ``_ours``), in a few queries."""
    rows = Shipment.objects.filter(account_id=channel.account_id, fulfillment_channel=channel)
    ids = sorted({fc.order_id for fc in found if fc.order_id})
    refs = sorted({fc.reference for fc in found if fc.reference})
    known: dict[tuple[str, str], str] = {}
    for start in range(0, max(len(ids), len(refs)), CHUNK):
        fields = ("external_ref", "number", "status")
        by_id = rows.filter(external_ref__in=ids[start : start + CHUNK]).values_list(*fields)
        by_ref = rows.filter(number__in=refs[start : start + CHUNK], external_ref="")
        for external_ref, number, status in [*by_id, *by_ref.values_list(*fields)]:
            known["id", external_ref] = known["ref", number] = status
    known.pop(("id", ""), None)
    return known


def _note_unknown(state: ImportState, reference: str, order_id: str) -> None:
    name = reference or f"order {order_id}"
    if name not in state.unknown:
        state.unknown.append(name)


def _unknown_warning(state: ImportState) -> None:
    names = state.unknown
    shown = ", ".join(names[:UNKNOWN_SHOWN]) + (
        f" and {len(names) - UNKNOWN_SHOWN} more" if len(names) > UNKNOWN_SHOWN else ""
    )
    channel_event(
        state.channel,
        EventLevel.WARNING,
        f"{state.channel.name} reported shipments OpenOMS did not send it: {shown}. They were "
        "left alone.",
        state.work.actor.label,
    )


# -- one 3PL order ------------------------------------------------------------------------------
def _ours(channel: Channel, order_id: str, reference: str) -> Shipment | None:
    """OpenOMS's shipment of the 3PL order, only among this channel's shipments of this
    account: by the 3PL's order id; else by the reference, only while OpenOMS holds no 3PL id
    for it (sent, its answer lost: Send Shipments records it). A shipment already holding
    another id is not this order (another 3PL channel's order with the same reference)."""
    rows = Shipment.objects.filter(account_id=channel.account_id, fulfillment_channel=channel)
    found = rows.filter(external_ref=order_id).first() if order_id else None
    if found is None and reference:
        found = rows.filter(number=reference, external_ref="").first()
    return found


def fc_order_import(state: ImportState, order_id: str, reference: str = "") -> None:
    """Read the 3PL order ``order_id`` now and apply it to OpenOMS's shipment (the module)."""
    if order_id in state.done:
        return
    state.done.add(order_id)
    shipment = _ours(state.channel, order_id, reference)
    if shipment is None:
        _note_unknown(state, reference, order_id)
        return
    if shipment.status in (
        ShipmentStatus.READY_TO_SEND,
        ShipmentStatus.SHIPPED,
        ShipmentStatus.CANCELLED,
    ):
        state.counts["unchanged"] += 1
        return
    found = state.source.shipments(order_id)
    changed = fc_shipments_apply(state.work.actor, state.channel, shipment, found)
    state.counts["updated" if changed else "unchanged"] += 1
