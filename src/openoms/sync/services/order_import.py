"""Importing one order of a sales channel: the one function both the webhook inbox and the poll
of Import Orders call (docs/orders.md, "From Shopify").

* An order the channel already gave us (same channel, same channel order id) is never imported
  again: it is looked up first, and the database's ``order_imported_once`` constraint settles a
  race (a webhook and a poll at once): the loser finds the winner's order. When the channel
  cancelled it since, OpenOMS cancels it too (``sales_order_cancel``) unless something shipped
  (then a Warning says so). Other changes of an imported order (address, contact, lines) are
  not applied: the order is OpenOMS's from import on.
* An order cancelled before it was imported is not imported.
* An order with a SKU no variant answers to, or that ``sales_order_create`` refuses (a carrier
  the API Validation Rules stop, …), is *waiting*: nothing is stored, the caller records the
  reason and tries again on later runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction

from openoms.channels.models import Channel
from openoms.core.errors import Conflict, DomainError
from openoms.orders.models import OrderSource, OrderStatus, SalesOrder
from openoms.orders.services.orders import sales_order_create
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
    """Import ``incoming`` into ``channel``'s account, or say why not (see the module);
    ``batch``: what was read for the batch it comes in (``order_batch``)."""
    order = incoming.order
    if batch is not None and batch.knows_ref(order.ref):
        existing = batch.imported.get(order.ref)
    else:
        existing = _imported(channel, order.ref)
    if existing is not None:
        return _update(actor, existing, incoming)
    if order.cancelled_at is not None:
        return ImportResult(Imported.CANCELLED_BEFORE)
    outcome = order_draft(channel, incoming, batch)
    if outcome.draft is None:
        skus = ", ".join(outcome.unknown_skus)
        reason = (
            f"Order {order.number} of {channel.name} was not imported: unknown SKU {skus}. Map "
            "it in the channel's SKU mappings (or add it to the catalog); the order is imported "
            "on the next Import Orders run after that."
        )
        return ImportResult(Imported.WAITING, reason=reason, unknown_skus=outcome.unknown_skus)
    try:  # its own transaction: nothing stored when it raises
        created = sales_order_create(
            actor=actor,
            account=channel.account,
            draft=outcome.draft,
            source=OrderSource.CHANNEL,
            known=batch.known_rows() if batch is not None else None,
        )
    except DomainError as exc:  # ValidationFailed, or a Conflict of the automatic workflow
        if (found := _imported(channel, order.ref)) is not None:  # a concurrent import won:
            return _update(actor, found, incoming)  # its number was taken when checked
        reason = f"Order {order.number} of {channel.name} was not imported: {exc.message}"
        return ImportResult(Imported.WAITING, reason=reason)
    except IntegrityError:
        found = _imported(channel, order.ref)
        if found is None:  # its order number was taken meanwhile: the next run picks another
            reason = (
                f"Order {order.number} of {channel.name}: its order number was taken meanwhile."
            )
            return ImportResult(Imported.WAITING, reason=reason)
        return _update(actor, found, incoming)
    if batch is not None:
        batch.imported_now(created)
    return ImportResult(Imported.IMPORTED, created)


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
