"""Import Orders, a work of the one pipeline (``sync/pipeline.py``), for a Shopify sales channel
(docs/orders.md, "From Shopify"). One run:

1. makes sure the store sends its order webhooks (``orders/create``, ``orders/updated``,
   ``orders/paid``) to OpenOMS's address, once per address: it needs ``OPENOMS_PUBLIC_URL``;
   without it an Info event says so (once) and the poll alone imports orders;
2. processes the order webhooks stored in the inbox (``order_inbox``);
3. polls the orders changed since the channel's cursor (the safety net: webhooks can be late,
   lost or out of order), from a minute before the cursor, and never from after the oldest
   order still waiting (so a waiting order is read again until it imports); the cursor then
   moves to the newest change read (Shopify's clock, never ours); until a first order is read,
   runs read the last ``FIRST_LOOKBACK``;
4. processes the inbox again (what arrived meanwhile) and records the summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.automation.handlers import RunOutcome
from openoms.automation.job_types import JobType
from openoms.automation.models import RunStatus
from openoms.channels.events import channel_event
from openoms.channels.models import Channel
from openoms.connectors.base import ConnectorError
from openoms.connectors.order_types import ChannelOrder
from openoms.core.read_memo import read_memo
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.order_batch import order_batch_read
from openoms.sync.services.order_import_state import ImportTally, import_state
from openoms.sync.services.order_inbox import inbox_arrived, inbox_process
from openoms.sync.services.order_payload import IncomingOrder
from openoms.sync.services.order_queue import QUEUED_BY
from openoms.sync.services.work_queue import work_release

FIRST_LOOKBACK = timedelta(days=7)
OVERLAP = timedelta(minutes=1)
POLL_BATCH = 50
WEBHOOK_TOPICS = ("ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID")


@runtime_checkable
class OrderChannel(Protocol):
    """A connector with an order side (``connectors.shopify.orders.Orders``: orders changed
    since a time, fulfillments, webhook subscriptions). Checked without building it."""

    orders: Any


def order_work_refusal(channel: Channel) -> str | None:
    """Why Import Orders and Export Order Updates may not run on ``channel``: only Shopify
    channels have an order side so far (the sandbox store has none)."""
    if channel.kind == "shopify":
        return None
    return (
        f"{channel.name} is a {channel.kind_spec.label} channel: orders are imported from, and "
        "fulfillments sent to, Shopify channels only for now."
    )


def orders_import(work: WorkContext) -> RunOutcome:
    """The Import Orders work (see the module)."""
    channel = work.channel
    tally = ImportTally(channel, work.actor, import_state(channel))
    try:
        webhooks_ensure(work, tally)
        inbox_process(tally)
        orders_poll(work, tally)
        inbox_process(tally)
    finally:
        tally.save()
    # deliveries stored while this run held the job queued nothing: the run queues the next
    work_release(
        work.run.run,
        channel,
        QUEUED_BY[JobType.IMPORT_ORDERS],
        lambda: timezone.now() if inbox_arrived(tally) else None,
    )
    return RunOutcome(RunStatus.SUCCEEDED, dict(tally.counts), tally.summary())


def orders_poll(work: WorkContext, tally: ImportTally) -> None:
    """Read the orders changed since the cursor and import each (see the module)."""
    state, now = tally.state, timezone.now()
    since = state.cursor - OVERLAP if state.cursor else now - FIRST_LOOKBACK
    if (oldest := tally.oldest_waiting()) is not None:
        since = min(since, oldest)
    for page in _pages(work.connector.orders.orders_updated_since(since)):
        with read_memo():
            known = order_batch_read(work.channel, page)
            for order in page:
                tally.import_one(IncomingOrder(order), known)
                if state.cursor is None or order.updated_at > state.cursor:
                    state.cursor = order.updated_at


def _pages(orders: Iterable[ChannelOrder]) -> Iterator[list[ChannelOrder]]:
    """The orders read, ``POLL_BATCH`` at a time (each page's reads done once: ``order_batch``)."""
    page: list[ChannelOrder] = []
    for order in orders:
        page.append(order)
        if len(page) == POLL_BATCH:
            yield page
            page = []
    if page:
        yield page


def webhook_address(channel_id: int) -> str:
    """Where the channel's store sends its webhooks ("" without ``OPENOMS_PUBLIC_URL``)."""
    base = (getattr(settings, "OPENOMS_PUBLIC_URL", "") or "").strip().rstrip("/")
    if not base:
        return ""
    return base + reverse("webhooks:shopify", kwargs={"channel_id": str(channel_id)})


def webhooks_ensure(work: WorkContext, tally: ImportTally) -> None:
    """Subscribe the store's order webhooks to OpenOMS's address once per address."""
    state, channel, actor = tally.state, work.channel, work.actor.label
    if channel.kind != "shopify":
        return
    address = webhook_address(channel.pk)
    if not address:
        if state.webhooks_at is None:
            state.webhooks_at = timezone.now()
            channel_event(
                channel,
                EventLevel.INFO,
                f"{channel.name}: order webhooks were not subscribed, because OPENOMS_PUBLIC_URL "
                "(the address the store can reach OpenOMS at) is not set. Import Orders reads "
                "the orders on its schedule instead.",
                actor,
            )
        return
    if state.webhooks_url == address:
        return
    try:
        work.connector.orders.webhooks_subscribe(address, WEBHOOK_TOPICS)
    except ConnectorError as exc:
        channel_event(
            channel,
            EventLevel.WARNING,
            f"{channel.name}: the order webhooks could not be subscribed ({exc.message}); "
            "Import Orders reads the orders on its schedule and tries again next run.",
            actor,
        )
        return
    state.webhooks_url, state.webhooks_at = address, timezone.now()
    channel_event(
        channel,
        EventLevel.INFO,
        f"{channel.name}: order webhooks (orders/create, orders/updated, orders/paid) are sent "
        f"to {address}.",
        actor,
    )
