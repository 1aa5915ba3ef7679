"""A sales order's page: its header, addresses, lines, shipments and events, with the actions
its declared transitions allow (``orders.transitions``): Approve, Allocate & Fulfill, Cancel;
per shipment Cancel and, for a shipment no fulfillment channel serves, Mark shipped.

Each action is a POST that calls one order service and comes back to the page with a message:
the service's own sentence when it refuses (``Conflict``, ``ValidationFailed``). The order is
found through the selector of the account selected in the header, the shipment among the
order's own: another account's order or shipment is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.orders import selectors
from openoms.orders.models import OrderStatus, SalesOrder, Shipment
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.shipments import shipment_cancel, shipment_progress
from openoms.orders.services.workflow import sales_order_approve, sales_order_cancel
from openoms.orders.transitions import SHIPMENT_TRANSITIONS, order_can
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.sales_order_forms import ADDRESS_FIELDS
from openoms.web.views.sales_orders import orders_page
from openoms.web.views.sales_orders_texts import (
    ACTION_HELP,
    BACKORDERED_HELP,
    NO_CHANNEL_HELP,
    ORDER_STATUS_HELP,
    REDACTED_HELP,
    SHIPMENT_STATUS_HELP,
    SOURCE_HELP,
)

REFUSALS = (Conflict, ValidationFailed)
CANCELLABLE = SHIPMENT_TRANSITIONS["cancel"][0] | SHIPMENT_TRANSITIONS["request_cancel"][0]
SHIPPABLE = SHIPMENT_TRANSITIONS["ship"][0]


@dataclass(frozen=True)
class ShipmentView:
    """A shipment as its card shows it, with the actions it allows."""

    shipment: Shipment
    lines: list
    shipped: int
    quantity: int
    help: str
    can_cancel: bool
    can_mark_shipped: bool


def _shipment_views(order: SalesOrder, can_manage: bool) -> list[ShipmentView]:
    views = []
    for shipment in order.shipments.all():
        lines = list(shipment.lines.all())
        views.append(
            ShipmentView(
                shipment=shipment,
                lines=lines,
                shipped=sum(line.shipped for line in lines),
                quantity=sum(line.quantity for line in lines),
                help=SHIPMENT_STATUS_HELP.get(shipment.status, ""),
                can_cancel=can_manage and shipment.status in CANCELLABLE,
                can_mark_shipped=can_manage
                and shipment.fulfillment_channel_id is None
                and shipment.status in SHIPPABLE,
            )
        )
    return views


def _address(values: dict) -> list[tuple[str, str]]:
    return [(label, values[key]) for key, label in ADDRESS_FIELDS if values.get(key)]


def _actions(order: SalesOrder, can_manage: bool) -> dict[str, bool]:
    if not can_manage:
        return {}
    return {action: order_can(action, order.status) for action in ("approve", "allocate", "cancel")}


@orders_page
def sales_order(request, account: Account, pk: int):
    order = selectors.sales_order_get(request.actor, account, pk)
    can_manage = request.actor.can(Perm.ORDERS_MANAGE)
    actions = _actions(order, can_manage)
    context = {
        "title": f"Order {order.order_number}",
        "breadcrumbs": [("Sales", None), ("Sales Orders", reverse("web:sales_orders"))],
        "order": order,
        "lines": list(order.lines.all()),
        "ship_to": _address(order.ship_to),
        "bill_to": _address(order.bill_to),
        "same_address": order.bill_to == order.ship_to,
        "shipments": _shipment_views(order, can_manage),
        "events": selectors.sales_order_events(request.actor, order),
        "actions": actions,
        "action_help": [ACTION_HELP[name] for name, allowed in actions.items() if allowed],
        "status_help": ORDER_STATUS_HELP.get(order.status, ""),
        "source_help": SOURCE_HELP.get(order.source, ""),
        "backordered_help": BACKORDERED_HELP,
        "no_channel_help": NO_CHANNEL_HELP,
        "redacted_help": REDACTED_HELP,
    }
    return render(request, "web/sales_orders/detail.html", context)


def _order_action(service):
    """A POST view running ``service(request, order)``, which returns its success message (or
    None when it said something itself); a refusal of the service is the error message."""

    @require_POST
    @orders_page
    def view(request, account: Account, pk: int):
        request.actor.require(Perm.ORDERS_MANAGE)
        order = selectors.sales_order_get(request.actor, account, pk)
        try:
            done = service(request, order)
        except REFUSALS as exc:
            messages.error(request, exc.message)
        else:
            if done:
                messages.success(request, done)
        return redirect("web:sales_order", pk=order.pk)

    return view


def _approve(request, order: SalesOrder) -> str:
    sales_order_approve(actor=request.actor, order=order)
    order.refresh_from_db()  # the automatic workflow may have allocated it meanwhile
    return after_approval(request, order, f"Order {order.order_number} approved")


def after_approval(request, order: SalesOrder, done: str) -> str:
    """``done``, saying what the automatic workflow did; a backorder is a warning of its own."""
    if order.status == OrderStatus.FULFILLING:
        return f"{done} and allocated (automatic workflow)."
    if order.is_backordered:
        messages.warning(request, f"{order.last_error} The order is backordered.")
    return f"{done}."


def _allocate(request, order: SalesOrder) -> str | None:
    shipment = sales_order_allocate(actor=request.actor, order=order)
    if shipment is None:
        order.refresh_from_db(fields=["last_error"])
        messages.warning(request, f"{order.last_error} The order is backordered.")
        return None
    return (
        f"Order {order.order_number} allocated at {shipment.warehouse.code}: shipment "
        f"{shipment.number} is ready to send."
    )


def _cancel(request, order: SalesOrder) -> str:
    cancelled = sales_order_cancel(
        actor=request.actor, order=order, reason=request.POST.get("reason", "")
    )
    if cancelled.status == OrderStatus.CANCELLED:
        return f"Order {order.order_number} cancelled."
    return f"Order {order.order_number}: cancellation asked of the warehouse."


sales_order_approve_view = _order_action(_approve)
sales_order_allocate_view = _order_action(_allocate)
sales_order_cancel_view = _order_action(_cancel)


def _shipment(order: SalesOrder, shipment_pk: int) -> Shipment:
    found = next((s for s in order.shipments.all() if s.pk == shipment_pk), None)
    if found is None:
        raise NotFound("Shipment not found.")
    return found


@require_POST
@orders_page
def shipment_cancel_view(request, account: Account, pk: int, shipment: int):
    request.actor.require(Perm.ORDERS_MANAGE)
    order = selectors.sales_order_get(request.actor, account, pk)
    found = _shipment(order, shipment)
    try:
        result = shipment_cancel(actor=request.actor, shipment=found)
    except REFUSALS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Shipment {found.number}: {result.get_status_display()}.")
    return redirect("web:sales_order", pk=order.pk)


def _shipped_totals(request, found: Shipment) -> dict[int, int]:
    """The posted total shipped per shipment line (``shipped-<line id>``), whole numbers."""
    totals, errors = {}, {}
    for line in found.lines.all():
        raw = request.POST.get(f"shipped-{line.pk}", "").strip()
        if not raw:
            continue
        if not raw.isdigit():
            errors[f"lines.{line.pk}"] = f"“{raw}” is not a whole number of units shipped."
        else:
            totals[line.pk] = int(raw)
    if errors:
        raise ValidationFailed(errors, next(iter(errors.values())))
    if not totals:
        need = "Enter how many units of each line have shipped in total."
        raise ValidationFailed({"lines": need}, need)
    return totals


@require_POST
@orders_page
def shipment_ship_view(request, account: Account, pk: int, shipment: int):
    """Mark shipped by hand (only a shipment no fulfillment channel serves): the total shipped
    so far per line, and an optional tracking number."""
    request.actor.require(Perm.ORDERS_MANAGE)
    order = selectors.sales_order_get(request.actor, account, pk)
    found = _shipment(order, shipment)
    try:
        if found.fulfillment_channel_id is not None:
            raise Conflict(
                f"Shipment {found.number} is handled by {found.fulfillment_channel.name}: "
                "what ships is read back from it."
            )
        number = request.POST.get("tracking", "").strip()[:100]
        tracking = [{"number": number, "carrier": found.carrier_code, "url": ""}] if number else []
        result = shipment_progress(
            actor=request.actor,
            shipment=found,
            shipped=_shipped_totals(request, found),
            tracking=tracking,
        )
    except REFUSALS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Shipment {found.number}: {result.get_status_display()}.")
    return redirect("web:sales_order", pk=order.pk)
