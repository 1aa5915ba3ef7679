"""Queueing a fulfillment channel's purchase order work (through ``work_queue``): *Send Purchase
Orders* when purchase orders are to be sent (the listener of ``purchasing.changes``), and
*Import Receipts* while purchase orders wait for goods at the channel (queued by each send and
by each import run while orders stay open, every ``OPENOMS_RECEIPT_POLL_SECONDS``, 300 by
default). The purchase order rows are the durable outbox; nothing waits for a period.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from openoms.automation.job_types import JobType
from openoms.sync.services.work_queue import work_queue

SEND, IMPORT = JobType.SEND_PURCHASE_ORDERS, JobType.IMPORT_RECEIPTS
PURCHASE_ORDERS_LABEL = "Purchase orders"
POLL_SETTING, DEFAULT_POLL = "OPENOMS_RECEIPT_POLL_SECONDS", 300


def purchase_orders_queue(account_id: int, orders: Sequence) -> None:
    """The listener of ``purchasing.changes``: queue Send Purchase Orders for each channel the
    ``orders`` are to be sent to."""
    channel_ids = {order.channel_id for order in orders if order.channel_id}
    if channel_ids:
        work_queue(channel_ids, SEND, PURCHASE_ORDERS_LABEL, account_id=account_id)


def receipts_poll_at() -> datetime:
    """When the channel is next asked what arrived."""
    value = getattr(settings, POLL_SETTING, None)
    if value is None:
        value = os.environ.get(POLL_SETTING) or DEFAULT_POLL
    return timezone.now() + timedelta(seconds=float(value))


def receipts_queue(channel_id: int, account_id: int) -> None:
    """Make sure an Import Receipts run comes for the channel, at the next poll."""
    work_queue(
        {channel_id},
        IMPORT,
        PURCHASE_ORDERS_LABEL,
        run_after=receipts_poll_at(),
        account_id=account_id,
    )
