"""A Shopify order webhook's body (the REST order JSON of ``orders/create``, ``orders/updated``,
``orders/paid``, ``orders/cancelled``) read as the connectors' ``ChannelOrder``, with the same
ids the poll reads (the GraphQL ids, ``admin_graphql_api_id``), so an order seen by webhook and
by poll is one order. A body that is not an order raises ``NotAnOrder`` with the reason.

The order's first shipping line (title, code, source) is its ``shipping``, as the poll's
``shippingLine`` is: ``order_drafts.shipping_codes`` turns either into the carrier and service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from openoms.connectors.order_types import (
    ChannelOrder,
    ChannelOrderLine,
    Customer,
    PostalAddress,
    ShippingLine,
)

MAX_LINES = 500


class NotAnOrder(ValueError):
    """The body cannot be read as an order; ``str()`` says why."""


@dataclass(frozen=True)
class IncomingOrder:
    """An order as a channel sent it (a webhook's body or a poll's read); its carrier and
    service are those of ``order.shipping`` (``order_drafts.shipping_codes``)."""

    order: ChannelOrder


def order_from_webhook(body: object) -> IncomingOrder:
    """The order in a Shopify order webhook's body (see the module)."""
    if not isinstance(body, dict):
        raise NotAnOrder("the body is not a JSON object.")
    ref = _gid(body, "Order")
    if not ref or not isinstance(body.get("name"), str) or not body["name"].strip():
        raise NotAnOrder("the body has no order id and name: it is not an order.")
    items = body.get("line_items")
    if not isinstance(items, list) or not items:
        raise NotAnOrder(f"order {body['name']} has no line_items list.")
    if len(items) > MAX_LINES:
        raise NotAnOrder(f"order {body['name']} has {len(items)} lines (at most {MAX_LINES}).")
    created = _time(body.get("created_at"), "created_at")
    return IncomingOrder(
        ChannelOrder(
            ref=ref,
            number=body["name"].strip(),
            created_at=created,
            updated_at=_time(body.get("updated_at"), "updated_at", created),
            cancelled_at=_time(body.get("cancelled_at"), "cancelled_at", optional=True),
            currency=_text(body.get("currency")),
            email=_text(body.get("email") or body.get("contact_email")),
            phone=_text(body.get("phone")),
            note=_text(body.get("note")),
            fulfillment_status=_text(body.get("fulfillment_status")),
            customer=_customer(body.get("customer")),
            ship_to=_address(body.get("shipping_address")),
            bill_to=_address(body.get("billing_address")),
            lines=tuple(_line(item, body["name"]) for item in items),
            shipping=_shipping(body.get("shipping_lines")),
        )
    )


def _shipping(value: object) -> ShippingLine | None:
    """The first shipping line (Shopify's GraphQL ``shippingLine`` is the first one too)."""
    first = value[0] if isinstance(value, list) and value else None
    if not isinstance(first, dict):
        return None
    return ShippingLine(
        title=_text(first.get("title")),
        code=_text(first.get("code")),
        source=_text(first.get("source")),
    )


def _gid(value: dict, kind: str) -> str:
    gid = value.get("admin_graphql_api_id")
    if isinstance(gid, str) and gid.startswith(f"gid://shopify/{kind}/"):
        return gid
    number = value.get("id")
    if isinstance(number, int) and not isinstance(number, bool) and number > 0:
        return f"gid://shopify/{kind}/{number}"
    return ""


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _time(value: object, name: str, default=None, optional: bool = False) -> datetime | None:
    if value in (None, "") and (optional or default is not None):
        return default
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise NotAnOrder(f"its {name} is not a date and time ({str(value)[:40]!r}).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _line(item: object, name: str) -> ChannelOrderLine:
    if not isinstance(item, dict) or not _gid(item, "LineItem"):
        raise NotAnOrder(f"a line of order {name} has no id.")
    quantity = item.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise NotAnOrder(f"a line of order {name} has no whole quantity.")
    return ChannelOrderLine(
        ref=_gid(item, "LineItem"),
        sku=_text(item.get("sku")),
        quantity=quantity,
        unit_price=_price(item.get("price")),
        name=_text(item.get("name")),
    )


def _price(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _customer(value: object) -> Customer | None:
    if not isinstance(value, dict):
        return None
    return Customer(
        ref=_gid(value, "Customer"),
        email=_text(value.get("email")),
        first_name=_text(value.get("first_name")),
        last_name=_text(value.get("last_name")),
        phone=_text(value.get("phone")),
    )


def _address(value: object) -> PostalAddress | None:
    if not isinstance(value, dict):
        return None
    name = _text(value.get("name")) or " ".join(
        part for part in (_text(value.get("first_name")), _text(value.get("last_name"))) if part
    )
    return PostalAddress(
        name=name,
        company=_text(value.get("company")),
        address1=_text(value.get("address1")),
        address2=_text(value.get("address2")),
        city=_text(value.get("city")),
        state=_text(value.get("province_code")) or _text(value.get("province")),
        zip_code=_text(value.get("zip")),
        country=_text(value.get("country_code")),
        phone=_text(value.get("phone")),
    )
