"""Purchases → Purchase Orders: the list (filters, search, pagination, status badges, the
Maintenance menu of ``purchase_orders_files``), its bulk *Approve* of the selected Draft orders,
and the SKU search of the order form.

Every read goes through ``purchasing.selectors`` scoped to the account selected in the header
(another account's order is neither listed nor found); every change through the purchasing
services, whose refusals (``Conflict``, ``ValidationFailed``) are shown as messages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openoms.catalog.selectors import variants_search
from openoms.core.errors import Conflict, ValidationFailed
from openoms.inventory.selectors import enabled_warehouses
from openoms.purchasing import selectors
from openoms.purchasing.models import PurchaseOrderStatus
from openoms.purchasing.services.workflow import purchase_order_approve
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.purchase_order_forms import (
    FILTER_NAMES,
    STATUS_CHOICES,
    purchase_order_filters,
)
from openoms.web.scopes import selected_account_page
from openoms.web.views.purchase_orders_texts import PO_STATUS_HELP

PAGE_SIZE = 50
SKU_OPTIONS = 20
MAX_BULK = 200
EXPORT_NOTES = {
    True: "The purchase orders of this filtered list, one row per line",
    False: "Every purchase order, one row per line",
}

purchases_page = selected_account_page(
    Perm.PURCHASES_VIEW, "Purchase Orders", "Purchase orders belong to one account."
)


def warehouse_options(request, account: Account) -> list[tuple[int, str]]:
    """The account's enabled physical warehouses (id, code) for the list's filter."""
    if not request.actor.can(Perm.INVENTORY_VIEW):
        return []
    found = enabled_warehouses(request.actor, account).filter(kind="physical")
    return list(found.values_list("pk", "code"))


def export_url(query) -> str:
    """The list's Export link: the export with the list's filters (not its page)."""
    kept = {name: query.get(name, "").strip() for name in FILTER_NAMES}
    kept = {name: value for name, value in kept.items() if value}
    base = reverse("web:purchase_orders_export")
    return f"{base}?{urlencode(kept)}" if kept else base


@purchases_page
def purchase_orders(request, account: Account):
    filters, typed, problems = purchase_order_filters(request.GET)
    rows = selectors.purchase_orders(request.actor, account, filters)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for order in page_obj:
        order.status_help = PO_STATUS_HELP.get(order.status, "")
    context = {
        "title": "Purchase Orders",
        "breadcrumbs": [("Purchases", None)],
        "page_obj": page_obj,
        "typed": typed,
        "problems": problems,
        "filtered": any(typed.values()),
        "status_choices": STATUS_CHOICES,
        "warehouse_options": warehouse_options(request, account),
        "can_manage": request.actor.can(Perm.PURCHASES_MANAGE),
        "draft": PurchaseOrderStatus.DRAFT,
        "export_url": export_url(request.GET),
        "export_note": EXPORT_NOTES[any(typed.values())],
    }
    return render(request, "web/purchase_orders/list.html", context)


def _back(request) -> str:
    """The list with the filters it was posted from (only a path of this list)."""
    target = request.POST.get("next", "")
    base = reverse("web:purchase_orders")
    return target if target.startswith(base) and "//" not in target else base


@require_POST
@purchases_page
def purchase_orders_approve(request, account: Account):
    """Approve each selected Draft order, one transaction each; the message counts the
    approved, skipped and refused ones."""
    request.actor.require(Perm.PURCHASES_MANAGE)
    ids = [int(pk) for pk in request.POST.getlist("order") if pk.isdigit() and len(pk) < 19]
    if not ids:
        messages.warning(request, "Select the Draft purchase orders to approve first.")
        return redirect(_back(request))
    found = selectors.purchase_orders(request.actor, account).filter(pk__in=ids[:MAX_BULK])
    drafts = [order for order in found if order.status == PurchaseOrderStatus.DRAFT]
    approved = 0
    refused: list[str] = []
    for order in drafts:
        try:
            purchase_order_approve(actor=request.actor, order=order)
            approved += 1
        except (Conflict, ValidationFailed) as exc:
            refused.append(exc.message)
    summary = f"Approve: {approved} approved"
    skipped = len(ids) - len(drafts)
    if skipped:
        summary += f", {skipped} skipped (not Draft)"
    level = messages.success if approved and not (refused or skipped) else messages.warning
    level(request, summary + ".")
    for message in refused[:5]:
        messages.error(request, message)
    return redirect(_back(request))


@purchases_page
def sku_options(request, account: Account):
    """The ``<option>``s of the order form's SKU datalist for what was typed (htmx; the SKU
    inputs are named ``lines-<n>-sku``)."""
    typed = next((v for k, v in request.GET.items() if k.endswith("sku")), "").strip()
    found = variants_search(request.actor, account, q=typed)[:SKU_OPTIONS] if typed else []
    return render(request, "web/inventory/_sku_options.html", {"variants": found})
