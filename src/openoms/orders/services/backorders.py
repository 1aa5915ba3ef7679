"""Backorders (techOMS §3.4): when stock rises, backordered orders are allocated again, first in
first out, each only when the whole order fits.

``backorders_hear`` is a listener of ``inventory.changes`` (registered by ``OrdersConfig``): in
the level write's transaction it checks, in one query, whether a backordered order waits for one
of the variants whose Available rose, and if so enqueues the re-evaluation after the commit
(``backorders_reevaluate``, a task: a level write never waits for allocations).
"""

from __future__ import annotations

from django.db import transaction

from openoms.core import task_queue
from openoms.core.errors import Conflict
from openoms.inventory.changes import LevelChanges
from openoms.orders.models import OrderStatus, SalesOrder
from openoms.orders.services.allocation import sales_order_allocate
from openoms.tenancy.actor import Actor

BACKORDERS_TASK = "orders.backorders_reevaluate"
SYSTEM = Actor.system("Backorders")


def backorders_hear(changes: LevelChanges) -> None:
    rose = sorted({v for (v, _), d in zip(changes.pairs, changes.deltas, strict=True) if d > 0})
    if not rose:
        return
    waiting = SalesOrder.objects.filter(
        account_id=changes.account_id,
        backordered_since__isnull=False,
        status=OrderStatus.APPROVED,
        lines__variant_id__in=rose,
    )
    if waiting.exists():
        account_id = changes.account_id
        transaction.on_commit(lambda: task_queue.enqueue(BACKORDERS_TASK, account_id))


def backorders_reevaluate(*, account_id: int, limit: int = 500) -> int:
    """Try each backordered order of the account, oldest flag first; → how many were
    allocated. An order that still lacks stock keeps its place."""
    allocated = 0
    queue = SalesOrder.objects.filter(
        account_id=account_id, backordered_since__isnull=False, status=OrderStatus.APPROVED
    ).order_by("backordered_since", "id")
    for order_id in list(queue.values_list("pk", flat=True)[:limit]):
        try:
            with transaction.atomic():
                shipment = sales_order_allocate(actor=SYSTEM, order=order_id)
        except Conflict:  # cannot be allocated for another reason (recorded): the next one
            continue
        allocated += shipment is not None
    return allocated
