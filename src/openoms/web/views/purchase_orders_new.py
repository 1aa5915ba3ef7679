"""Purchase Orders → New purchase order: a manual order (it starts Draft; "Save and approve"
approves it at once). The form is ``purchase_order_forms.PurchaseOrderForm``;
``purchase_order_create`` checks everything.

When the form itself found a problem (a date that is not one, a reference without a name), the
service still runs, inside a transaction that is then rolled back, so the page shows every
problem at once and nothing is stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from openoms.channels.carrier_selectors import carrier_choices
from openoms.core.errors import Conflict, ValidationFailed
from openoms.inventory.selectors import enabled_warehouses
from openoms.purchasing import selectors
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderSource
from openoms.purchasing.services.purchase_orders import purchase_order_create
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.purchase_order_forms import PurchaseOrderForm, next_order_number
from openoms.web.views.purchase_orders import purchases_page
from openoms.web.views.purchase_orders_detail import after_approval

APPROVE = "approve"


class _FormProblems(Exception):
    """The service accepted the order but the form had problems of its own: roll back."""


def _warehouses(request, account: Account) -> list[tuple[str, str]]:
    """The enabled physical warehouses (code, label)."""
    found = enabled_warehouses(request.actor, account)
    return [(w.code, f"{w.code} — {w.name}") for w in found if not w.is_virtual]


def _render(request, account: Account, form: PurchaseOrderForm):
    context = {
        "title": "New purchase order",
        "breadcrumbs": [("Purchases", None), ("Purchase Orders", reverse("web:purchase_orders"))],
        "form": form,
        "header": form.header_inputs(),
        "rows": form.line_rows(),
        "reference_rows": form.reference_rows(),
        "blank_row": form.template_row(),
        "other_errors": form.other_errors(),
        "warehouses": _warehouses(request, account),
        "carriers": carrier_choices(request.actor, account),
    }
    return render(request, "web/purchase_orders/new.html", context)


def _create(request, account: Account, form: PurchaseOrderForm) -> PurchaseOrder | None:
    """The new order, or None with ``form.errors`` filled."""
    draft = form.draft()
    try:
        with transaction.atomic():
            order = purchase_order_create(
                actor=request.actor,
                account=account,
                draft=draft,
                source=PurchaseOrderSource.MANUAL,
                approve=APPROVE in request.POST,
            )
            if form.errors:
                raise _FormProblems
    except _FormProblems:
        return None
    except ValidationFailed as exc:
        form.errors.update(exc.errors)
        return None
    except Conflict as exc:
        form.errors["order"] = exc.message
        return None
    return order


@purchases_page
def purchase_order_new(request, account: Account):
    request.actor.require(Perm.PURCHASES_MANAGE)
    if request.method != "POST":
        number = next_order_number(selectors.purchase_orders(request.actor, account))
        return _render(request, account, PurchaseOrderForm.blank(number))
    form = PurchaseOrderForm.posted(request.POST)
    order = _create(request, account, form)
    if order is None:
        messages.error(
            request, "The purchase order was not created: correct the fields marked below."
        )
        return _render(request, account, form)
    order.refresh_from_db()  # the automatic workflow may have sent it meanwhile
    done = f"Purchase order {order.order_number} created ({order.get_status_display()})"
    if APPROVE in request.POST:
        done = after_approval(order, done)
    else:
        done += "."
    messages.success(request, done)
    return redirect("web:purchase_order", pk=order.pk)
