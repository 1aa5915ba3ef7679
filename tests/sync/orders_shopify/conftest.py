"""Fixtures of the Shopify order tests: the Shopify emulator on the real clock (one per module),
a store selling TEE, MUG and NEW (NEW is not in OpenOMS's catalog), an OpenOMS account with TEE
and MUG stocked in warehouse A and a beta Shopify sales channel on the store (TEE and MUG mapped
to themselves; its client secret the emulator app's, which signs the webhooks), and the ways
orders and webhooks reach OpenOMS."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.db.models import Q
from django.utils import timezone

from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.runs import run_execute
from openoms.channels.models import Channel
from openoms.inventory.models import AccountWarehouse, Warehouse
from openoms.sync.models import WebhookDelivery
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms_emulator.shopify.webhooks import sign
from tests.connectors import shopify_emulator
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.sync import shopify_store
from tests.sync.runs import sync_now
from tests.sync.shopify_store import Store, shopify_channel

shopify_schema, live_store = shopify_emulator.shopify_schema, shopify_store.live_store  # fixtures
APP_SECRET = "shpss_emulator_secret"  # the emulator's default app signs its webhooks with it
UNREACHABLE = "http://127.0.0.1:9/webhooks"  # deliveries there fail; the emulator keeps them
ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "company": "Engines Ltd",
    "address1": "1 Analytical St",
    "city": "London",
    "province": "London",
    "province_code": "LND",
    "zip": "N1 1AA",
    "country": "United Kingdom",
    "country_code": "GB",
    "phone": "+44 20 0000",
}
READ_BACK = """query R($id: ID!) { order(id: $id) {
  displayFulfillmentStatus
  fulfillments { trackingInfo { company number url }
    fulfillmentLineItems(first: 5) { nodes { quantity lineItem { id sku } } } }
} }"""


@dataclass
class Shop:
    """The store and OpenOMS's side of it."""

    store: Store
    account: Account
    channel: Channel
    warehouse: Warehouse
    variants: dict

    def place(self, *lines: tuple[str, int], email: str = "ada@example.com", **extra) -> dict:
        """A storefront order on the store (``extra``: more checkout keys, e.g.
        ``shipping_line``; without it the emulator's "Standard Shipping"); → the emulator's
        answer (id, name, line ids)."""
        return self.store.control(
            "orders",
            {
                "line_items": [{"sku": sku, "quantity": qty} for sku, qty in lines],
                "customer": {"email": email, "first_name": "Ada", "last_name": "Lovelace"},
                "shipping_address": ADDRESS,
                **extra,
            },
        )

    def import_orders(self) -> JobRun:
        """A manual Import Orders of the channel, executed now; the finished run."""
        return sync_now(self.channel, JobType.IMPORT_ORDERS, Actor.system("test"))

    def fulfillments(self, order_ref: str) -> dict:
        return self.store.graphql(READ_BACK, {"id": order_ref})["order"]


def make_shop(account: Account, store: Store, location: str, name: str = "Proof Shop") -> Shop:
    warehouse = Warehouse.objects.filter(organization=account.organization, code="A").first()
    if warehouse is None:
        warehouse = make_warehouse(account.organization, "A")
    enable(account, warehouse)
    AccountWarehouse.objects.filter(account=account, warehouse=warehouse).update(is_default=True)
    variants = make_variants(account, "TEE", "MUG")
    for variant in variants.values():
        set_level(account, variant, warehouse, 10)
    channel = shopify_channel(
        account, store, warehouse, location, ["TEE", "MUG"], mode="do_not_sync", name=name
    )
    channel.credentials = {**channel.credentials, "client_secret": APP_SECRET}
    channel.save(update_fields=["credentials"])
    return Shop(store, account, channel, warehouse, variants)


@pytest.fixture
def shop(tenant, live_store) -> Shop:
    """The emulator's orders carry its "Standard Shipping" line, a carrier the account's list
    does not have: the account's API Validation Rules for sales orders and shipments are
    Warnings here (an Error keeps such orders waiting: tested)."""
    location = live_store.seed({"TEE": 50, "MUG": 50, "NEW": 50})
    relax_carrier_rules(tenant.account)
    return make_shop(tenant.account, live_store, location)


def relax_carrier_rules(account: Account, level: str = "warning") -> None:
    """The account's API Validation Rules for sales orders and their shipments at ``level``."""
    Account.objects.filter(pk=account.pk).update(
        sales_order_carrier_code_rule=level,
        sales_order_service_code_rule=level,
        shipment_carrier_code_rule=level,
        shipment_service_code_rule=level,
    )
    account.refresh_from_db()


def run_queued(account: Account, rounds: int = 10) -> list[JobRun]:
    """Execute the account's queued runs that are due, as a worker would, until none is;
    → the runs (a run due later, e.g. a retry's, is left queued)."""
    done = []
    for _ in range(rounds):
        due = Q(due_at__isnull=True) | Q(due_at__lte=timezone.now())
        queued = list(
            JobRun.objects.filter(due, account=account, status=RunStatus.QUEUED).order_by("pk")
        )
        if not queued:
            return done
        for run in queued:
            run_execute(run.pk)
            done.append(JobRun.objects.get(pk=run.pk))
    raise AssertionError(f"runs were still queued after {rounds} rounds")


def captured_bodies(store: Store) -> list[dict]:
    """The bodies the emulator sent (or tried to send), oldest first, with their topic."""
    return [
        {"topic": d["topic"], "body": d["body"]}
        for d in store.control("webhooks/wait", {"timeout": 10})["deliveries"]
    ]


def capture_order_webhooks(store: Store) -> None:
    """Subscribe the store's order webhooks to an address nobody answers: each delivery is
    kept by the emulator (``captured_bodies``) after one failed attempt."""
    store.control("config", {"webhooks_retries": 0})
    for topic in ("ORDERS_CREATE", "ORDERS_UPDATED"):
        store.graphql(
            """mutation S($topic: WebhookSubscriptionTopic!, $url: URL!) {
              webhookSubscriptionCreate(topic: $topic,
                webhookSubscription: {callbackUrl: $url, format: JSON}) { userErrors { message } } }""",
            {"topic": topic, "url": UNREACHABLE},
        )


def post_webhook(client, channel: Channel, topic: str, body, webhook_id: str, secret=APP_SECRET):
    """POST a delivery to the channel's webhook address, signed as Shopify signs it."""
    raw = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
    headers = {
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-SHA256": sign(secret, raw),
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Triggered-At": "2026-12-06T07:00:00Z",
    }
    return client.post(
        f"/webhooks/shopify/{channel.pk}/", raw, content_type="application/json", headers=headers
    )


def deliveries(channel: Channel) -> list[tuple[str, str, str]]:
    """(topic, status, note) of the channel's deliveries, oldest first."""
    rows = WebhookDelivery.objects.filter(channel=channel).order_by("pk")
    return list(rows.values_list("topic", "status", "note"))
