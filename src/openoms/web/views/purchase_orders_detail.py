"""A purchase order's page: its header, then the Lines (lot and serial numbers editable while
Draft), Receipts, References and Events tabs, with the actions its declared transitions allow
(``purchasing.transitions``): Approve, Send to Warehouse, Cancel.

Each action is a POST that calls one purchasing service and comes back to the page with a
message: the service's own sentence when it refuses (``Conflict``, ``ValidationFailed``). The
order is found through the selector of the account selected in the header: another account's
order is a 404. Receipts are never entered here: they come from the fulfillment channel.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openoms.catalog.selectors import variants_search
from openoms.core.errors import Conflict, ValidationFailed
from openoms.purchasing import selectors
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderStatus
from openoms.purchasing.services.purchase_orders import purchase_order_line_update
from openoms.purchasing.services.workflow import (
    purchase_order_approve,
    purchase_order_cancel,
    purchase_order_send,
)
from openoms.purchasing.transitions import po_can
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.scopes import Tab
from openoms.web.views.purchase_orders import purchases_page
from openoms.web.views.purchase_orders_texts import (
    ACTION_HELP,
    LOT_SERIAL_NOTE,
    PO_STATUS_HELP,
    RECEIPT_STATUS_HELP,
    RECEIPTS_NOTE,
    SOURCE_HELP,
)

REFUSALS = (Conflict, ValidationFailed)
ACTIONS = ("approve", "send", "cancel")
TABS = [
    ("lines", "Lines"),
    ("receipts", "Receipts"),
    ("references", "References"),
    ("events", "Events"),
]


def _actions(order: PurchaseOrder, can_manage: bool) -> dict[str, bool]:
    if not can_manage:
        return {}
    return {action: po_can(action, order.status) for action in ACTIONS}


def _tabs(receipt_count: int) -> list[Tab]:
    """The page's in-page tabs; Receipts says how many there are."""
    return [
        Tab(
            key,
            f"{label} ({receipt_count})" if key == "receipts" else label,
            f"#tab-{key}",
            in_page=True,
        )
        for key, label in TABS
    ]


def _lines(request, account: Account, order: PurchaseOrder) -> list:
    """The order's lines, each with its variant's title (product and variant names; one
    query for all of them)."""
    lines = list(order.lines.all())
    ids = {line.variant_id for line in lines}
    titles = {
        variant.pk: variant.title
        for variant in variants_search(request.actor, account).filter(pk__in=ids)
    }
    for line in lines:
        line.variant_title = titles.get(line.variant_id, "")
    return lines


@purchases_page
def purchase_order(request, account: Account, pk: int):
    order = selectors.purchase_order_get(request.actor, account, pk)
    can_manage = request.actor.can(Perm.PURCHASES_MANAGE)
    actions = _actions(order, can_manage)
    lines = _lines(request, account, order)
    receipts = list(order.receipts.all())
    for receipt in receipts:
        receipt.help = RECEIPT_STATUS_HELP.get(receipt.status, "")
    context = {
        "title": f"Purchase order {order.order_number}",
        "breadcrumbs": [("Purchases", None), ("Purchase Orders", reverse("web:purchase_orders"))],
        "order": order,
        "lines": lines,
        "receipts": receipts,
        "references": sorted((order.references or {}).items()),
        "events": selectors.purchase_order_events(request.actor, order),
        "tabs": _tabs(len(receipts)),
        "actions": actions,
        "action_help": [ACTION_HELP[name] for name, allowed in actions.items() if allowed],
        "lines_editable": can_manage and order.status == PurchaseOrderStatus.DRAFT,
        "status_help": PO_STATUS_HELP.get(order.status, ""),
        "source_help": SOURCE_HELP.get(order.source, ""),
        "receipts_note": RECEIPTS_NOTE,
        "lot_serial_note": LOT_SERIAL_NOTE,
        "send_waiting": order.status == PurchaseOrderStatus.APPROVED and order.send_requested_at,
    }
    return render(request, "web/purchase_orders/detail.html", context)


def _order_action(service):
    """A POST view running ``service(request, order)``, which returns its success message; a
    refusal of the service is the error message."""

    @require_POST
    @purchases_page
    def view(request, account: Account, pk: int):
        request.actor.require(Perm.PURCHASES_MANAGE)
        order = selectors.purchase_order_get(request.actor, account, pk)
        try:
            done = service(request, order)
        except REFUSALS as exc:
            messages.error(request, _refusal(exc))
        else:
            messages.success(request, done)
        return redirect("web:purchase_order", pk=order.pk)

    return view


def _refusal(exc: Conflict | ValidationFailed) -> str:
    errors = getattr(exc, "errors", None) or {}
    return " ".join(errors.values()) if errors else exc.message


def after_approval(order: PurchaseOrder, done: str) -> str:
    """``done``, saying what the automatic workflow did with the approved order."""
    if order.status == PurchaseOrderStatus.SENT:
        return f"{done} and sent to the warehouse (automatic workflow)."
    if order.send_requested_at:
        return f"{done}; sending it to the warehouse was requested (automatic workflow)."
    return f"{done}: its quantities now count as Incoming."


def _approve(request, order: PurchaseOrder) -> str:
    approved = purchase_order_approve(actor=request.actor, order=order)
    approved.refresh_from_db()
    return after_approval(approved, f"Purchase order {order.order_number} approved")


def _send(request, order: PurchaseOrder) -> str:
    sent = purchase_order_send(actor=request.actor, order=order)
    sent.refresh_from_db()
    if sent.status == PurchaseOrderStatus.SENT:
        return f"Purchase order {order.order_number} sent to the warehouse."
    return (
        f"Purchase order {order.order_number}: sending to the warehouse requested; it is Sent "
        "to Warehouse once the fulfillment channel accepts it."
    )


def _cancel(request, order: PurchaseOrder) -> str:
    reason = request.POST.get("reason", "").strip()[:200]
    purchase_order_cancel(actor=request.actor, order=order, reason=reason)
    return f"Purchase order {order.order_number} cancelled: nothing more is expected."


purchase_order_approve_view = _order_action(_approve)
purchase_order_send_view = _order_action(_send)
purchase_order_cancel_view = _order_action(_cancel)


def _save_lines(request, order: PurchaseOrder) -> str:
    """Every Draft line's posted ``lot-<id>`` and ``serial-<id>``, all or none."""
    changed = 0
    with transaction.atomic():
        for line in order.lines.all():
            lot = request.POST.get(f"lot-{line.pk}", line.lot_number).strip()
            serial = request.POST.get(f"serial-{line.pk}", line.serial_number).strip()
            if (lot, serial) == (line.lot_number, line.serial_number):
                continue
            try:
                purchase_order_line_update(
                    actor=request.actor, line=line, lot_number=lot, serial_number=serial
                )
            except ValidationFailed as exc:
                reasons = " ".join(exc.errors.values()) or exc.message
                raise ValidationFailed(exc.errors, f"Line {line.line_number}: {reasons}") from exc
            changed += 1
    if not changed:
        return "Nothing changed in the lines."
    return f"Lot and serial numbers saved ({changed} line{'s' if changed > 1 else ''})."


@require_POST
@purchases_page
def purchase_order_lines_save(request, account: Account, pk: int):
    request.actor.require(Perm.PURCHASES_MANAGE)
    order = selectors.purchase_order_get(request.actor, account, pk)
    try:
        messages.success(request, _save_lines(request, order))
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect(reverse("web:purchase_order", kwargs={"pk": order.pk}) + "#tab-lines")
