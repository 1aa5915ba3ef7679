"""Every fault of the issue in one Export Inventory run through the pipeline, against an emulator
on real time: the server's bucket already drained by another client (THROTTLED), two 5xx answers,
an answer dropped after Shopify committed it, the access token expiring mid-run (client
credentials: renewed and stored) and a sale on the store between the connector's read and its
write (a stale ``changeFromQuantity``). The run ends with the store holding exactly OpenOMS's
available quantities, each failure is an Event of the run, and the renewed token is stored."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.connectors import registry
from openoms.connectors.base import ChannelAccess
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.inventory.models import InventoryLevel
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.server import start_in_thread
from tests.connectors.shopify_emulator import emulator_control, emulator_graphql
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.sync.runs import run_events, sync_now

CLIENT_ID, CLIENT_SECRET = "openoms-emulator-app", "shpss_emulator_secret"
STATIC_TOKEN = "shpat_storm_drainer"
SKUS = [f"STORM-{n:02d}" for n in range(12)]


@pytest.fixture(scope="module")
def live(shopify_schema):
    """An emulator on the real clock (the throttle restores as time passes)."""
    running = start_in_thread(ShopifyEmulator(shopify_schema, tokens=(STATIC_TOKEN,)))
    yield running
    running.stop()


def control(url: str, path: str, body: dict | None = None) -> dict:
    return emulator_control(url, path, body, timeout=10)


def graphql(url: str, token: str, query: str, variables: dict | None = None) -> dict:
    return emulator_graphql(url, token, query, variables, timeout=10)


def stock_on_store(url: str) -> dict[str, int]:
    body = graphql(
        url,
        STATIC_TOKEN,
        """{ productVariants(first: 50) { nodes { sku inventoryItem { inventoryLevels(first: 1)
        { nodes { quantities(names: ["available"]) { quantity } } } } } } }""",
    )
    return {
        node["sku"]: node["inventoryItem"]["inventoryLevels"]["nodes"][0]["quantities"][0][
            "quantity"
        ]
        for node in body["data"]["productVariants"]["nodes"]
    }


class Saboteur:
    """An httpx request hook. Before the connector's first ``inventorySetQuantities``: its token
    expires and a customer buys one STORM-00 on the store (50 → 49: the compare goes stale).
    Before the set that compares STORM-00 with 49 (the connector read it again): Shopify will
    commit it and drop the answer."""

    def __init__(self, url: str):
        self.url, self.sold, self.dropped = url, False, False

    def __call__(self, request: httpx.Request) -> None:
        if b"inventorySetQuantities" not in request.content:
            return
        first = json.loads(request.content)["variables"]["input"]["quantities"][0]
        if not self.sold:
            self.sold = True
            control(self.url, "config", {"expire_token": request.headers["X-Shopify-Access-Token"]})
            self.sell_one(first)
        elif first["changeFromQuantity"] == 49 and not self.dropped:
            self.dropped = True
            control(self.url, "config", {"drop_next": 1})

    def sell_one(self, first: dict) -> None:
        sale = graphql(
            self.url,
            STATIC_TOKEN,
            """mutation Sale($input: InventoryAdjustQuantitiesInput!, $key: String!) {
              inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
                userErrors { code message } } }""",
            {
                "key": str(uuid.uuid4()),
                "input": {
                    "name": "available",
                    "reason": "correction",
                    "changes": [
                        {
                            "inventoryItemId": first["inventoryItemId"],
                            "locationId": first["locationId"],
                            "delta": -1,
                            "changeFromQuantity": None,
                        }
                    ],
                },
            },
        )
        assert sale["data"]["inventoryAdjustQuantities"]["userErrors"] == []


def drain(url: str) -> None:
    """Spend the app's bucket (its tokens share one, as on Shopify): two documents of 99
    mutations (10 points each, refused: nothing changes) leave about 20 of its 2,000 points."""
    token = httpx.post(
        f"{url}/admin/oauth/access_token",
        json={
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
        timeout=10,
    ).json()["access_token"]
    deletes = " ".join(
        f'd{n}: webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/0") '
        "{ userErrors { message } }"
        for n in range(99)
    )
    for _ in range(2):
        body = graphql(url, token, f"mutation {{ {deletes} }}")
        assert body["extensions"]["cost"]["actualQueryCost"] == 990, body


def test_a_run_through_every_fault_ends_with_the_store_equal_to_openoms(tenant, live, monkeypatch):
    # given a store with 12 SKUs at one location, all at 50
    url = live.url
    control(url, "reset")
    seeded = control(
        url,
        "seed",
        {
            "locations": [{"name": "Main"}],
            "products": [
                {
                    "title": f"Storm {sku}",
                    "variants": [{"sku": sku, "levels": [{"location": "Main", "available": 50}]}],
                }
                for sku in SKUS
            ],
        },
    )
    main = seeded["locations"][0]["id"]
    # and OpenOMS with 0..11 available of each, the channel on client credentials
    account = tenant.account
    warehouse = make_warehouse(account.organization, "A")
    enable(account, warehouse)
    variants = make_variants(account, *SKUS)
    for n, sku in enumerate(SKUS):
        InventoryLevel.objects.create(
            account=account, variant=variants[sku], warehouse=warehouse, total=n + 3, allocated=3
        )
    channel = Channel.objects.create(
        account=account,
        type="sales",
        kind="shopify",
        name="Storm Shop",
        credentials={
            "shop_domain": "storm.myshopify.com",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
        api_base_url=url,
    )
    WarehouseMapping.objects.create(channel=channel, warehouse=warehouse, external_id=main)
    for sku in SKUS:
        SkuMapping.objects.create(
            account=account, channel=channel, channel_sku=sku, variant=variants[sku]
        )
    saboteur = Saboteur(url)

    def connector(access: ChannelAccess) -> ShopifyConnector:
        http = httpx.Client(timeout=10, event_hooks={"request": [saboteur]})
        return ShopifyConnector(access, http=http)

    connector.capabilities = registry.connector_capabilities("shopify")
    monkeypatch.setitem(registry.CONNECTORS, "shopify", connector)
    # and the faults: the app's bucket drained by another client, then two 5xx answers
    drain(url)
    control(url, "config", {"fail_next": 2})
    # when
    run = sync_now(Channel.objects.get(pk=channel.pk), "export_inventory")
    # then the store holds OpenOMS's available quantities (STORM-00: 0, despite the sale)
    assert run.status == "succeeded", run_events(run)
    assert stock_on_store(url) == {sku: n for n, sku in enumerate(SKUS)}
    assert (saboteur.sold, saboteur.dropped) == (True, True)
    # each failure is an Event of the run
    messages = [message for _, message in run_events(run)]
    assert sum("Shopify throttled" in message for message in messages) >= 1, messages
    assert sum("(HTTP 503); retrying" in message for message in messages) == 2, messages
    assert sum("Server disconnected" in message for message in messages) == 1, messages
    assert sum("refused the access token during" in message for message in messages) == 1
    assert run_events(run)[-1] == (
        "info",
        "Export Inventory to Storm Shop: 12 sent, 0 unchanged, 0 skipped.",
    )
    # and the token renewed mid-run is stored (encrypted, like every credential)
    stored = Channel.objects.get(pk=channel.pk).credentials
    assert stored["access_token"].startswith("shpat_")
    assert stored["access_token_expires_at"]
