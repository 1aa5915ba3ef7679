"""Background work of orders: re-evaluating backorders after stock rose. Enqueued by name
through ``core.task_queue`` by ``services.backorders``; running it twice is harmless (an order
already allocated is no longer backordered)."""

from __future__ import annotations

from django_tasks import task

from openoms.core import task_queue
from openoms.orders.services.backorders import BACKORDERS_TASK, backorders_reevaluate


@task()
def backorders_task(account_id: int) -> int:
    """Allocate the account's backordered orders that now fit; → how many."""
    return backorders_reevaluate(account_id=account_id)


def register_tasks() -> None:
    task_queue.register(BACKORDERS_TASK, backorders_task)
