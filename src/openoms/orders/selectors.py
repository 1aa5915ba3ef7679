"""Sales order reads for the pages and the API, scoped to the actor's account: another
account's order is "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from openoms.activity.models import Event
from openoms.core.errors import NotFound
from openoms.orders.models import SalesOrder, SalesOrderLine, Shipment, ShipmentLine
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm


@dataclass(frozen=True)
class OrderFilters:
    """The list's filters: ``q`` searches the order number, the channel's reference, the
    customer's name and e-mail and the lines' SKUs."""

    q: str = ""
    status: str = ""
    channel_id: int | None = None
    source: str = ""
    backordered: bool | None = None
    date_from: date | None = None
    date_to: date | None = None


def sales_orders(actor: Actor, account: Account, filters: OrderFilters | None = None) -> QuerySet:
    """The account's orders, newest first, with their channel (one query per page)."""
    actor.require_account(account)
    actor.require(Perm.ORDERS_VIEW)
    f = filters or OrderFilters()
    rows = SalesOrder.objects.filter(account=account).select_related(
        "channel", "requested_warehouse"
    )
    if f.q.strip():
        text = f.q.strip()
        matching = SalesOrderLine.objects.filter(sku__icontains=text).values("order_id")
        rows = rows.filter(
            Q(order_number__icontains=text)
            | Q(external_ref__icontains=text)
            | Q(customer_name__icontains=text)
            | Q(email__icontains=text)
            | Q(pk__in=matching)
        )
    if f.status:
        rows = rows.filter(status=f.status)
    if f.channel_id:
        rows = rows.filter(channel_id=f.channel_id)
    if f.source:
        rows = rows.filter(source=f.source)
    if f.backordered is not None:
        rows = rows.filter(backordered_since__isnull=not f.backordered)
    if f.date_from:
        rows = rows.filter(order_date__date__gte=f.date_from)
    if f.date_to:
        rows = rows.filter(order_date__date__lte=f.date_to)
    return rows.order_by("-order_date", "-id")


def sales_order_get(actor: Actor, account: Account, pk: int) -> SalesOrder:
    """One order with its lines and shipments (and their lines) loaded."""
    shipments = Prefetch(
        "shipments",
        queryset=Shipment.objects.select_related(
            "warehouse", "fulfillment_channel"
        ).prefetch_related(
            Prefetch("lines", queryset=ShipmentLine.objects.select_related("order_line"))
        ),
    )
    found = (
        sales_orders(actor, account)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("lines", queryset=SalesOrderLine.objects.select_related("variant")),
            shipments,
        )
        .first()
    )
    if found is None:
        raise NotFound("Sales order not found.")
    return found


def sales_order_by_number(actor: Actor, account: Account, number: str) -> SalesOrder:
    found = sales_orders(actor, account).filter(order_number=number).first()
    if found is None:
        raise NotFound("Sales order not found.")
    return sales_order_get(actor, account, found.pk)


def sales_order_events(actor: Actor, order: SalesOrder, limit: int = 100) -> list[Event]:
    """The order's Events, newest first."""
    actor.require(Perm.ORDERS_VIEW)
    rows = Event.objects.filter(
        account_id=order.account_id, entity_type="sales_order", entity_id=str(order.pk)
    )
    return list(rows.order_by("-id")[:limit])


def shipments(actor: Actor, account: Account, *, status: str = "") -> QuerySet[Shipment]:
    actor.require_account(account)
    actor.require(Perm.ORDERS_VIEW)
    rows = Shipment.objects.filter(account=account).select_related(
        "order", "warehouse", "fulfillment_channel"
    )
    return rows.filter(status=status) if status else rows
