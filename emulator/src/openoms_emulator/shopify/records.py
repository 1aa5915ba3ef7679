"""Records of the order side of the shop: orders and their line items, fulfillment orders,
fulfillments, webhook subscriptions and bulk operations. Times are ISO strings from the emulator's
clock (``ShopifyEmulator.now_iso``), so tests move them with a ``ManualClock``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from .store import Record


@dataclass
class LineItem(Record):
    TYPENAME: ClassVar[str] = "LineItem"
    order_id: int = 0
    variant_id: int | None = None
    sku: str | None = None
    title: str = ""
    variant_title: str | None = None
    quantity: int = 0
    price: str = "0.00"
    location_id: int = 0  # where the checkout committed its stock


@dataclass
class Order(Record):
    TYPENAME: ClassVar[str] = "Order"
    number: int = 1001
    email: str | None = None
    phone: str | None = None
    currency_code: str = "USD"
    note: str | None = None
    cancelled_at: str | None = None
    cancel_reason: str | None = None
    customer: dict | None = None  # Customer fields (camelCase), id as a GID
    shipping_address: dict | None = None  # MailingAddress fields (camelCase)
    billing_address: dict | None = None
    shipping_lines: list[dict] = field(default_factory=list)  # REST: title, code, price
    line_items: list[LineItem] = field(default_factory=list)
    fulfillment_order_ids: list[int] = field(default_factory=list)
    fulfillment_ids: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"#{self.number}"


@dataclass
class FulfillmentOrderLine(Record):
    TYPENAME: ClassVar[str] = "FulfillmentOrderLineItem"
    line_item_id: int = 0
    total_quantity: int = 0
    remaining_quantity: int = 0


@dataclass
class FulfillmentOrder(Record):
    TYPENAME: ClassVar[str] = "FulfillmentOrder"
    order_id: int = 0
    location_id: int = 0
    status: str = "OPEN"  # OPEN -> IN_PROGRESS (partly fulfilled) -> CLOSED; CANCELLED
    lines: list[FulfillmentOrderLine] = field(default_factory=list)


@dataclass
class FulfillmentLine(Record):
    TYPENAME: ClassVar[str] = "FulfillmentLineItem"
    line_item_id: int = 0
    quantity: int = 0


@dataclass
class Fulfillment(Record):
    TYPENAME: ClassVar[str] = "Fulfillment"
    order_id: int = 0
    location_id: int = 0
    name: str = ""
    status: str = "SUCCESS"
    tracking: list[dict] = field(default_factory=list)  # [{company, number, url}]
    lines: list[FulfillmentLine] = field(default_factory=list)
    fulfillment_order_ids: list[int] = field(default_factory=list)
    notify_customer: bool = False


@dataclass
class WebhookSubscription(Record):
    TYPENAME: ClassVar[str] = "WebhookSubscription"
    topic: str = ""  # the enum value, e.g. ORDERS_CREATE
    callback_url: str = ""
    format: str = "JSON"
    secret: str = ""  # the client secret of the app that subscribed (signs the deliveries)
    filter: str | None = None
    include_fields: list[str] = field(default_factory=list)


@dataclass
class BulkOperation(Record):
    TYPENAME: ClassVar[str] = "BulkOperation"
    query: str = ""
    type: str = "QUERY"
    token: str | None = None  # its owner: ShopifyEmulator.owner(access token)
    lines: list[str] = field(default_factory=list)  # the JSONL result, one JSON object a line
    root_object_count: int = 0
    ready_at: float = 0.0  # emulator clock: RUNNING until then, COMPLETED after
    completed_at: str | None = None
    canceled: bool = False
    error_code: str | None = None  # FAILED with this BulkOperationErrorCode

    def status(self, now: float) -> str:
        if self.canceled:
            return "CANCELED"
        if self.error_code is not None:
            return "FAILED"
        return "COMPLETED" if now >= self.ready_at else "RUNNING"

    def body(self) -> bytes:
        return "".join(f"{line}\n" for line in self.lines).encode()
