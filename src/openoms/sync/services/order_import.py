"""Importing orders of a sales channel: the one path both the webhook inbox and the poll of
Import Orders take (docs/orders.md, "From Shopify"), for a batch of orders (``orders_import``:
the new ones created together, in one transaction) or one (``order_import``).

* An order the channel already gave us (same channel, same channel order id) is never imported
  again: it is looked up first, and the database's ``order_imported_once`` constraint settles a
  race (a webhook and a poll at once): the loser finds the winner's order. When the channel
  cancelled it since, OpenOMS cancels it too (``sales_order_cancel``) unless something shipped
  (then a Warning says so). Other changes of an imported order (address, contact, lines) are
  not applied: the order is OpenOMS's from import on.
* An order cancelled before it was imported is not imported.
* An order with a SKU no variant answers to, or that ``sales_orders_create`` refuses (a carrier
  the API Validation Rules stop, …), is *waiting*: nothing is stored, the caller records the
  reason and tries again on later runs. When the database refuses a batch's insert (a
  concurrent import took an order or its number after the batch read them), the batch is
  created again order by order, so only that order waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction

from openoms.channels.models import Channel
from openoms.core.errors import Conflict, DomainError, ValidationFailed
from openoms.orders.drafts import OrderDraft
from openoms.orders.models import OrderSource, OrderStatus, SalesOrder
from openoms.orders.services.orders import sales_orders_create
from openoms.orders.services.workflow import sales_order_cancel
from openoms.sync.services.order_batch import OrderBatch
from openoms.sync.services.order_drafts import order_draft
from openoms.sync.services.order_payload import IncomingOrder
from openoms.tenancy.actor import Actor


class Imported(StrEnum):
    """What became of one order."""

    IMPORTED = "imported"
    ALREADY = "already imported"
    CANCELLED = "cancelled"  # imported before, cancelled now as the channel did
    NOT_CANCELLED = "not cancelled"  # the channel cancelled it; OpenOMS could not
    CANCELLED_BEFORE = "cancelled before import"
    WAITING = "waiting"  # for a SKU mapping, or a refused field (``reason``)


@dataclass(frozen=True)
class ImportResult:
    outcome: Imported
    order: SalesOrder | None = None
    reason: str = ""
    unknown_skus: tuple[str, ...] = ()


def order_import(
    *, actor: Actor, channel: Channel, incoming: IncomingOrder, batch: OrderBatch | None = None
) -> ImportResult:
    """Import ``incoming`` into ``channel``'s account, or say why not (``orders_import`` of
    one order)."""
    [result] = orders_import(actor=actor, channel=channel, incomings=[incoming], batch=batch)
    return result


def orders_import(
    *,
    actor: Actor,
    channel: Channel,
    incomings: Sequence[IncomingOrder],
    batch: OrderBatch | None = None,
) -> list[ImportResult]:
    """Import each of ``incomings`` (see the module), the new ones created together in one
    transaction (``sales_orders_create``); → what became of each. ``batch``: what was read for
    the batch they come in (``order_batch``)."""
    results: list[ImportResult | None] = []
    drafts: list[tuple[int, IncomingOrder, OrderDraft]] = []
    for incoming in incomings:
        early, draft = _prepared(actor, channel, incoming, batch)
        if draft is not None:
            drafts.append((len(results), incoming, draft))
        results.append(early)
    if drafts:
        created = _created(actor, channel, [(i, d) for _, i, d in drafts], batch)
        for (index, *_), result in zip(drafts, created, strict=True):
            results[index] = result
    return results  # type: ignore[return-value]  (each is set)


def _prepared(
    actor: Actor, channel: Channel, incoming: IncomingOrder, batch: OrderBatch | None
) -> tuple[ImportResult | None, OrderDraft | None]:
    """What became of an order already imported, cancelled or unknown SKUs; else its draft."""
    order = incoming.order
    if batch is not None and batch.knows_ref(order.ref):
        existing = batch.imported.get(order.ref)
    else:
        existing = _imported(channel, order.ref)
    if existing is not None:
        return _update(actor, existing, incoming), None
    if order.cancelled_at is not None:
        return ImportResult(Imported.CANCELLED_BEFORE), None
    outcome = order_draft(channel, incoming, batch)
    if outcome.draft is None:
        skus = ", ".join(outcome.unknown_skus)
        reason = (
            f"Order {order.number} of {channel.name} was not imported: unknown SKU {skus}. Map "
            "it in the channel's SKU mappings (or add it to the catalog); the order is imported "
            "on the next Import Orders run after that."
        )
        return ImportResult(
            Imported.WAITING, reason=reason, unknown_skus=outcome.unknown_skus
        ), None
    return None, outcome.draft


def _created(
    actor: Actor,
    channel: Channel,
    drafts: list[tuple[IncomingOrder, OrderDraft]],
    batch: OrderBatch | None,
) -> list[ImportResult]:
    """The drafts created together (nothing stored when it raises). An insert the database
    refuses (a concurrent import took an order or its number) is tried again order by order."""
    try:
        created = sales_orders_create(
            actor=actor,
            account=channel.account,
            drafts=[draft for _, draft in drafts],
            source=OrderSource.CHANNEL,
            known=batch.known_rows() if batch is not None else None,
        )
    except IntegrityError:
        if len(drafts) > 1:
            return [result for one in drafts for result in _created(actor, channel, [one], batch)]
        [(incoming, _)] = drafts
        if (found := _imported(channel, incoming.order.ref)) is not None:
            return [_update(actor, found, incoming)]
        reason = (  # its order number was taken meanwhile: the next run picks another
            f"Order {incoming.order.number} of {channel.name}: its order number was taken "
            "meanwhile."
        )
        return [ImportResult(Imported.WAITING, reason=reason)]
    except DomainError as exc:  # the actor may not create orders: none of them
        return [_refused(actor, channel, incoming, exc) for incoming, _ in drafts]
    results = []
    for (incoming, _), outcome in zip(drafts, created, strict=True):
        if isinstance(outcome, ValidationFailed):
            results.append(_refused(actor, channel, incoming, outcome))
            continue
        if batch is not None:
            batch.imported_now(outcome)
        results.append(ImportResult(Imported.IMPORTED, outcome))
    return results


def _refused(
    actor: Actor, channel: Channel, incoming: IncomingOrder, refused: DomainError
) -> ImportResult:
    """An order ``sales_orders_create`` refused waits with the reason, unless a concurrent
    import stored it meanwhile (its number was taken when checked)."""
    order = incoming.order
    if (found := _imported(channel, order.ref)) is not None:
        return _update(actor, found, incoming)
    reason = f"Order {order.number} of {channel.name} was not imported: {refused.message}"
    return ImportResult(Imported.WAITING, reason=reason)


def _imported(channel: Channel, ref: str) -> SalesOrder | None:
    return SalesOrder.objects.filter(channel=channel, external_ref=ref).first()


def _update(actor: Actor, existing: SalesOrder, incoming: IncomingOrder) -> ImportResult:
    """An order imported before: cancelled when the channel cancelled it, else left as is."""
    cancelled = existing.status == OrderStatus.CANCELLED or existing.cancel_requested_at
    if incoming.order.cancelled_at is None or cancelled:
        return ImportResult(Imported.ALREADY, existing)
    try:
        with transaction.atomic():
            done = sales_order_cancel(
                actor=actor, order=existing, reason="cancelled in the sales channel"
            )
    except Conflict as exc:
        return ImportResult(Imported.NOT_CANCELLED, existing, exc.message)
    return ImportResult(Imported.CANCELLED, done)
