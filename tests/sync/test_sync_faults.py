"""More than 1,000 injected faults between OpenOMS's inventory sync and a Shopify store, and the
store still ends equal to OpenOMS for every SKU x location.

The storm (SQLite and PostgreSQL): round after round, a burst of changes (the bulk API's and manual
adjustments, in *Real-Time Adjustment* then *Synchronize With Fulfillment Channel*: deltas and
fulls), then faults set on the emulator in bulk before the outbox is drained through the pipeline:
the app's cost bucket emptied by another client (THROTTLED), HTTP 503 answers (``fail_next``),
answers dropped after the store committed (``drop_next``), the access token expired (renewed by
client credentials), and the store changed between the connector's read and its write (a stale
``changeFromQuantity``: a customer buys one, later returns it, so the store owes nothing at the
end). The emulator counts every fault it served OpenOMS. Time is compressed: the connector's waits
are capped at 20 ms and a failed row's backoff is skipped (``next_attempt_at`` made due), as a
clock would after the wait.

The kill of a real worker mid-batch is in ``test_sync_faults_kill.py``.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.runs import run_execute
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.connectors import registry
from openoms.connectors.base import ChannelAccess
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.connectors.shopify.throttle import CostBucket
from openoms.inventory.models import InventoryLevel
from openoms.inventory.services.bulk import LevelRow, levels_bulk_set
from openoms.inventory.services.levels import level_adjust
from openoms.inventory.triggers import Trigger
from openoms.sync.models import PendingPush, PushBatch
from openoms.sync.services.outbox import outbox_drain_queue
from openoms.tenancy.actor import Actor
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.server import GRAPHQL_PATH, start_in_thread
from tests.connectors import shopify_emulator
from tests.connectors.shopify_emulator import emulator_control, emulator_graphql
from tests.inventory.stock import enable, make_variants, make_warehouse

CLIENT_ID, CLIENT_SECRET = "openoms-emulator-app", "shpss_emulator_secret"
OWNER_TOKEN = "shpat_store_owner"  # the test's own reads and the other client: no faults
SKUS = [f"FAULT-{n:02d}" for n in range(30)]
LOCATIONS = {"A": "Main", "B": "Overflow"}
START = 100
GOAL_FAULTS = 1_000
MAX_ROUNDS = 400
PUSH = "push_inventory_updates"
MUTATIONS = ("inventoryAdjustQuantities", "inventorySetQuantities")
SYSTEM = Actor.system("test")
shopify_schema = shopify_emulator.shopify_schema  # a fixture


class FaultCountingEmulator(ShopifyEmulator):
    """The emulator, counting each fault it serves OpenOMS (every token but the owner's) and
    recording OpenOMS's inventory mutations as (idempotency key, applied)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.faults: Counter = Counter()
        self.mutations: list[tuple[str, bool]] = []
        self.count_lock = threading.Lock()

    def handle_graphql(self, token, raw, content_type=""):
        response = super().handle_graphql(token, raw, content_type)
        if token != OWNER_TOKEN:
            self._count(raw, response)
        return response

    def _count(self, raw: bytes, response) -> None:
        text = json.dumps(response.body) if isinstance(response.body, dict | list) else ""
        with self.count_lock:
            if response.status == 401:
                self.faults["token expired"] += 1
            elif response.status >= 500:
                self.faults["5xx"] += 1
            elif '"THROTTLED"' in text:
                self.faults["throttled"] += 1
            if response.drop:
                self.faults["answer dropped"] += 1
            if "CHANGE_FROM_QUANTITY_STALE" in text:
                self.faults["stale compare"] += 1
            if response.status == 200 and any(m.encode() in raw for m in MUTATIONS):
                variables = json.loads(raw).get("variables") or {}
                applied = '"userErrors": []' in text and '"errors"' not in text
                self.mutations.append((str(variables.get("idempotencyKey", "")), applied))


@pytest.fixture(scope="module")
def storm_store(shopify_schema):
    emulator = FaultCountingEmulator(shopify_schema, tokens=(OWNER_TOKEN,))
    running = start_in_thread(emulator)
    yield emulator, running.url
    running.stop()


def control(url: str, path: str, body: dict | None = None) -> dict:
    return emulator_control(url, path, body, timeout=30)


def graphql(url: str, token: str, query: str, variables: dict | None = None) -> dict:
    return emulator_graphql(url, token, query, variables, timeout=30)


STOCK = """query Stock($after: String) { productVariants(first: 25, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes { sku inventoryItem { inventoryLevels(first: 5) { nodes { location { name }
    quantities(names: ["available"]) { quantity } } } } } } }"""


def store_stock(url: str) -> dict[tuple[str, str], int]:
    """(SKU, location name) → available, read with an ordinary paged GraphQL query."""
    levels, after = {}, None
    while True:
        body = graphql(url, OWNER_TOKEN, STOCK, {"after": after})
        assert "errors" not in body, body
        page = body["data"]["productVariants"]
        for node in page["nodes"]:
            for level in node["inventoryItem"]["inventoryLevels"]["nodes"]:
                levels[(node["sku"], level["location"]["name"])] = level["quantities"][0][
                    "quantity"
                ]
        if not page["pageInfo"]["hasNextPage"]:
            return levels
        after = page["pageInfo"]["endCursor"]


def openoms_stock(account) -> dict[tuple[str, str], int]:
    rows = InventoryLevel.objects.filter(account=account).values_list(
        "variant__sku", "warehouse__code", "total", "allocated", "on_hold"
    )
    return {
        (sku, LOCATIONS[code]): max(total - allocated - on_hold, 0)
        for sku, code, total, allocated, on_hold in rows
    }


def seed(account, url: str, mode: str) -> Channel:
    """The store and OpenOMS both at START of every SKU at both locations; a beta Shopify
    channel on client credentials in ``mode``, A mapped to Main and B to Overflow."""
    control(url, "reset")
    control(url, "config", {"access_tokens": [OWNER_TOKEN]})
    levels = [{"location": name, "available": START} for name in LOCATIONS.values()]
    seeded = control(
        url,
        "seed",
        {
            "locations": [{"name": name} for name in LOCATIONS.values()],
            "products": [
                {"title": f"Faulty {sku}", "variants": [{"sku": sku, "levels": levels}]}
                for sku in SKUS
            ],
        },
    )
    location_ids = {loc["name"]: loc["id"] for loc in seeded["locations"]}
    variants = make_variants(account, *SKUS)
    channel = Channel.objects.create(
        account=account,
        type="sales",
        kind="shopify",
        name="Fault Shop",
        is_beta=True,
        inventory_sync_mode=mode,
        credentials={
            "shop_domain": "faults.myshopify.com",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
        api_base_url=url,
    )
    for code, name in LOCATIONS.items():
        warehouse = make_warehouse(account.organization, code)
        enable(account, warehouse)
        WarehouseMapping.objects.create(
            channel=channel, warehouse=warehouse, external_id=location_ids[name]
        )
        InventoryLevel.objects.bulk_create(
            InventoryLevel(account=account, variant=v, warehouse=warehouse, total=START)
            for v in variants.values()
        )
    SkuMapping.objects.bulk_create(
        SkuMapping(account=account, channel=channel, channel_sku=sku, variant=variants[sku])
        for sku in SKUS
    )
    return Channel.objects.select_related("account").get(pk=channel.pk)


class Customer:
    """An httpx request hook of OpenOMS's connector: before the first request of each batch
    (its idempotency key), a customer buys one of the batch's first item on the store, so the
    compare goes stale (not when that item was the last sale's: it is the stale entry sent again
    in a new batch). After a delta the sale stays on the store, so the next time that item
    is picked it is returned instead, and ``settle`` returns what is still out; a full value
    overwrites the sale (OpenOMS's Available is the truth: the order reaches OpenOMS later), so
    nothing is owed for those items."""

    def __init__(self, emulator: ShopifyEmulator):
        self.emulator, self.seen, self.out = emulator, set(), Counter()
        self.last: tuple[int, int] | None = None  # the item of the last sale

    def __call__(self, request: httpx.Request) -> None:
        if not any(m.encode() in request.content for m in MUTATIONS):
            return
        variables = json.loads(request.content)["variables"]
        entries = variables["input"].get("quantities") or variables["input"].get("changes")
        keys = [(_number(e["inventoryItemId"]), _number(e["locationId"])) for e in entries]
        full = "quantities" in variables["input"]
        if full:
            for key in keys:
                self.out[key] = 0
        batch = variables["idempotencyKey"].rsplit(".", 1)[0]  # the connector's rounds: .0, .1
        if batch not in self.seen:
            self.seen.add(batch)
            if keys[0] == self.last:  # its stale entry sent again in a new batch: no new sale
                self.last = None
                return
            self.last = keys[0]
            self._change(keys[0], 1 if self.out[keys[0]] else -1, owed=not full)

    def _change(self, key: tuple[int, int], change: int, owed: bool = True) -> None:
        with self.emulator.store.lock:
            self.emulator.store.levels[key].quantities["available"] += change
        if owed:
            self.out[key] -= change

    def settle(self) -> None:
        for key, out in list(self.out.items()):
            if out:
                self._change(key, out)


def _number(gid: str) -> int:
    return int(gid.rsplit("/", 1)[1])


class Compressed:
    """Time for the connector: each wait is at most 20 ms of real time, and the cost bucket's
    clock moves by the whole wait (the bucket believes the time passed)."""

    def __init__(self):
        self.skipped = 0.0

    def clock(self) -> float:
        return time.monotonic() + self.skipped

    def sleep(self, seconds: float) -> None:
        real = min(seconds, 0.02)
        time.sleep(real)
        self.skipped += seconds - real


def install_connector(monkeypatch, customer: Customer) -> None:
    """The Shopify connector of the pipeline, with the customer's hook and waits capped."""

    def connector(access: ChannelAccess) -> ShopifyConnector:
        http = httpx.Client(timeout=10, event_hooks={"request": [customer]})
        time = Compressed()
        bucket = CostBucket(clock=time.clock, sleep=time.sleep)
        return ShopifyConnector(access, http=http, sleep=time.sleep, bucket=bucket)

    connector.capabilities = registry.connector_capabilities("shopify")
    monkeypatch.setitem(registry.CONNECTORS, "shopify", connector)


def empty_the_bucket(url: str) -> None:
    """Another client of the same app spends the shared cost bucket down to under 10 points,
    its restore slowed for a moment (as when other apps' traffic slows a store down)."""
    control(url, "config", {"rate_cut": {"factor": 0.01, "seconds": 0.3}})
    with httpx.Client(base_url=url, timeout=10) as other:
        token = other.post(
            "/admin/oauth/access_token",
            json={
                "grant_type": "client_credentials",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            },
        ).json()["access_token"]
        headers = {"X-Shopify-Access-Token": token}
        for mutations in (99, 10, 1):
            document = " ".join(
                f'd{n}: webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/0") '
                "{ userErrors { message } }"
                for n in range(mutations)
            )
            body = {"query": f"mutation {{ {document} }}"}
            while "errors" not in other.post(GRAPHQL_PATH, json=body, headers=headers).json():
                pass


def outbox_empty(channel: Channel) -> bool:
    return not (
        PendingPush.objects.filter(channel=channel).exists()
        or PushBatch.objects.filter(channel=channel).exists()
    )


def drain(channel: Channel, limit: int = 60) -> None:
    """Run the channel's queued runs until its outbox is empty; a failed row's backoff is made
    due at once (the time a clock would let pass) and a run queued for it when none is."""
    for _ in range(limit):
        queued = JobRun.objects.filter(account=channel.account, status=RunStatus.QUEUED)
        if outbox_empty(channel) and not queued.exists():
            return
        PendingPush.objects.filter(channel=channel).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
        if not queued.filter(job_type=PUSH).exists() and not outbox_empty(channel):
            outbox_drain_queue({channel.pk})
        for pk in queued.order_by("id").values_list("pk", flat=True):
            run_execute(pk)
    raise AssertionError(f"the outbox was not drained in {limit} passes")


def burst(channel: Channel, rng: random.Random, real_time: bool) -> None:
    """A burst of changes: the bulk API's totals (delta in Real-Time, full with the FC mode),
    and in Real-Time also manual adjustments."""
    account = channel.account
    current = {
        (code, sku): total
        for code, sku, total in InventoryLevel.objects.filter(account=account).values_list(
            "warehouse__code", "variant__sku", "total"
        )
    }
    picked = rng.sample(sorted(current), 12)
    rows = [
        LevelRow(n + 1, code, sku, max(0, current[(code, sku)] + rng.randint(-6, 6)))
        for n, (code, sku) in enumerate(picked[:8])
    ]
    levels_bulk_set(actor=SYSTEM, account=account, rows=rows, trigger=Trigger.API_BULK_UPDATE)
    if not real_time:
        return
    for code, sku in picked[8:]:
        level_adjust(
            actor=SYSTEM,
            account=account,
            warehouse=code,
            variant=sku,
            delta=rng.randint(1, 4),
            trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
        )


def inject(url: str, channel: Channel, round_number: int) -> None:
    """This round's faults, in bulk: the bucket emptied, 503s, dropped answers, the token."""
    control(url, "config", {"fail_next": 0, "drop_next": 0})
    empty_the_bucket(url)
    token = Channel.objects.get(pk=channel.pk).credentials.get("access_token")
    if token:
        control(url, "config", {"expire_token": token})
    control(url, "config", {"fail_next": 3 + round_number % 5, "drop_next": 3})


def test_a_thousand_faults_end_with_the_store_equal_to_openoms(tenant, storm_store, monkeypatch):
    # given the store and OpenOMS equal, a channel in Real-Time Adjustment
    emulator, url = storm_store
    channel = seed(tenant.account, url, "real_time")
    customer = Customer(emulator)
    install_connector(monkeypatch, customer)
    emulator.faults.clear()
    rng = random.Random(1013)
    # when bursts of changes are drained through round after round of faults
    rounds = 0
    while sum(emulator.faults.values()) < GOAL_FAULTS and rounds < MAX_ROUNDS:
        real_time = (rounds // 10) % 2 == 0
        mode = "real_time" if real_time else "sync_with_fulfillment_channel"
        Channel.objects.filter(pk=channel.pk).update(inventory_sync_mode=mode)
        burst(channel, rng, real_time)
        inject(url, channel, rounds)
        drain(channel)
        rounds += 1
    # and the store owes nothing more to its customers, every fault knob is spent
    control(url, "config", {"fail_next": 0, "drop_next": 0})
    customer.settle()
    # then more than 1,000 faults of every kind were served to OpenOMS
    faults = dict(emulator.faults)
    assert sum(faults.values()) >= GOAL_FAULTS, (rounds, faults)
    kinds = {"throttled", "5xx", "answer dropped", "stale compare", "token expired"}
    assert set(faults) == kinds, faults
    assert min(faults.values()) >= 20, faults
    # and the store equals OpenOMS for every SKU x location, the outbox is empty
    assert outbox_empty(channel)
    expected = openoms_stock(tenant.account)
    assert len(expected) == len(SKUS) * len(LOCATIONS)
    assert store_stock(url) == expected
