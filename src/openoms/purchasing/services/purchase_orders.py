"""Creating purchase orders, from every source, through one service; and the one edit of a line
after that (its lot and serial numbers, while Draft).

``purchase_order_create`` checks the whole draft first (``po_checks``: every problem at once, a
``ValidationFailed`` keyed by field, nothing stored), then the inbound carrier and service
against the account's API Validation Rules for purchase orders (an Error stops the order with
the reason; a Warning is recorded and the order goes on), then stores the order and its lines in
one transaction with an Event. Orders start Draft, or Approved when ``approve`` is asked (then
their quantities count as Incoming at once: ``workflow.purchase_order_approve``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.carrier_check import carrier_resolve
from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.purchasing.drafts import PurchaseOrderDraft
from openoms.purchasing.events import purchase_order_event
from openoms.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderSource,
    PurchaseOrderStatus,
)
from openoms.purchasing.services.po_checks import lot_serial_problems, purchase_order_draft_check
from openoms.purchasing.services.po_lock import po_locked
from openoms.purchasing.services.workflow import purchase_order_approve
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

SOURCE_LABELS = dict(PurchaseOrderSource.choices)


def purchase_order_create(
    *,
    actor: Actor,
    account: Account,
    draft: PurchaseOrderDraft,
    source: str,
    approve: bool = False,
) -> PurchaseOrder:
    """Check and store ``draft`` (see the module); ``ValidationFailed`` when it cannot be."""
    actor.require_account(account)
    actor.require(Perm.PURCHASES_MANAGE)
    if source not in SOURCE_LABELS:
        raise ValueError(f"Unknown purchase order source {source!r}.")
    checked, errors = purchase_order_draft_check(account, draft)
    carrier = carrier_resolve(
        account=account,
        document="purchase_order",
        carrier_code=draft.carrier if isinstance(draft.carrier, str) else "",
        service_code=draft.service if isinstance(draft.service, str) else "",
    )
    if carrier.is_error:
        errors["carrier"] = " ".join(carrier.problems)
    if errors:
        raise ValidationFailed(errors, "The purchase order was not created: " + _first(errors))
    with transaction.atomic():
        order = PurchaseOrder.objects.create(
            account=account,
            order_number=checked.number,
            order_date=draft.order_date or timezone.now(),
            source=source,
            warehouse=checked.warehouse,
            supplier=draft.supplier.strip(),
            reference_number=draft.reference_number.strip(),
            purchase_order_number=draft.purchase_order_number.strip(),
            source_text=draft.source_text.strip(),
            cancel_after=draft.cancel_after,
            requested_ship_date=draft.requested_ship_date,
            carrier_code=(carrier.carrier.code if carrier.carrier else draft.carrier.strip())[:100],
            service_code=(carrier.service.code if carrier.service else draft.service.strip())[:100],
            references={key.strip(): value for key, value in draft.references.items()},
        )
        PurchaseOrderLine.objects.bulk_create(
            PurchaseOrderLine(
                order=order,
                line_number=number,
                variant=line.variant,
                sku=line.variant.sku,
                quantity=line.quantity,
                lot_number=line.lot_number,
                serial_number=line.serial_number,
            )
            for number, line in enumerate(checked.lines, start=1)
        )
        origin = SOURCE_LABELS[source].lower()
        message = f"Purchase order {order.order_number} created ({origin})."
        purchase_order_event(order, EventLevel.INFO, message, actor)
        for problem in carrier.problems:
            purchase_order_event(order, EventLevel.WARNING, problem, actor)
        if approve:
            order = purchase_order_approve(actor=actor, order=order)
    return order


def purchase_order_line_update(
    *, actor: Actor, line: PurchaseOrderLine | int, lot_number: str, serial_number: str
) -> PurchaseOrderLine:
    """Set a line's lot and serial numbers: only while its order is Draft (they go to the
    warehouse with the order); a serial number needs quantity 1."""
    actor.require(Perm.PURCHASES_MANAGE)
    pk = line.pk if isinstance(line, PurchaseOrderLine) else line
    order_id = PurchaseOrderLine.objects.filter(pk=pk).values_list("order_id", flat=True).first()
    if order_id is None:
        raise NotFound("Purchase order line not found.")
    with transaction.atomic():
        order = po_locked(actor, order_id)
        found = PurchaseOrderLine.objects.get(pk=pk)
        if order.status != PurchaseOrderStatus.DRAFT:
            raise Conflict(
                f"Purchase order {order.order_number} is {order.get_status_display()}: lot and "
                "serial numbers can be changed only while it is Draft."
            )
        where = f"lines.{found.line_number - 1}"
        errors = lot_serial_problems(lot_number, serial_number, found.quantity, where)
        if errors:
            raise ValidationFailed(errors, "The line was not changed: " + _first(errors))
        lot, serial = lot_number.strip(), serial_number.strip()
        if (found.lot_number, found.serial_number) == (lot, serial):
            return found
        found.lot_number, found.serial_number = lot, serial
        found.save(update_fields=["lot_number", "serial_number"])
        purchase_order_event(
            order,
            EventLevel.INFO,
            f"Purchase order {order.order_number} line {found.line_number} ({found.sku}): lot "
            f"number '{lot}', serial number '{serial}'.",
            actor,
        )
    return found


def _first(errors: dict[str, str]) -> str:
    field, reason = next(iter(errors.items()))
    return f"{field}: {reason}"
