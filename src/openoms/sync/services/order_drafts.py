"""A channel's order as OpenOMS's ``OrderDraft``: the channel SKUs translated through the
channel's SKU mappings (an unmapped SKU stands for itself when the account has it), the
addresses as ``ADDRESS_KEYS`` dicts, the order number chosen.

The order number is the channel's name for the order without its "#" ("#1001" → "1001") when
the account has no order of that number; else the channel's name is put before it
("Main Shop-1001"), and if that is taken too, the channel's order id after it
("Main Shop-1001-5501"). The channel's own name ("#1001") is kept as the order's reference.

The carrier and service are the order's shipping line's title and code (``shipping_codes``),
whether the order came by webhook or by poll; the channel's carrier mappings and the API
Validation Rules then apply in ``sales_order_create``.
"""

from __future__ import annotations

from dataclasses import dataclass

from openoms.channels.models import Channel
from openoms.connectors.order_types import ChannelOrder, PostalAddress
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import SalesOrder
from openoms.sync.services.order_batch import (
    MAX_NUMBER,
    OrderBatch,
    channel_variants,
    number_candidates,
)
from openoms.sync.services.order_payload import IncomingOrder

MAX_FIELD = 200
NO_SKU = "(no SKU)"


@dataclass(frozen=True)
class DraftOutcome:
    """The draft, or the channel SKUs no variant answers to (then no draft)."""

    draft: OrderDraft | None
    unknown_skus: tuple[str, ...] = ()


def order_draft(
    channel: Channel, incoming: IncomingOrder, batch: OrderBatch | None = None
) -> DraftOutcome:
    """The draft of ``incoming`` for ``channel`` (see the module), or its unknown SKUs;
    ``batch``: what was read for the batch it comes in (``order_batch``)."""
    order = incoming.order
    # a line of 0 was removed from the order; a negative one is kept, to be refused with why
    lines = [line for line in order.lines if line.quantity != 0]
    skus = sku_translations(channel, {line.sku for line in lines if line.sku}, batch)
    unknown = sorted({line.sku or NO_SKU for line in lines if line.sku not in skus})
    if unknown:
        return DraftOutcome(None, tuple(unknown))
    ship_to = address(order.ship_to, order.email)
    carrier, service = shipping_codes(order)
    draft = OrderDraft(
        order_number=order_number(channel, order, batch),
        lines=[
            LineDraft(
                sku=skus[line.sku],
                quantity=line.quantity,
                price=line.unit_price,
                channel_sku=line.sku,
                external_ref=line.ref,
            )
            for line in lines
        ],
        ship_to=ship_to,
        bill_to=address(order.bill_to, order.email) or ship_to,
        carrier=carrier,
        service=service,
        customer_name=_customer_name(order)[:MAX_FIELD],
        email=order.email,
        phone=order.phone,
        order_date=order.created_at,
        currency=order.currency,
        reference_number=order.number[:MAX_NUMBER],
        channel_id=channel.pk,
        external_ref=order.ref,
    )
    return DraftOutcome(draft)


def shipping_codes(order: ChannelOrder) -> tuple[str, str]:
    """(carrier code, service code) an order of the channel asks for: its shipping line's title
    and code ("" and "" without a shipping line)."""
    if order.shipping is None:
        return "", ""
    return order.shipping.title.strip()[:MAX_FIELD], order.shipping.code.strip()[:MAX_FIELD]


def sku_translations(
    channel: Channel, channel_skus: set[str], batch: OrderBatch | None = None
) -> dict[str, str]:
    """{channel SKU: OpenOMS SKU} for the SKUs that translate (a mapping of the channel, else
    the same SKU in the account's catalog); from ``batch`` when it read them."""
    if batch is not None and batch.knows_skus(channel_skus):
        variants = batch.variants
    else:
        variants = channel_variants(channel, channel_skus)
    return {sku: variants[sku].sku for sku in channel_skus if sku in variants}


def order_number(channel: Channel, order: ChannelOrder, batch: OrderBatch | None = None) -> str:
    """The order number to use (see the module); ``batch``: the numbers it knows taken."""
    candidates = number_candidates(channel, order)
    if batch is not None and batch.knows_numbers(candidates):
        taken = batch.taken
    else:
        taken = set(
            SalesOrder.objects.filter(
                account_id=channel.account_id, order_number__in=candidates
            ).values_list("order_number", flat=True)
        )
    return next((c for c in candidates if c not in taken), candidates[-1])


def address(value: PostalAddress | None, email: str = "") -> dict:
    """An address as the order keeps it (``ADDRESS_KEYS``), empty values left out."""
    if value is None:
        return {}
    fields = {
        "name": value.name,
        "company": value.company,
        "address1": value.address1,
        "address2": value.address2,
        "city": value.city,
        "region": value.state,
        "postal_code": value.zip_code,
        "country": value.country,
        "phone": value.phone,
        "email": email,
    }
    return {key: text.strip()[:MAX_FIELD] for key, text in fields.items() if text and text.strip()}


def _customer_name(order: ChannelOrder) -> str:
    if order.customer and order.customer.name:
        return order.customer.name
    return order.ship_to.name if order.ship_to else ""
