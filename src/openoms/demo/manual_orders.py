"""Demo sales orders typed in or sent by API on the sandbox account (Northwind Home), so the
statuses the live Shopify orders do not reach are visible too: a Draft waiting for review, an
Approved order flagged Backordered (with the reason: more than its warehouse has) and a
Cancelled one; and an order entered by hand four months ago and cancelled, older than the
account's 30 days of PII retention, which the demo's first PII Redaction run redacts (the job is
daily, first due at once). Idempotent: an order number the account has is left as it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from openoms.catalog.models import ProductVariant
from openoms.inventory.models import AccountWarehouse, InventoryLevel
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import SalesOrder
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.orders import sales_order_create
from openoms.orders.services.workflow import sales_order_cancel
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

SANDBOX_ACCOUNT = "NORTHWIND-HOME"
SHIP_TO = {
    "name": "Grace Hopper",
    "address1": "12 Harbour Rd",
    "city": "Vancouver",
    "region": "BC",
    "postal_code": "V6B 1A1",
    "country": "CA",
}
DRAFT, BACKORDERED, CANCELLED = "H-1001", "H-1002", "H-1003"
OLD = "H-0950"  # past the account's PII retention: redacted by the first PII Redaction run
OLD_CUSTOMER = {
    "name": "Margaret Hamilton",
    "address1": "4 Apollo Way",
    "city": "Victoria",
    "region": "BC",
    "postal_code": "V8W 1P6",
    "country": "CA",
}
OLD_AGE = timedelta(days=120)


def seed_manual_orders(actor: Actor, account: Account) -> None:
    """The sandbox account's three orders (see the module)."""
    if account.code != SANDBOX_ACCOUNT:
        return
    taken = set(SalesOrder.objects.filter(account=account).values_list("order_number", flat=True))
    variants = list(ProductVariant.objects.filter(account=account).order_by("sku")[:2])
    if len(variants) < 2:
        return
    first, second = variants
    if DRAFT not in taken:
        _create(actor, account, DRAFT, "manual", [(first.sku, 2), (second.sku, 1)])
    if BACKORDERED not in taken:
        quantity = _available_at_default(account, second) + 5  # more than the warehouse has
        order = _create(actor, account, BACKORDERED, "api", [(second.sku, quantity)], True)
        sales_order_allocate(actor=actor, order=order)
    if CANCELLED not in taken:
        order = _create(actor, account, CANCELLED, "api", [(first.sku, 1)])
        sales_order_cancel(actor=actor, order=order, reason="The customer changed their mind.")
    if OLD not in taken:
        _old_order(actor, account, first.sku)


def _old_order(actor: Actor, account: Account, sku: str) -> None:
    draft = OrderDraft(
        order_number=OLD,
        lines=[LineDraft(sku, 1)],
        ship_to=OLD_CUSTOMER,
        carrier="UPS",
        service="GND",
        customer_name=OLD_CUSTOMER["name"],
        email="margaret@example.com",
        phone="+1 250 555 0199",
        currency="CAD",
        order_date=timezone.now() - OLD_AGE,
    )
    order = sales_order_create(actor=actor, account=account, draft=draft, source="manual")
    sales_order_cancel(actor=actor, order=order, reason="Margaret Hamilton ordered twice.")


def _create(actor, account, number, source, lines, approve=False) -> SalesOrder:
    draft = OrderDraft(
        order_number=number,
        lines=[LineDraft(sku, quantity) for sku, quantity in lines],
        ship_to=SHIP_TO,
        carrier="UPS",
        service="GND",
        customer_name=SHIP_TO["name"],
        email="grace@example.com",
        currency="CAD",
    )
    return sales_order_create(
        actor=actor, account=account, draft=draft, source=source, approve=approve
    )


def _available_at_default(account: Account, variant: ProductVariant) -> int:
    default = AccountWarehouse.objects.filter(account=account, is_default=True).first()
    level = InventoryLevel.objects.filter(
        variant=variant, warehouse_id=default.warehouse_id if default else None
    ).first()
    return max(level.total - level.allocated - level.on_hold, 0) if level else 0
