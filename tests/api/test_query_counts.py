"""Every list endpoint of API v2 runs the same, exact number of queries for N rows and for 5N.

The counts include the API key's lookup; each list is fetched once before it is measured (a
first request records the key's last use). Rows are written directly (``tests/factories.py``
style), the job rows included, so that the measured GET finds them in place.
"""

from __future__ import annotations

import pytest

from openoms.activity.models import Event, EventLevel
from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.jobs import jobs_ensure
from openoms.catalog.models import Product, ProductVariant
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.inventory.models import InventoryLevel
from openoms.tenancy.actor import Actor
from openoms.tenancy.services.api_keys import api_key_create
from tests.api.helpers import api_get
from tests.inventory.stock import enable, make_warehouse
from tests.query_counts import ListCase, World, add_history, add_products, check_flat, marker
from tests.web.job_data import make_run

ALL = "page_size=200"


def make_variant(world: World, number: int) -> ProductVariant:
    """Variant ``QCROW<n>-SKU`` of its own product ``QCROW<n>``."""
    product = Product.objects.create(account=world.account, name=marker(number))
    return ProductVariant.objects.create(
        account=world.account, product=product, sku=f"{marker(number)}-SKU", name="Red"
    )


def grow_products(world: World, start: int, stop: int) -> str:
    add_products(world.account, start, stop)
    return f"/products?{ALL}"


def grow_variants(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_variant(world, number)
    return f"/variants?{ALL}"


def grow_warehouses(world: World, start: int, stop: int) -> str:
    """Physical warehouses, and as many virtual ones of two members each."""
    org = world.tenant.organization
    for number in range(start, stop):
        physical = world.physical(number)
        virtual = make_warehouse(org, f"V{number}", kind="virtual", members=[physical])
        enable(world.account, virtual)
    return "/warehouses"


def grow_inventory(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        InventoryLevel.objects.create(
            account=world.account,
            variant=make_variant(world, number),
            warehouse=world.warehouse,
            total=5,
        )
    return f"/inventory?{ALL}"


def grow_virtual_inventory(world: World, start: int, stop: int) -> str:
    """Levels in both members of QC-ALL, read as its sums."""
    for number in range(start, stop):
        variant = make_variant(world, number)
        for member in world.virtual.members.all():
            InventoryLevel.objects.create(
                account=world.account, variant=variant, warehouse=member, total=2
            )
    return f"/inventory?warehouse=QC-ALL&{ALL}"


def grow_channels(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        kind, type = ("sandbox_sales", "sales") if number % 2 else ("shipbob", "fulfillment")
        Channel.objects.create(account=world.account, name=marker(number), kind=kind, type=type)
    return "/channels"


def grow_warehouse_mappings(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        WarehouseMapping.objects.create(
            channel=world.store, warehouse=world.physical(number), external_id=str(number)
        )
    return f"/channels/{world.store.pk}"


def grow_served_warehouses(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        ChannelWarehouse.objects.create(channel=world.threepl, warehouse=world.physical(number))
    return f"/channels/{world.threepl.pk}"


def grow_sku_mappings(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        SkuMapping.objects.create(
            account=world.account,
            channel=world.store,
            channel_sku=f"CH-{number}",
            variant=make_variant(world, number),
        )
    return f"/channels/{world.store.pk}/sku-mappings?{ALL}"


def grow_jobs(world: World, start: int, stop: int) -> str:
    """Beta channels, each with its job rows (made here: the list must find them in place)."""
    for number in range(start, stop):
        Channel.objects.create(
            account=world.account, name=marker(number), kind="sandbox_sales", type="sales"
        )
    jobs_ensure(world.account)
    return f"/jobs?{ALL}"


def grow_job_runs(world: World, start: int, stop: int) -> str:
    """Runs of one job, each with an event of each level."""
    for number in range(start, stop):
        run = make_run(world.job, summary=marker(number))
        for level in EventLevel.values:
            Event.objects.create(account=world.account, message="done", level=level, run_id=run.pk)
    return f"/jobs/{world.job.pk}/runs?{ALL}"


def grow_events(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        Event.objects.create(account=world.account, message=marker(number), channel_id=number)
    return f"/events?{ALL}"


def grow_history(world: World, start: int, stop: int) -> str:
    add_history(world.tenant, start, stop)
    return f"/account/history?{ALL}"


def grow_api_keys(world: World, start: int, stop: int) -> str:
    """The account's API keys, listed in ``GET /account``."""
    for number in range(start, stop):
        api_key_create(actor=Actor.system(), account=world.account, name=marker(number))
    return "/account"


def channels_listed(response) -> int:
    """How many channels the jobs of the answer belong to."""
    return len({job["channel_id"] for job in response.json()["items"] if job["channel_id"]})


CASES = [
    ListCase("products", grow_products, 5),
    ListCase("variants", grow_variants, 4),
    ListCase("warehouses", grow_warehouses, 4),
    ListCase("inventory", grow_inventory, 5),
    ListCase("inventory_virtual", grow_virtual_inventory, 6),
    ListCase("channels", grow_channels, 3),
    ListCase("channel_warehouse_mappings", grow_warehouse_mappings, 4),
    ListCase("channel_served_warehouses", grow_served_warehouses, 4),
    ListCase("sku_mappings", grow_sku_mappings, 5),
    ListCase("jobs", grow_jobs, 4, rows=channels_listed),
    ListCase("job_runs", grow_job_runs, 4),
    ListCase("events", grow_events, 4),
    ListCase("account_history", grow_history, 4),
    ListCase("account_api_keys", grow_api_keys, 5),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_list_queries_are_flat(case, client, tenant, api_key, django_assert_num_queries):
    world = World(tenant)
    check_flat(case, world, lambda path: api_get(client, path, api_key), django_assert_num_queries)


def test_the_runs_of_a_page_have_their_own_event_counts(client, tenant, api_key):
    """The counts read with the page (one query) are each run's own, by level."""
    world = World(tenant)
    grow_job_runs(world, 0, 2)  # two runs with one event of each level
    quiet = make_run(world.job, RunStatus.RUNNING)
    busy, other = JobRun.objects.filter(job=world.job).order_by("pk")[:2]
    for level in ("warning", "warning", "error"):
        Event.objects.create(account=world.account, message="more", level=level, run_id=busy.pk)

    response = api_get(client, f"/jobs/{world.job.pk}/runs", api_key)

    counts = {run["id"]: run["event_counts"] for run in response.json()["items"]}
    assert counts == {
        quiet.pk: {"info": 0, "warning": 0, "error": 0, "fatal": 0},
        other.pk: {"info": 1, "warning": 1, "error": 1, "fatal": 1},
        busy.pk: {"info": 1, "warning": 3, "error": 2, "fatal": 1},
    }
    single = api_get(client, f"/job-runs/{busy.pk}", api_key).json()["event_counts"]
    assert single == counts[busy.pk]
