"""Queueing a channel's order work when there is something for it: Import Orders when an order
webhook is stored, Export Order Updates when a sales channel has fulfillments to learn.

The stored rows (the webhook inbox, the pending ``ChannelFulfillment`` rows) are the durable
part; this only makes sure a run comes soon, like ``outbox.outbox_drain_queue`` does for the
inventory outbox: a run is queued in the caller's transaction when the job is idle (a job row
another transaction holds is skipped, and checked again after the commit); when a run is
already queued it will see the rows, and a run already *running* looks for rows committed
meanwhile when it ends (``work_queue.work_release``).
"""

from __future__ import annotations

from openoms.automation.job_types import JobType
from openoms.sync.services.work_queue import work_queue

QUEUED_BY = {
    JobType.IMPORT_ORDERS: "Order webhooks",
    JobType.EXPORT_ORDER_UPDATES: "Shipment progress",
}


def channel_work_queue(channel_ids, job_type: str) -> None:
    """Make sure a run of ``job_type`` comes for each channel (see the module)."""
    work_queue(channel_ids, job_type, QUEUED_BY.get(job_type, "OpenOMS"))
