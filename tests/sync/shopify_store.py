"""What the inventory sync proofs share (the trigger table's cells, the fault storm): a Shopify
emulator on the real clock, a store seeded with SKUs at one location, a Shopify sales channel of
OpenOMS mapped onto it, the store's quantities read back with an ordinary GraphQL query, and the
drain of the outbox the way a worker drains it (the queued runs executed)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.runs import run_execute
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.inventory.models import InventoryLevel, Warehouse
from openoms.sync.models import PendingPush, PushBatch
from openoms.tenancy.models import Account
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.server import Running, start_in_thread
from tests.connectors.shopify_emulator import emulator_control, emulator_graphql

TOKEN = "shpat_sync_proof"
SHOP = "sync-proof.myshopify.com"
LOCATION = "Main"
STOCK_QUERY = """query Stock($after: String) { productVariants(first: 25, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes { sku inventoryItem { inventoryLevels(first: 5) { nodes { location { id }
    quantities(names: ["available"]) { quantity } } } } } } }"""


@dataclass
class Store:
    """The emulator as a shop owner sees it: its control API and plain GraphQL reads."""

    running: Running

    @property
    def url(self) -> str:
        return self.running.url

    def control(self, path: str, body: dict | None = None) -> dict:
        return emulator_control(self.url, path, body, timeout=30)

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        body = emulator_graphql(self.url, TOKEN, query, variables, timeout=30)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def seed(self, stock: dict[str, int]) -> str:
        """A fresh shop: one location, one product per SKU stocked there; → the location id."""
        self.control("reset")
        products = [
            {
                "title": f"Product {sku}",
                "variants": [{"sku": sku, "levels": [{"location": LOCATION, "available": n}]}],
            }
            for sku, n in stock.items()
        ]
        seeded = self.control("seed", {"locations": [{"name": LOCATION}], "products": products})
        return seeded["locations"][0]["id"]

    def stock(self) -> dict[tuple[str, str], int]:
        """(SKU, location id) → available, every level of the shop (paged like any client)."""
        levels: dict[tuple[str, str], int] = {}
        after = None
        while True:
            page = self.graphql(STOCK_QUERY, {"after": after})["productVariants"]
            for node in page["nodes"]:
                for level in node["inventoryItem"]["inventoryLevels"]["nodes"]:
                    key = (node["sku"], level["location"]["id"])
                    levels[key] = level["quantities"][0]["quantity"]
            if not page["pageInfo"]["hasNextPage"]:
                return levels
            after = page["pageInfo"]["endCursor"]

    def available(self, location: str) -> dict[str, int]:
        """SKU → available at ``location``."""
        return {sku: n for (sku, loc), n in self.stock().items() if loc == location}


@pytest.fixture(scope="module")
def live_store(shopify_schema) -> Store:
    """One emulator per module on the real clock (its bucket restores as time passes)."""
    running = start_in_thread(ShopifyEmulator(shopify_schema, tokens=(TOKEN,)))
    yield Store(running)
    running.stop()


def shopify_channel(
    account: Account,
    store: Store,
    warehouse: Warehouse,
    location: str,
    skus: list[str],
    *,
    mode: str = "real_time",
    name: str = "Proof Shop",
) -> Channel:
    """A beta Shopify sales channel on ``store``: ``warehouse`` mapped to ``location``, each SKU
    mapped to the same channel SKU (the variants must exist)."""
    channel = Channel.objects.create(
        account=account,
        type="sales",
        kind="shopify",
        name=name,
        is_beta=True,
        inventory_sync_mode=mode,
        credentials={"shop_domain": SHOP, "access_token": TOKEN},
        api_base_url=store.url,
    )
    WarehouseMapping.objects.create(channel=channel, warehouse=warehouse, external_id=location)
    variants = dict(
        ProductVariant.objects.filter(account=account, sku__in=skus).values_list("sku", "pk")
    )
    SkuMapping.objects.bulk_create(
        SkuMapping(account=account, channel=channel, channel_sku=sku, variant_id=variants[sku])
        for sku in skus
    )
    return Channel.objects.select_related("account").get(pk=channel.pk)


def drain(account: Account, rounds: int = 50) -> int:
    """Execute the account's queued runs, as a worker would, until none is queued and the
    outbox is empty (fails after ``rounds``); → the number of runs executed."""
    executed = 0
    for _ in range(rounds):
        queued = list(
            JobRun.objects.filter(account=account, status=RunStatus.QUEUED)
            .order_by("id")
            .values_list("pk", flat=True)
        )
        outbox_empty = not (
            PendingPush.objects.filter(account=account).exists()
            or PushBatch.objects.filter(account=account).exists()
        )
        if not queued and outbox_empty:
            return executed
        assert queued, "rows are waiting in the outbox but no run is queued to send them"
        for pk in queued:
            run_execute(pk)
            executed += 1
    raise AssertionError(f"the outbox was not drained in {rounds} rounds")


def available_in_openoms(account: Account, warehouse: Warehouse) -> dict[str, int]:
    """SKU → OpenOMS's Available in ``warehouse`` (negative as 0, as the channel is told)."""
    rows = InventoryLevel.objects.filter(account=account, warehouse=warehouse).values_list(
        "variant__sku", "total", "allocated", "on_hold"
    )
    return {sku: max(total - allocated - on_hold, 0) for sku, total, allocated, on_hold in rows}
