"""The demo's first Shopify orders, taken the whole way once the emulators are seeded, so a new
user sees orders in every state within a minute of ``make demo``:

1. the live channels' queued first runs are executed (ShipBob's stock reaches CHI-1, the store's
   levels are OpenOMS's);
2. three orders are placed on the emulated store (its control API; its "ShipBob Chicago"
   location, shipping line *Standard Shipping*) with SKUs the sandbox store "Northwind Online
   Store" sells too;
3. Import Orders imports them (UPS/GND through the store's carrier mapping), the automatic
   workflow allocates them at CHI-1 (the account's default), Send Shipments sends them to the
   emulated ShipBob, Push Inventory Updates tells the sandbox store (Real-Time Adjustment) the
   allocations as deltas — never the store they came from;
4. the emulated ShipBob ships the first order partly and the second fully (its control API, with
   tracking); Import Shipments reads that back (Short Shipped / Shipped) and Export Order Updates
   sends the fulfillments with tracking to the store. The third waits at ShipBob.

Runs are executed here as the worker executes them. Once only: when the store's channel has
orders, nothing is done (the emulators are reset on every start, OpenOMS's data is kept).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db.models import F, Max, Q
from django.utils import timezone

from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping
from openoms.demo.emulator_seed import control_post
from openoms.demo.live_channels import (
    LIVE_ACCOUNT,
    SHIPBOB_NAME,
    SHIPBOB_WAREHOUSE,
    SHIPBOB_WEBHOOK_SECRET,
    SHOPIFY_LOCATIONS,
    SHOPIFY_NAME,
    LiveTargets,
)
from openoms.inventory.models import InventoryLevel
from openoms.orders.models import SalesOrder, Shipment
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

OTHER_STORE = "Northwind Online Store"
ROUNDS = 10
WAIT_S = 5
CUSTOMERS = [
    ("Ada", "Lovelace", "Chicago", "IL", "60601"),
    ("Alan", "Turing", "Milwaukee", "WI", "53202"),
    ("Katherine", "Johnson", "Detroit", "MI", "48201"),
]
SHIPPING_LINE = {"title": "Standard Shipping", "code": "Standard", "price": "7.50"}


def seed_live_orders(targets: LiveTargets) -> list[SalesOrder]:
    """Place, import, allocate, send and ship the demo's Shopify orders (see the module); → the
    store's orders in OpenOMS (those it had already on a later start)."""
    account = Account.objects.get(code=LIVE_ACCOUNT)
    shopify = Channel.objects.get(account=account, name=SHOPIFY_NAME)
    shipbob = Channel.objects.get(account=account, name=SHIPBOB_NAME)
    existing = SalesOrder.objects.filter(channel=shopify).order_by("order_number")
    if existing.exists():
        return list(existing)
    actor = Actor.system("openoms demo")
    drain(account)
    skus = order_skus(account)
    if len(skus) < 3:
        return []
    prices = dict(
        ProductVariant.objects.filter(account=account, sku__in=skus).values_list("sku", "price")
    )
    for customer, lines in zip(CUSTOMERS, _lines(skus), strict=True):
        _place(targets.shopify_url, customer, lines, prices)
    run_job(actor, shopify, "import_orders")
    drain(account)
    orders = list(existing.all())
    for order, ship_all in zip(orders, (False, True), strict=False):
        _ship(targets.shipbob_url, order, ship_all)
    run_job(actor, shipbob, "import_shipments")
    drain(account)
    return list(existing.all())


def _lines(skus: list[str]) -> list[list[tuple[str, int]]]:
    """Order 1: 2 + 1 (ShipBob ships the 2 only), order 2: 1 (all shipped), order 3: 1 (waits)."""
    first, second, third = skus[:3]
    return [[(first, 2), (second, 1)], [(third, 1)], [(second, 1)]]


def order_skus(account: Account) -> list[str]:
    """SKUs the sandbox store sells (mapped) with at least 3 available at CHI-1, by SKU."""
    mapped = SkuMapping.objects.filter(account=account, channel__name=OTHER_STORE)
    rows = InventoryLevel.objects.filter(
        account=account,
        warehouse__code=SHIPBOB_WAREHOUSE,
        variant_id__in=mapped.values("variant_id"),
        total__gte=F("allocated") + F("on_hold") + 3,
    )
    return list(rows.order_by("variant__sku").values_list("variant__sku", flat=True))


def _place(shopify_url: str, customer: tuple, lines: list[tuple[str, int]], prices) -> dict:
    first, last, city, region, postal_code = customer
    email = f"{first.lower()}@example.com"
    address = {
        "first_name": first,
        "last_name": last,
        "address1": "100 Lake St",
        "city": city,
        "province_code": region,
        "zip": postal_code,
        "country_code": "US",
    }
    body = {
        "line_items": [
            {"sku": sku, "quantity": quantity, "price": str(prices.get(sku) or "0.00")}
            for sku, quantity in lines
        ],
        "customer": {"email": email, "first_name": first, "last_name": last},
        "shipping_address": address,
        "shipping_lines": [SHIPPING_LINE],
        "location": SHOPIFY_LOCATIONS[SHIPBOB_WAREHOUSE][0],
    }
    return control_post(f"{shopify_url}/_emulator/orders", body, "Shopify emulator")


def _ship(shipbob_url: str, order: SalesOrder, ship_all: bool) -> None:
    """The emulated ShipBob ships the order's shipment: all of it, or its first line only."""
    shipment = Shipment.objects.filter(order=order).exclude(external_ref="").first()
    if shipment is None:
        return
    body: dict = {
        "order_id": int(shipment.external_ref),
        "tracking": {
            "carrier": "UPS",
            "tracking_number": f"1ZDEMO{order.order_number}",
            "tracking_url": f"https://www.ups.com/track?tracknum=1ZDEMO{order.order_number}",
        },
    }
    if not ship_all:
        line = shipment.lines.select_related("variant").order_by("pk").first()
        body["lines"] = [{"sku": line.variant.sku, "quantity": line.quantity}]
    control_post(f"{shipbob_url}/_emulator/ship", body, "ShipBob emulator")


def run_job(actor: Actor, channel: Channel, job_type: str) -> None:
    """A run of the channel's job now (its queued run, if it has one)."""
    job = RecurringJob.objects.select_related("account", "channel").get(
        channel=channel, job_type=job_type
    )
    run_execute(job.active_run_id or job_run_now(actor=actor, job=job).pk)


def drain(account: Account) -> None:
    """Execute the account's queued runs, as the worker would, until none is due within
    ``WAIT_S`` (the inventory outbox's coalescing window delays its runs by a few seconds)."""
    for _ in range(ROUNDS):
        queued = JobRun.objects.filter(account=account, status=RunStatus.QUEUED)
        soon = timezone.now() + timedelta(seconds=WAIT_S)
        due = queued.filter(Q(due_at__isnull=True) | Q(due_at__lte=soon))
        pks = list(due.order_by("pk").values_list("pk", flat=True))
        if not pks:
            return
        latest = due.exclude(due_at__isnull=True).aggregate(at=Max("due_at"))["at"]
        if latest is not None and latest > timezone.now():
            time.sleep((latest - timezone.now()).total_seconds())
        for pk in pks:
            run_execute(pk)


def shipbob_webhooks_subscribe(shipbob_url: str, public_url: str) -> bool:
    """Subscribe the emulated ShipBob's ``order.shipped`` to the ShipBob channel's webhook
    address (on every start: the emulator starts empty), so what it ships is read back at once;
    False when the channel (made by an older demo) has not the demo's webhook secret."""
    channel = Channel.objects.get(account__code=LIVE_ACCOUNT, name=SHIPBOB_NAME)
    if channel.credentials.get("webhook_secret") != SHIPBOB_WEBHOOK_SECRET:
        return False
    body = {
        "url": f"{public_url.rstrip('/')}/webhooks/shipbob/{channel.pk}/",
        "topics": ["order.shipped"],
        "secret": SHIPBOB_WEBHOOK_SECRET,
    }
    control_post(f"{shipbob_url}/_emulator/webhooks", body, "ShipBob emulator")
    return True
