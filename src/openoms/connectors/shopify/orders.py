"""Orders of a Shopify store: read the orders changed since a time, send fulfillments with
tracking, subscribe to the order webhooks. Every call goes through ``ShopifyClient`` (cost pacing,
retries, token renewal); each call's requested cost is computed here before it is sent.

* ``orders_updated_since(since)`` pages ``orders(query: "updated_at:>='…'", sortKey: UPDATED_AT)``
  (15 orders a page with their shipping line and first 19 lines: 2 + 15 x 64 = 962 points, under
  Shopify's 1000 a query; an order with more lines has the rest read with ``ORDER_LINES_PAGE``). ``>=`` includes orders changed in the same second
  as ``since``: the caller recognises an order seen twice by its ``ref`` and ``updated_at``.
* ``fulfillment_send(order_ref, lines, tracking)`` reads the order's open fulfillment orders,
  takes each SKU's quantity from the line items that still have some to fulfil, and sends one
  ``fulfillmentCreate`` per location (Shopify fulfils one location at a time). A quantity the
  order no longer has to fulfil is a ``ConnectorError`` before anything is sent. A refusal of a
  later location's fulfillment names the ones already recorded. ``fulfillmentCreate`` takes no
  idempotency key: when its answer is lost and the client retries it, Shopify refuses the retry
  (the quantity is no longer left) although the first attempt was recorded, so after a
  ``ConnectorError`` the caller re-reads the order before sending again:
  ``open_fulfillment_orders(order_ref)`` (what is left to fulfil, per fulfillment order).
* ``webhooks_subscribe(uri, topics)`` creates the subscriptions that do not exist yet (an
  existing one for the same topic and address is kept).

``ShopifyConnector.orders`` is the one instance of a channel's connector.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from openoms.connectors.base import ConnectorError
from openoms.connectors.order_types import (
    ChannelFulfillment,
    ChannelOrder,
    ChannelOrderLine,
    Customer,
    PostalAddress,
    ShipmentLine,
    ShippingLine,
    Tracking,
)
from openoms.connectors.shopify import documents as docs
from openoms.connectors.shopify.client import ShopifyClient
from openoms.connectors.shopify.costs import MUTATION, Call, connection

ORDERS_PER_PAGE = 15
LINES_PER_ORDER = 19  # 15 orders of 19 lines: 962 points (a query may cost 1000)
MORE_LINES_PER_PAGE = 250
FULFILLMENT_ORDERS_PER_ORDER = 8
LINES_PER_FULFILLMENT_ORDER = 50
SUBSCRIPTIONS_PER_PAGE = 100
OPEN_STATUSES = ("OPEN", "IN_PROGRESS")
ORDER_TOPICS = ("ORDERS_CREATE", "ORDERS_UPDATED")

# One line as ORDERS_PAGE reads it: the node (1) + originalUnitPriceSet (1) > shopMoney (1).
LINE = 3


# -- calls and their requested costs ---------------------------------------------------------------
def orders_page(query: str, first: int, lines_first: int, after: str | None) -> Call:
    """Each order: node 1 + customer 1 + two addresses 2 + shippingLine 1 + its lines
    connection."""
    order = 5 + connection(lines_first, LINE)
    variables = {"first": first, "after": after, "query": query, "linesFirst": lines_first}
    return Call("OrdersPage", docs.ORDERS_PAGE, variables, connection(first, order))


def order_lines_page(order_ref: str, first: int, after: str | None) -> Call:
    variables = {"orderId": order_ref, "first": first, "after": after}
    return Call("OrderLinesPage", docs.ORDER_LINES_PAGE, variables, 1 + connection(first, LINE))


def order_fulfillment_orders(order_ref: str, first: int, lines_first: int) -> Call:
    """Each fulfillment order: node 1 + assignedLocation > location 2 + its lines (node 1 +
    lineItem 1)."""
    fulfillment_order = 3 + connection(lines_first, 2)
    variables = {"orderId": order_ref, "first": first, "linesFirst": lines_first}
    return Call(
        "OrderFulfillmentOrders",
        docs.ORDER_FULFILLMENT_ORDERS,
        variables,
        1 + connection(first, fulfillment_order),
    )


def fulfillment_create(fulfillment: dict) -> Call:
    return Call(
        "FulfillmentCreate", docs.FULFILLMENT_CREATE, {"fulfillment": fulfillment}, MUTATION
    )


def webhook_subscriptions_page(callback_url: str, after: str | None) -> Call:
    variables = {"first": SUBSCRIPTIONS_PER_PAGE, "after": after, "callbackUrl": callback_url}
    return Call(
        "WebhookSubscriptionsPage",
        docs.WEBHOOK_SUBSCRIPTIONS_PAGE,
        variables,
        connection(SUBSCRIPTIONS_PER_PAGE, 1),
    )


def webhook_subscription_create(topic: str, callback_url: str) -> Call:
    variables = {"topic": topic, "callbackUrl": callback_url}
    return Call("WebhookSubscriptionCreate", docs.WEBHOOK_SUBSCRIPTION_CREATE, variables, MUTATION)


def updated_since_query(since: datetime) -> str:
    """Shopify's search syntax for "changed at or after ``since``" (UTC, whole seconds)."""
    if since.tzinfo is None:
        raise ValueError("since must be timezone-aware")
    return f"updated_at:>='{since.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}'"


# -- the role ---------------------------------------------------------------------------------------
@dataclass
class Orders:
    client: ShopifyClient
    orders_per_page: int = ORDERS_PER_PAGE
    lines_per_order: int = LINES_PER_ORDER

    def orders_updated_since(self, since: datetime) -> Iterator[ChannelOrder]:
        """Every order changed at or after ``since``, oldest change first."""
        query, after = updated_since_query(since), None
        while True:
            call = orders_page(query, self.orders_per_page, self.lines_per_order, after)
            page = self.client.run(call)["orders"]
            for node in page["nodes"]:
                yield channel_order(node, self._lines(node))
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]

    def _lines(self, node: dict) -> list[dict]:
        lines = list(node["lineItems"]["nodes"])
        page_info = node["lineItems"]["pageInfo"]
        while page_info["hasNextPage"]:
            call = order_lines_page(node["id"], MORE_LINES_PER_PAGE, page_info["endCursor"])
            order = self.client.run(call)["order"]
            if order is None:  # deleted between the two reads: what was read stands
                break
            lines.extend(order["lineItems"]["nodes"])
            page_info = order["lineItems"]["pageInfo"]
        return lines

    # -- fulfillments ------------------------------------------------------------------------
    def fulfillment_send(
        self,
        order_ref: str,
        lines: Sequence[ShipmentLine],
        tracking: Tracking | None = None,
        notify_customer: bool = False,
    ) -> list[ChannelFulfillment]:
        """Record these shipped quantities on the order, with tracking; one fulfillment per
        location the quantities come from."""
        open_orders = self.open_fulfillment_orders(order_ref)
        by_location = plan_fulfillment(order_ref, open_orders, lines)
        sent = []
        for groups in by_location.values():
            fulfillment = {
                "lineItemsByFulfillmentOrder": [
                    {"fulfillmentOrderId": fo_id, "fulfillmentOrderLineItems": items}
                    for fo_id, items in groups["items"].items()
                ],
                "notifyCustomer": notify_customer,
            }
            if tracking is not None:
                fulfillment["trackingInfo"] = tracking_input(tracking)
            answer = self.client.run(fulfillment_create(fulfillment))["fulfillmentCreate"]
            if answer["userErrors"]:
                recorded = ", ".join(f.ref for f in sent)
                raise ConnectorError(
                    f"Shopify refused the fulfillment of order {order_ref}: "
                    + "; ".join(e["message"] for e in answer["userErrors"])
                    + (f" (already recorded: {recorded})" if recorded else "")
                )
            created = answer["fulfillment"]
            sent.append(
                ChannelFulfillment(
                    ref=created["id"],
                    status=created["status"],
                    lines=tuple(groups["lines"]),
                    tracking=tuple(
                        Tracking(t.get("company") or "", t.get("number") or "", t.get("url") or "")
                        for t in created["trackingInfo"]
                    ),
                )
            )
        return sent

    def open_fulfillment_orders(self, order_ref: str) -> list[dict]:
        """The order's fulfillment orders still open (``OPEN``, ``IN_PROGRESS``) as Shopify
        answers them: ``{id, status, assignedLocation{location{id}}, lineItems{nodes{id,
        remainingQuantity, lineItem{id, sku}}}}``; what ``fulfillment_send`` plans from, and how
        a caller checks what the order still has to fulfil. An unknown order, or one too big to
        read in one call, is a ``ConnectorError``."""
        call = order_fulfillment_orders(
            order_ref, FULFILLMENT_ORDERS_PER_ORDER, LINES_PER_FULFILLMENT_ORDER
        )
        order = self.client.run(call)["order"]
        if order is None:
            raise ConnectorError(f"Shopify has no order {order_ref}.")
        found = order["fulfillmentOrders"]
        too_big = found["pageInfo"]["hasNextPage"] or any(
            fo["lineItems"]["pageInfo"]["hasNextPage"] for fo in found["nodes"]
        )
        if too_big:
            raise ConnectorError(
                f"Shopify order {order_ref} has more than {FULFILLMENT_ORDERS_PER_ORDER} "
                f"fulfillment orders or {LINES_PER_FULFILLMENT_ORDER} lines in one: fulfil it "
                "in Shopify's admin."
            )
        return [fo for fo in found["nodes"] if fo["status"] in OPEN_STATUSES]

    # -- webhooks -----------------------------------------------------------------------------
    def webhooks_subscribe(self, uri: str, topics: Iterable[str] = ORDER_TOPICS) -> list[str]:
        """Subscribe ``uri`` to each topic (``ORDERS_CREATE`` …) it is not subscribed to yet;
        → the subscription ids, existing ones included, in the order of ``topics``."""
        existing = {node["topic"]: node["id"] for node in self._subscriptions(uri)}
        ids = []
        for topic in topics:
            if topic not in existing:
                answer = self.client.run(webhook_subscription_create(topic, uri))
                created = answer["webhookSubscriptionCreate"]
                if created["userErrors"]:
                    raise ConnectorError(
                        f"Shopify refused the {topic} webhook to {uri}: "
                        + "; ".join(e["message"] for e in created["userErrors"])
                    )
                existing[topic] = created["webhookSubscription"]["id"]
            ids.append(existing[topic])
        return ids

    def _subscriptions(self, uri: str) -> Iterator[dict]:
        after = None
        while True:
            page = self.client.run(webhook_subscriptions_page(uri, after))["webhookSubscriptions"]
            yield from page["nodes"]
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]


# -- planning a fulfillment -------------------------------------------------------------------------
def plan_fulfillment(
    order_ref: str, fulfillment_orders: list[dict], lines: Sequence[ShipmentLine]
) -> dict[str, dict]:
    """{location id: {"items": {fulfillment order id: [{id, quantity}]}, "lines": [...]}}: each
    SKU's quantity taken from the fulfillment order line items that still have some, in order."""
    remaining = [
        (fo, item, item["remainingQuantity"])
        for fo in fulfillment_orders
        for item in fo["lineItems"]["nodes"]
        if item["remainingQuantity"] > 0
    ]
    left = {id(item): quantity for _, item, quantity in remaining}
    plan: dict[str, dict] = {}
    for line in lines:
        if line.quantity <= 0:
            raise ConnectorError(f"The quantity of {line.sku} to fulfil must be positive.")
        wanted = line.quantity
        for fo, item, _ in remaining:
            if wanted == 0:
                break
            if (item["lineItem"]["sku"] or "") != line.sku or left[id(item)] == 0:
                continue
            take = min(wanted, left[id(item)])
            left[id(item)] -= take
            wanted -= take
            location = (fo["assignedLocation"]["location"] or {}).get("id", "")
            group = plan.setdefault(location, {"items": {}, "lines": {}})
            group["items"].setdefault(fo["id"], []).append({"id": item["id"], "quantity": take})
            group["lines"][line.sku] = group["lines"].get(line.sku, 0) + take
        if wanted:
            raise ConnectorError(
                f"Shopify order {order_ref} has {line.quantity - wanted} of {line.sku} left to "
                f"fulfil, not {line.quantity}: nothing was sent."
            )
    for group in plan.values():
        group["lines"] = [ShipmentLine(sku, qty) for sku, qty in group["lines"].items()]
    return plan


def tracking_input(tracking: Tracking) -> dict:
    """FulfillmentTrackingInput: only what is known (Shopify rejects an empty URL)."""
    values = {"company": tracking.carrier, "number": tracking.number, "url": tracking.url}
    return {key: value for key, value in values.items() if value}


# -- normalising Shopify's order -------------------------------------------------------------------
def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _money(price_set: dict | None) -> Decimal | None:
    try:
        return Decimal(str(((price_set or {}).get("shopMoney") or {})["amount"]))
    except (KeyError, TypeError, InvalidOperation):
        return None


def postal_address(value: dict | None) -> PostalAddress | None:
    if not value:
        return None
    return PostalAddress(
        name=value.get("name") or "",
        company=value.get("company") or "",
        address1=value.get("address1") or "",
        address2=value.get("address2") or "",
        city=value.get("city") or "",
        state=value.get("provinceCode") or value.get("province") or "",
        zip_code=value.get("zip") or "",
        country=value.get("countryCodeV2") or "",
        phone=value.get("phone") or "",
    )


def customer(value: dict | None) -> Customer | None:
    if not value:
        return None
    return Customer(
        ref=value["id"],
        email=value.get("email") or "",
        first_name=value.get("firstName") or "",
        last_name=value.get("lastName") or "",
        phone=value.get("phone") or "",
    )


def shipping_line(value: dict | None) -> ShippingLine | None:
    """The order's shipping line (None when it has none: a pickup, a digital order)."""
    if not value:
        return None
    return ShippingLine(
        title=(value.get("title") or "").strip(),
        code=(value.get("code") or "").strip(),
        source=(value.get("source") or "").strip(),
    )


def channel_order(node: dict, lines: list[dict]) -> ChannelOrder:
    return ChannelOrder(
        ref=node["id"],
        number=node["name"],
        created_at=parse_time(node["createdAt"]),
        updated_at=parse_time(node["updatedAt"]),
        cancelled_at=parse_time(node.get("cancelledAt")),
        currency=node.get("currencyCode") or "",
        email=node.get("email") or "",
        phone=node.get("phone") or "",
        note=node.get("note") or "",
        fulfillment_status=node.get("displayFulfillmentStatus") or "",
        customer=customer(node.get("customer")),
        ship_to=postal_address(node.get("shippingAddress")),
        bill_to=postal_address(node.get("billingAddress")),
        shipping=shipping_line(node.get("shippingLine")),
        lines=tuple(
            ChannelOrderLine(
                ref=line["id"],
                sku=(line.get("sku") or "").strip(),
                quantity=int(line["quantity"]),
                unit_price=_money(line.get("originalUnitPriceSet")),
                name=line.get("name") or "",
            )
            for line in lines
        ),
    )
