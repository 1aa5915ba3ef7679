"""The world of ``order_ingest.py``: a stocked catalog, the Shopify channel the orders come from
(beta, Real-Time, a warehouse mapping, every SKU mapped from the store's own SKU), a second
Real-Time sales channel on the same warehouse (an allocation from the first channel is never
echoed to it, but is sent to this one: the outbox gets rows), a carrier the orders' shipping
line names, and the account's automatic workflow on. Also the orders: realistic Shopify
``orders/create`` bodies (1-5 lines, Zipf SKUs) and their signed headers. Django is set up by
the caller."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import uuid
from dataclasses import dataclass

SECRET = "shpss_bench_orders_secret"
TOKEN = "shpat_bench_orders"
WAREHOUSE = "WH1"
STOCK = 1_000_000
BASE_ID = 5_000_000_000_000


def sku(index: int) -> str:
    return f"OI-{index:05d}"


def store_sku(index: int) -> str:
    """The store's own SKU of ``sku(index)`` (translated through the SKU mappings)."""
    return f"SHOP-{index:05d}"


@dataclass
class World:
    account: object
    channels: list  # the Shopify channels orders come from (order N: channels[N % len])
    other: object  # the other Real-Time channel (its outbox gets the allocations)
    skus: int

    @property
    def channel(self):
        """The first order channel (the in-process pass and the SQL floor use it alone)."""
        return self.channels[0]

    def path_of(self, body: dict) -> str:
        """Where the channel of ``body`` receives its webhooks."""
        return delivery_path(self.channels[body["order_number"] % len(self.channels)].pk)


def seed_world(account, skus: int, api_url: str, channels: int = 1) -> World:
    """See the module."""
    from openoms.catalog.models import Product, ProductVariant
    from openoms.channels.carrier_models import Carrier, CarrierService
    from openoms.inventory.models import AccountWarehouse, Warehouse
    from openoms.inventory.services.bulk import LevelRow, levels_bulk_set
    from openoms.inventory.triggers import Trigger
    from openoms.tenancy.actor import Actor
    from openoms.tenancy.models import Account

    Account.objects.filter(pk=account.pk).update(enable_automatic_sales_order_workflow=True)
    account.refresh_from_db()
    warehouse = Warehouse.objects.create(
        organization=account.organization, code=WAREHOUSE, name="Main", kind="physical"
    )
    AccountWarehouse.objects.create(account=account, warehouse=warehouse, is_default=True)
    product = Product.objects.create(account=account, name="Bench goods")
    variants = ProductVariant.objects.bulk_create(
        ProductVariant(account=account, product=product, sku=sku(n)) for n in range(skus)
    )
    rows = [LevelRow(n + 1, WAREHOUSE, sku(n), STOCK) for n in range(skus)]
    actor = Actor.system("bench")
    levels_bulk_set(actor=actor, account=account, rows=rows, trigger=Trigger.IMPORT_INVENTORY_LEVEL)
    carrier = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=carrier, code="GROUND", name="Ground")
    shops = [
        _channel(
            account, f"Bench Shop {n + 1}", f"shop{n + 1}", api_url, warehouse, variants, store_sku
        )
        for n in range(channels)
    ]
    other = _channel(account, "Bench Market", "bench-market", api_url, warehouse, variants, sku)
    return World(account, shops, other, skus)


def _channel(account, name, domain, api_url, warehouse, variants, channel_sku):
    from openoms.channels.models import Channel, SkuMapping, WarehouseMapping

    channel = Channel.objects.create(
        account=account,
        type="sales",
        kind="shopify",
        name=name,
        is_beta=True,
        inventory_sync_mode="real_time",
        credentials={
            "shop_domain": f"{domain}.myshopify.com",
            "access_token": TOKEN,
            "client_secret": SECRET,
        },
        api_base_url=api_url,
    )
    WarehouseMapping.objects.create(
        channel=channel, warehouse=warehouse, external_id="gid://shopify/Location/1"
    )
    SkuMapping.objects.bulk_create(
        SkuMapping(account=account, channel=channel, channel_sku=channel_sku(n), variant=v)
        for n, v in enumerate(variants)
    )
    return channel


def zipf_weights(skus: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(skus)]


def order_bodies(count: int, skus: int, first: int, seed: int) -> list[dict]:
    """``count`` Shopify order bodies numbered from ``first``: 1-5 distinct lines each, SKUs
    drawn from a Zipf law over the store's SKUs, quantities 1-3."""
    rng = random.Random(seed)
    weights = zipf_weights(skus)
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    bodies = []
    for number in range(first, first + count):
        lines: dict[int, int] = {}
        wanted = rng.randint(1, 5)
        while len(lines) < min(wanted, skus):
            index = rng.choices(range(skus), cum_weights=cumulative)[0]
            lines.setdefault(index, rng.randint(1, 3))
        bodies.append(order_body(number, list(lines.items())))
    return bodies


def order_body(number: int, lines: list[tuple[int, int]]) -> dict:
    """One ``orders/create`` body as Shopify's REST order JSON (the fields OpenOMS reads and
    the usual others)."""
    order_id = BASE_ID + number
    stamp = "2026-12-06T10:00:00-05:00"
    address = {
        "first_name": "Ada",
        "last_name": f"Customer {number}",
        "company": "",
        "address1": f"{number} Analytical Street",
        "address2": "",
        "city": "Boston",
        "province": "Massachusetts",
        "province_code": "MA",
        "zip": "02110",
        "country": "United States",
        "country_code": "US",
        "phone": "+1 617 555 0100",
    }
    items = [
        {
            "id": order_id * 10 + position,
            "admin_graphql_api_id": f"gid://shopify/LineItem/{order_id * 10 + position}",
            "sku": store_sku(index),
            "name": f"Bench item {index}",
            "title": f"Bench item {index}",
            "quantity": quantity,
            "price": f"{10 + index % 90}.00",
            "variant_id": 40_000_000_000 + index,
            "product_id": 7_000_000_000 + index // 10,
            "requires_shipping": True,
            "taxable": True,
            "fulfillment_status": None,
        }
        for position, (index, quantity) in enumerate(lines)
    ]
    total = sum(int(float(item["price"])) * item["quantity"] for item in items)
    return {
        "id": order_id,
        "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
        "name": f"#B{number}",
        "order_number": number,
        "email": f"customer{number}@example.com",
        "phone": None,
        "created_at": stamp,
        "updated_at": stamp,
        "cancelled_at": None,
        "currency": "USD",
        "financial_status": "paid",
        "fulfillment_status": None,
        "total_price": f"{total}.00",
        "subtotal_price": f"{total}.00",
        "note": None,
        "tags": "",
        "customer": {
            "id": 6_000_000_000 + number,
            "email": f"customer{number}@example.com",
            "first_name": "Ada",
            "last_name": f"Customer {number}",
            "phone": None,
        },
        "shipping_address": {**address, "name": f"Ada Customer {number}"},
        "billing_address": {**address, "name": f"Ada Customer {number}"},
        "line_items": items,
        "shipping_lines": [{"title": "UPS", "code": "GROUND", "price": "5.00"}],
    }


def signed(body: dict, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    """The raw body and the headers Shopify sends with it (HMAC-SHA256 of the raw body)."""
    raw = json.dumps(body).encode()
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).digest()
    return raw, {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-SHA256": base64.b64encode(digest).decode(),
        "X-Shopify-Shop-Domain": "bench-shop.myshopify.com",
        "X-Shopify-Webhook-Id": str(uuid.uuid4()),
        "X-Shopify-Event-Id": str(uuid.uuid4()),
        "X-Shopify-Triggered-At": "2026-12-06T15:00:00.000000Z",
        "X-Shopify-API-Version": "2026-04",
    }


def delivery_path(channel_id: int) -> str:
    return f"/webhooks/shopify/{channel_id}/"
