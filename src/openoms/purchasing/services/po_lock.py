"""Locking one purchase order for a change, scoped to the actor's account (another account's
order is "not found"): the first step of every purchasing service."""

from __future__ import annotations

from openoms.core.errors import NotFound
from openoms.purchasing.models import PurchaseOrder
from openoms.tenancy.actor import Actor


def po_locked(actor: Actor, order: PurchaseOrder | int) -> PurchaseOrder:
    """The purchase order, locked for this transaction, if the actor's account owns it."""
    pk = order.pk if isinstance(order, PurchaseOrder) else order
    rows = PurchaseOrder.objects.select_for_update(of=("self",)).select_related(
        "account", "warehouse"
    )
    found = rows.filter(pk=pk).first()
    if found is None or not actor.sees_account(found.account):
        raise NotFound("Purchase order not found.")
    return found
