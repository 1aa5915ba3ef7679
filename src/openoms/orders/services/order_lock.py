"""Locking one order for a status change, scoped to the actor's account (another account's order
is "not found"): the first step of every order service."""

from __future__ import annotations

from openoms.core.errors import NotFound
from openoms.orders.models import SalesOrder
from openoms.tenancy.actor import Actor


def order_locked(actor: Actor, order: SalesOrder | int) -> SalesOrder:
    """The order, locked for this transaction, if the actor's account owns it."""
    pk = order.pk if isinstance(order, SalesOrder) else order
    found = SalesOrder.objects.select_for_update().select_related("account").filter(pk=pk).first()
    if found is None or not actor.sees_account(found.account):
        raise NotFound("Sales order not found.")
    return found
