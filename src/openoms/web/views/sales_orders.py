"""Sales → Sales Orders: the list (filters, search, pagination, the Maintenance menu of
``sales_orders_files``), its bulk *Allocate & Fulfill* of the selected Approved orders, and the
SKU search of the order form.

Every read goes through ``orders.selectors`` scoped to the account selected in the header
(another account's order is neither listed nor found); every change through the order services,
whose refusals (``Conflict``, ``ValidationFailed``) are shown as messages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openoms.catalog.selectors import variants_search
from openoms.channels.selectors import channels
from openoms.core.errors import Conflict, ValidationFailed
from openoms.orders import selectors
from openoms.orders.models import OrderStatus
from openoms.orders.services.allocation import sales_order_allocate
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.sales_order_forms import (
    BACKORDERED_CHOICES,
    FILTER_NAMES,
    SOURCE_CHOICES,
    STATUS_CHOICES,
    order_filters,
)
from openoms.web.scopes import selected_account_page
from openoms.web.views.sales_orders_texts import BACKORDERED_HELP, ORDER_STATUS_HELP

PAGE_SIZE = 50
SKU_OPTIONS = 20
MAX_BULK = 200
EXPORT_NOTES = {
    True: "The orders of this filtered list, one row per line",
    False: "Every order, one row per line",
}

orders_page = selected_account_page(
    Perm.ORDERS_VIEW, "Sales Orders", "Sales orders belong to one account."
)


def sales_channel_options(request, account: Account) -> list[tuple[int, str]]:
    if not request.actor.can(Perm.CHANNELS_VIEW):
        return []
    return list(channels(request.actor, account, type="sales").values_list("pk", "name"))


def export_url(query) -> str:
    """The list's Export link: the export with the list's filters (not its page)."""
    kept = {name: query.get(name, "").strip() for name in FILTER_NAMES}
    kept = {name: value for name, value in kept.items() if value}
    base = reverse("web:sales_orders_export")
    return f"{base}?{urlencode(kept)}" if kept else base


@orders_page
def sales_orders(request, account: Account):
    filters, typed, problems = order_filters(request.GET)
    rows = selectors.sales_orders(request.actor, account, filters).annotate(
        shipment_count=Count("shipments")
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for order in page_obj:
        order.status_help = ORDER_STATUS_HELP.get(order.status, "")
    context = {
        "title": "Sales Orders",
        "breadcrumbs": [("Sales", None)],
        "page_obj": page_obj,
        "typed": typed,
        "problems": problems,
        "filtered": any(typed.values()),
        "status_choices": STATUS_CHOICES,
        "source_choices": SOURCE_CHOICES,
        "backordered_choices": BACKORDERED_CHOICES,
        "channel_options": sales_channel_options(request, account),
        "can_manage": request.actor.can(Perm.ORDERS_MANAGE),
        "approved": OrderStatus.APPROVED,
        "backordered_help": BACKORDERED_HELP,
        "export_url": export_url(request.GET),
        "export_note": EXPORT_NOTES[any(typed.values())],
    }
    return render(request, "web/sales_orders/list.html", context)


def _back(request) -> str:
    """The list with the filters it was posted from (only a path of this list)."""
    target = request.POST.get("next", "")
    base = reverse("web:sales_orders")
    return target if target.startswith(base) and "//" not in target else base


@require_POST
@orders_page
def sales_orders_allocate(request, account: Account):
    """Allocate & Fulfill each selected Approved order, one transaction each; the message
    counts the allocated, backordered, skipped and refused ones."""
    request.actor.require(Perm.ORDERS_MANAGE)
    ids = [int(pk) for pk in request.POST.getlist("order") if pk.isdigit()][:MAX_BULK]
    if not ids:
        messages.warning(request, "Select the Approved orders to allocate first.")
        return redirect(_back(request))
    found = selectors.sales_orders(request.actor, account).filter(pk__in=ids)
    approved = list(found.filter(status=OrderStatus.APPROVED).values_list("pk", flat=True))
    allocated = backordered = 0
    refused: list[str] = []
    for pk in approved:
        try:
            if sales_order_allocate(actor=request.actor, order=pk) is None:
                backordered += 1
            else:
                allocated += 1
        except (Conflict, ValidationFailed) as exc:
            refused.append(exc.message)
    summary = f"Allocate & Fulfill: {allocated} allocated, {backordered} backordered"
    skipped = len(ids) - len(approved)
    if skipped:
        summary += f", {skipped} skipped (not Approved)"
    level = messages.success if allocated and not (backordered or refused) else messages.warning
    level(request, summary + ".")
    for message in refused[:5]:
        messages.error(request, message)
    return redirect(_back(request))


@orders_page
def sku_options(request, account: Account):
    """The ``<option>``s of the order form's SKU datalist for what was typed (htmx; the SKU
    inputs are named ``lines-<n>-sku``)."""
    typed = next((v for k, v in request.GET.items() if k.endswith("sku")), "").strip()
    found = variants_search(request.actor, account, q=typed)[:SKU_OPTIONS] if typed else []
    return render(request, "web/inventory/_sku_options.html", {"variants": found})
