"""Creating sales orders, from every source, through one service.

``sales_order_create`` checks the whole draft first (``order_checks``: every problem at once, a
``ValidationFailed`` keyed by field, nothing stored), then the carrier and service against the
account's API Validation Rules (an Error stops the order with the reason; a Warning is recorded
and the order goes on), then stores the order and its lines in one transaction with an Event.
Orders from a sales channel start Approved; manual, API and file orders start Draft unless
``approve`` is asked. An Approved order is processed at once when the account's *Enable
Automatic Sales Order Workflow* is Yes (``services.workflow.sales_order_auto_process``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.models import Channel
from openoms.core.errors import ValidationFailed
from openoms.core.read_memo import memoized
from openoms.orders.drafts import KnownRows, OrderDraft
from openoms.orders.events import order_event
from openoms.orders.models import OrderSource, OrderStatus, SalesOrder, SalesOrderLine
from openoms.orders.services.order_carriers import carrier_problems
from openoms.orders.services.order_checks import order_draft_check
from openoms.orders.services.workflow import sales_order_auto_process
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

SOURCE_LABELS = dict(OrderSource.choices)


def sales_order_create(
    *,
    actor: Actor,
    account: Account,
    draft: OrderDraft,
    source: str,
    approve: bool = False,
    known: KnownRows | None = None,
) -> SalesOrder:
    """Check and store ``draft`` (see the module); ``ValidationFailed`` when it cannot be.
    ``known``: what an import read for its whole batch (``drafts.KnownRows``)."""
    actor.require_account(account)
    actor.require(Perm.ORDERS_MANAGE)
    checked, errors = order_draft_check(account, draft, known)
    channel = _channel(account.pk, draft.channel_id) if draft.channel_id else None
    carrier = carrier_problems(account, "sales_order", draft.carrier, draft.service, channel)
    if carrier.errors:
        errors.update(carrier.errors)
    if errors:
        raise ValidationFailed(errors, "The order was not created: " + _first(errors))
    starts_approved = approve or source == OrderSource.CHANNEL
    with transaction.atomic():
        order = SalesOrder.objects.create(
            account=account,
            order_number=checked.number,
            order_date=draft.order_date or timezone.now(),
            status=OrderStatus.APPROVED if starts_approved else OrderStatus.DRAFT,
            source=source,
            channel_id=draft.channel_id,
            external_ref=draft.external_ref,
            customer_name=draft.customer_name.strip()[:200],
            email=draft.email.strip()[:254],
            phone=draft.phone.strip()[:50],
            ship_to=_address(draft.ship_to),
            bill_to=_address(draft.bill_to or draft.ship_to),
            requested_warehouse=checked.warehouse,
            carrier_code=carrier.carrier_code[:100],
            service_code=carrier.service_code[:100],
            cancel_after=draft.cancel_after,
            currency=draft.currency.strip().upper()[:3],
            reference_number=draft.reference_number.strip()[:100],
            total=sum((line.price * line.quantity for line in checked.lines), Decimal("0.00")),
        )
        lines = SalesOrderLine.objects.bulk_create(
            SalesOrderLine(
                order=order,
                line_number=number,
                variant=line.variant,
                sku=line.variant.sku,
                channel_sku=line.draft.channel_sku[:255],
                external_ref=line.draft.external_ref[:200],
                quantity=line.quantity,
                price=line.price,
            )
            for number, line in enumerate(checked.lines, start=1)
        )
        origin = SOURCE_LABELS[source].lower()
        order_event(
            order, EventLevel.INFO, f"Order {order.order_number} created ({origin}).", actor
        )
        for warning in carrier.warnings:
            order_event(order, EventLevel.WARNING, warning, actor)
        if order.status == OrderStatus.APPROVED:
            sales_order_auto_process(actor=actor, order=order, new_lines=lines)
    return order


@memoized
def _channel(account_id: int, channel_id: int) -> Channel | None:
    return Channel.objects.filter(pk=channel_id, account_id=account_id).first()


def _address(value: dict) -> dict:
    return {key: (text or "").strip() for key, text in (value or {}).items() if text}


def _first(errors: dict[str, str]) -> str:
    field, reason = next(iter(errors.items()))
    return f"{field}: {reason}"
