"""Sales Orders → New order: a manual order (it starts Draft; "Save and approve" approves it at
once). The form is ``sales_order_forms.OrderForm``; ``sales_order_create`` checks everything.

When the form itself found a problem (a date that is not one), the service is not called: the
same check it runs (``order_draft_check``, which stores nothing) adds its problems, so the page
shows every problem at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from openoms.channels.carrier_selectors import carrier_choices
from openoms.core.errors import Conflict, ValidationFailed
from openoms.inventory.selectors import enabled_warehouses
from openoms.orders import selectors
from openoms.orders.models import OrderSource
from openoms.orders.services.order_checks import order_draft_check
from openoms.orders.services.orders import sales_order_create
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.sales_order_forms import OrderForm, next_order_number
from openoms.web.views.sales_orders import orders_page
from openoms.web.views.sales_orders_detail import after_approval

APPROVE = "approve"


def _warehouses(request, account: Account) -> list[tuple[str, str]]:
    """The enabled physical warehouses (code, label)."""
    found = enabled_warehouses(request.actor, account)
    return [(w.code, f"{w.code} — {w.name}") for w in found if not w.is_virtual]


def _render(request, account: Account, form: OrderForm):
    context = {
        "title": "New sales order",
        "breadcrumbs": [("Sales", None), ("Sales Orders", reverse("web:sales_orders"))],
        "form": form,
        "header": form.header_inputs(),
        "ship_to": form.address_inputs("ship_to"),
        "bill_to": form.address_inputs("bill_to"),
        "rows": form.line_rows(),
        "blank_row": form.template_row(),
        "other_errors": form.other_errors(),
        "warehouses": _warehouses(request, account),
        "carriers": carrier_choices(request.actor, account),
    }
    return render(request, "web/sales_orders/new.html", context)


def _create(request, account: Account, form: OrderForm):
    """The new order, or None with ``form.errors`` filled."""
    draft = form.draft()
    if form.errors:
        form.errors.update(order_draft_check(account, draft)[1])
        return None
    try:
        return sales_order_create(
            actor=request.actor,
            account=account,
            draft=draft,
            source=OrderSource.MANUAL,
            approve=APPROVE in request.POST,
        )
    except ValidationFailed as exc:
        form.errors.update(exc.errors)
    except Conflict as exc:
        form.errors["order"] = exc.message
    return None


@orders_page
def sales_order_new(request, account: Account):
    request.actor.require(Perm.ORDERS_MANAGE)
    if request.method != "POST":
        number = next_order_number(selectors.sales_orders(request.actor, account))
        return _render(request, account, OrderForm.blank(number))
    form = OrderForm.posted(request.POST)
    order = _create(request, account, form)
    if order is None:
        messages.error(request, "The order was not created: correct the fields marked below.")
        return _render(request, account, form)
    order.refresh_from_db()  # the automatic workflow may have allocated it meanwhile
    done = f"Order {order.order_number} created ({order.get_status_display()})"
    messages.success(request, after_approval(request, order, done))
    return redirect("web:sales_order", pk=order.pk)
