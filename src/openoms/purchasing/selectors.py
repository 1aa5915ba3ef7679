"""Purchase order reads for the pages and the API, scoped to the actor's account: another
account's purchase order is "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from openoms.activity.models import Event
from openoms.core.errors import NotFound
from openoms.purchasing.events import ENTITY_TYPE
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine, Receipt, ReceiptLine
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm


@dataclass(frozen=True)
class PurchaseOrderFilters:
    """The list's filters: ``search`` looks in the order number, the supplier, the reference
    and PO numbers and the lines' SKUs."""

    status: str = ""
    warehouse_id: int | None = None
    search: str = ""
    date_from: date | None = None
    date_to: date | None = None


def purchase_orders(
    actor: Actor, account: Account, filters: PurchaseOrderFilters | None = None
) -> QuerySet[PurchaseOrder]:
    """The account's purchase orders, newest first, with their warehouse and, per order,
    ``line_count``, ``quantity_total`` and ``received_total`` (one query per page)."""
    actor.require_account(account)
    actor.require(Perm.PURCHASES_VIEW)
    f = filters or PurchaseOrderFilters()
    rows = PurchaseOrder.objects.filter(account=account)
    if text := f.search.strip():
        matching = PurchaseOrderLine.objects.filter(
            order__account=account, sku__icontains=text
        ).values("order_id")
        rows = rows.filter(
            Q(order_number__icontains=text)
            | Q(supplier__icontains=text)
            | Q(reference_number__icontains=text)
            | Q(purchase_order_number__icontains=text)
            | Q(pk__in=matching)
        )
    if f.status:
        rows = rows.filter(status=f.status)
    if f.warehouse_id:
        rows = rows.filter(warehouse_id=f.warehouse_id)
    if f.date_from:
        rows = rows.filter(order_date__date__gte=f.date_from)
    if f.date_to:
        rows = rows.filter(order_date__date__lte=f.date_to)
    return (
        rows.select_related("warehouse", "channel")
        .annotate(
            line_count=Count("lines"),
            quantity_total=Coalesce(Sum("lines__quantity"), 0),
            received_total=Coalesce(Sum("lines__received"), 0),
        )
        .order_by("-order_date", "-id")
    )


def purchase_order_get(actor: Actor, account: Account, pk: int) -> PurchaseOrder:
    """One purchase order with its lines (and their variants) and receipts loaded."""
    found = (
        purchase_orders(actor, account)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("lines", queryset=PurchaseOrderLine.objects.select_related("variant")),
            Prefetch("receipts", queryset=_receipt_rows()),
        )
        .first()
    )
    if found is None:
        raise NotFound("Purchase order not found.")
    return found


def purchase_order_by_number(actor: Actor, account: Account, number: str) -> PurchaseOrder:
    found = purchase_orders(actor, account).filter(order_number=number).values("pk").first()
    if found is None:
        raise NotFound("Purchase order not found.")
    return purchase_order_get(actor, account, found["pk"])


def purchase_order_events(actor: Actor, order: PurchaseOrder, limit: int = 100) -> list[Event]:
    """The purchase order's Events, newest first."""
    actor.require_account(order.account)
    actor.require(Perm.PURCHASES_VIEW)
    rows = Event.objects.filter(
        account_id=order.account_id, entity_type=ENTITY_TYPE, entity_id=str(order.pk)
    )
    return list(rows.order_by("-id")[:limit])


def receipts(actor: Actor, order: PurchaseOrder) -> list[Receipt]:
    """The purchase order's receipts, newest first, with their lines."""
    actor.require_account(order.account)
    actor.require(Perm.PURCHASES_VIEW)
    return list(_receipt_rows().filter(order_id=order.pk, account_id=order.account_id))


def _receipt_rows() -> QuerySet[Receipt]:
    return Receipt.objects.prefetch_related(
        Prefetch("lines", queryset=ReceiptLine.objects.order_by("id"))
    ).order_by("-received_at", "-id")
