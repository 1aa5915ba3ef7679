"""Creating sales orders, from every source, through one service.

``sales_orders_create`` checks each draft first (``order_checks``: every problem at once, a
``ValidationFailed`` keyed by field, nothing of it stored), then the carrier and service against
the account's API Validation Rules (an Error stops the order with the reason; a Warning is
recorded and the order goes on), then stores the drafts without a problem in one transaction:
orders, lines and Events one statement each. Orders from a sales channel start Approved;
manual, API and file orders start Draft unless ``approve`` is asked. Approved orders are
allocated at once, together (``allocation.orders_allocate``), when the account's *Enable
Automatic Sales Order Workflow* is Yes. ``sales_order_create`` is the same service for one
draft (the form, the API, a file row); Import Orders gives it a batch of a channel's orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.models import Channel
from openoms.core.errors import Conflict, ValidationFailed
from openoms.core.read_memo import memoized
from openoms.orders.drafts import KnownRows, OrderDraft
from openoms.orders.events import order_event_draft, order_events
from openoms.orders.models import OrderSource, OrderStatus, SalesOrder, SalesOrderLine
from openoms.orders.services.allocation import ToAllocate, orders_allocate
from openoms.orders.services.order_carriers import CarrierOutcome, carrier_problems
from openoms.orders.services.order_checks import CheckedOrder, order_draft_check
from openoms.orders.services.workflow import not_allocated_message
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
) -> SalesOrder:
    """Check and store ``draft`` (see the module); ``ValidationFailed`` when it cannot be."""
    [created] = sales_orders_create(
        actor=actor, account=account, drafts=[draft], source=source, approve=approve
    )
    if isinstance(created, ValidationFailed):
        raise created
    return created


def sales_orders_create(
    *,
    actor: Actor,
    account: Account,
    drafts: Sequence[OrderDraft],
    source: str,
    approve: bool = False,
    known: KnownRows | None = None,
) -> list[SalesOrder | ValidationFailed]:
    """Check each draft, then store those without a problem in one transaction (orders, lines,
    events, and their allocation when it is automatic: ``orders_allocate``); → per draft its
    new order, or the ``ValidationFailed`` that says why not (nothing of it stored). An insert
    the database refuses (a number taken meanwhile by a concurrent request) stores nothing of
    any draft: ``IntegrityError``. ``known``: what an import read for its whole batch."""
    actor.require_account(account)
    actor.require(Perm.ORDERS_MANAGE)
    outcomes: list[SalesOrder | ValidationFailed | None] = []
    ready: list[tuple[int, OrderDraft, CheckedOrder, CarrierOutcome]] = []
    numbers: set[str] = set()
    for draft in drafts:
        checked, carrier, errors = _checked(account, draft, known)
        if not errors and checked.number in numbers:  # twice in these drafts
            errors["order_number"] = f"Order {checked.number} already exists."
        if errors:
            outcomes.append(
                ValidationFailed(errors, "The order was not created: " + _first(errors))
            )
            continue
        numbers.add(checked.number)
        ready.append((len(outcomes), draft, checked, carrier))
        outcomes.append(None)
    if ready:
        starts_approved = approve or source == OrderSource.CHANNEL
        with transaction.atomic():
            stored = _stored(actor, account, source, starts_approved, ready)
        for (index, *_), order in zip(ready, stored, strict=True):
            outcomes[index] = order
    return outcomes  # type: ignore[return-value]  (no None is left)


def _checked(
    account: Account, draft: OrderDraft, known: KnownRows | None
) -> tuple[CheckedOrder, CarrierOutcome, dict[str, str]]:
    checked, errors = order_draft_check(account, draft, known)
    channel = _channel(account.pk, draft.channel_id) if draft.channel_id else None
    carrier = carrier_problems(account, "sales_order", draft.carrier, draft.service, channel)
    errors.update(carrier.errors)
    return checked, carrier, errors


def _stored(actor: Actor, account: Account, source: str, approved: bool, ready: list):
    """The orders and their lines (one statement each), their events, and their automatic
    allocation."""
    orders = SalesOrder.objects.bulk_create(
        _order(account, source, approved, draft, checked, carrier)
        for _, draft, checked, carrier in ready
    )
    line_lists = [
        [
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
        ]
        for order, (_, _, checked, _) in zip(orders, ready, strict=True)
    ]
    SalesOrderLine.objects.bulk_create(line for lines in line_lists for line in lines)
    origin = SOURCE_LABELS[source].lower()
    events = []
    for order, (_, _, _, carrier) in zip(orders, ready, strict=True):
        created = f"Order {order.order_number} created ({origin})."
        events.append(order_event_draft(order, EventLevel.INFO, created, actor))
        events.extend(
            order_event_draft(order, EventLevel.WARNING, w, actor) for w in carrier.warnings
        )
    order_events(account, events)
    if approved and account.enable_automatic_sales_order_workflow:
        _auto_allocated(actor, orders, line_lists)
    return orders


def _order(
    account, source, approved, draft: OrderDraft, checked: CheckedOrder, carrier
) -> SalesOrder:
    return SalesOrder(
        account=account,
        order_number=checked.number,
        order_date=draft.order_date or timezone.now(),
        status=OrderStatus.APPROVED if approved else OrderStatus.DRAFT,
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


def _auto_allocated(actor: Actor, orders: list[SalesOrder], line_lists: list[list]) -> None:
    """The automatic workflow: the new orders allocated at once; one that cannot be stays
    Approved with an Error event."""
    items = [
        ToAllocate(order, [(line, line.quantity) for line in lines], first=True)
        for order, lines in zip(orders, line_lists, strict=True)
    ]
    refused = [
        order_event_draft(order, EventLevel.ERROR, not_allocated_message(order, result), actor)
        for order, result in zip(orders, orders_allocate(actor, items), strict=True)
        if isinstance(result, Conflict)
    ]
    order_events(orders[0].account, refused)


@memoized
def _channel(account_id: int, channel_id: int) -> Channel | None:
    return Channel.objects.filter(pk=channel_id, account_id=account_id).first()


def _address(value: dict) -> dict:
    return {key: (text or "").strip() for key, text in (value or {}).items() if text}


def _first(errors: dict[str, str]) -> str:
    field, reason = next(iter(errors.items()))
    return f"{field}: {reason}"
