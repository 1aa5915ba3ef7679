"""Every list page runs the same, exact number of queries for N rows and for 5N.

The Organization Owner of ``tenant`` is signed in with ``tenant.account`` selected; the counts
include the session, the user, the selected account and the page shell (menu, account
switcher). Each page is fetched once before it is measured. Rows are written directly
(``tests/factories.py`` style), the job rows included, so the measured GET finds them in place.
"""

from __future__ import annotations

import re
from functools import cached_property

import pytest
from django.utils import timezone

from openoms.activity.models import Event, EventLevel, FileImport, FileImportIssue, ImportStatus
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.catalog.models import Product, ProductVariant
from openoms.channels.models import ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import MasterProductSource
from openoms.tenancy.roles import Role
from openoms.tenancy.services.api_keys import api_key_create
from tests.factories import make_account, make_user
from tests.inventory.stock import enable, make_warehouse
from tests.query_counts import ListCase, World, add_history, add_products, check_flat, marker
from tests.web.channel_data import channel_url, make_channel
from tests.web.job_data import make_run


class PageWorld(World):
    """With a run of the account's job, a finished product import and one variant."""

    @cached_property
    def run(self) -> JobRun:
        return make_run(self.job)

    @cached_property
    def product_import(self) -> FileImport:
        return make_import(self.account, "QC products.csv")

    @cached_property
    def variant(self) -> ProductVariant:
        return make_variant(self.account, "QC-ONE")


def make_variant(account, sku: str) -> ProductVariant:
    product = Product.objects.create(account=account, name=f"Product {sku}")
    return ProductVariant.objects.create(account=account, product=product, sku=sku)


def make_import(account, file_name: str) -> FileImport:
    """A finished product import."""
    return FileImport.objects.create(
        account=account,
        kind="products",
        file_name=file_name,
        actor_label="test",
        status=ImportStatus.SUCCEEDED,
        finished_at=timezone.now(),
    )


def grow_products(world: World, start: int, stop: int) -> str:
    add_products(world.account, start, stop)
    return "/products/?status=all"


def grow_inventory(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        variant = make_variant(world.account, marker(number))
        InventoryLevel.objects.create(
            account=world.account, variant=variant, warehouse=world.warehouse, total=5
        )
    return "/inventory/"


def grow_virtual_inventory(world: World, start: int, stop: int) -> str:
    """Levels in both members of QC-ALL, shown as its sums."""
    virtual = world.virtual
    for number in range(start, stop):
        variant = make_variant(world.account, marker(number))
        for member in virtual.members.all():
            InventoryLevel.objects.create(
                account=world.account, variant=variant, warehouse=member, total=2
            )
    return "/inventory/?warehouse=QC-ALL"


def grow_movements(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        level = InventoryLevel.objects.create(
            account=world.account,
            variant=make_variant(world.account, marker(number)),
            warehouse=world.warehouse,
            total=1,
        )
        InventoryMovement.objects.create(
            account=world.account,
            level=level,
            change=1,
            resulting=1,
            trigger="import_inventory_level",
            actor_label="test",
        )
    return "/inventory/movements/"


def grow_variant_inventory(world: World, start: int, stop: int) -> str:
    """One variant's levels in enabled physical warehouses, each also in a virtual one."""
    for number in range(start, stop):
        warehouse = world.physical(number)
        InventoryLevel.objects.create(
            account=world.account, variant=world.variant, warehouse=warehouse, total=number
        )
        virtual = make_warehouse(
            world.organization, f"V{number}", kind="virtual", members=[warehouse]
        )
        enable(world.account, virtual)
    return f"/inventory/variants/{world.variant.pk}/"


def grow_organization_warehouses(world: World, start: int, stop: int) -> str:
    """Physical warehouses and as many virtual ones (``V<n>``, of one member each)."""
    for number in range(start, stop):
        physical = make_warehouse(world.organization, marker(number))
        make_warehouse(world.organization, f"V{number}", kind="virtual", members=[physical])
    return f"/organizations/{world.organization.code}/warehouses/"


def grow_account_warehouses(world: World, start: int, stop: int) -> str:
    """Warehouses of the organization, half of them (and their virtual ones) enabled."""
    for number in range(start, stop):
        physical = make_warehouse(world.organization, marker(number))
        virtual = make_warehouse(
            world.organization, f"V{number}", kind="virtual", members=[physical]
        )
        if number % 2:
            enable(world.account, physical, virtual)
    return "/settings/account/warehouses/"


def grow_sales_channels(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_channel(world.account, marker(number), is_beta=bool(number % 2))
    return "/sales-channels/"


def grow_fulfillment_channels(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_channel(world.account, marker(number), "sandbox_fulfillment", "fulfillment")
    return "/fulfillment-channels/"


def grow_sku_mappings(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        SkuMapping.objects.create(
            account=world.account,
            channel=world.store,
            channel_sku=f"CH-{number}",
            variant=make_variant(world.account, marker(number)),
        )
    return channel_url(world.store, "sku-mappings/")


def grow_variant_options(world: World, start: int, stop: int) -> str:
    """Variants the SKU mapping form's picker finds (it shows 20 at most)."""
    for number in range(start, stop):
        make_variant(world.account, marker(number))
    return channel_url(world.store, "sku-mappings/variants/?variant=QCROW")


def grow_served_warehouses(world: World, start: int, stop: int) -> str:
    """A fulfillment channel's settings: enabled warehouses, every other one served by it."""
    for number in range(start, stop):
        warehouse = world.physical(number)
        if number % 2:
            ChannelWarehouse.objects.create(channel=world.threepl, warehouse=warehouse)
    return channel_url(world.threepl)


def grow_warehouse_mappings(world: World, start: int, stop: int) -> str:
    """Enabled warehouses, every other one mapped to a location of the store."""
    for number in range(start, stop):
        warehouse = world.physical(number)
        if number % 2:
            WarehouseMapping.objects.create(
                channel=world.store, warehouse=warehouse, external_id=str(number)
            )
    return channel_url(world.store, "warehouse-mappings/")


def grow_accounts(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_account(world.organization, marker(number))
    return f"/organizations/{world.organization.code}/accounts/"


def grow_account_count(world: World, start: int, stop: int) -> str:
    grow_accounts(world, start, stop)
    return "/organizations/"


def accounts_counted(response) -> int:
    """The organization's number of accounts, less the tenant's own two."""
    return int(re.search(r"<td>(\d+)</td>", response.content.decode()).group(1)) - 2


def grow_organization_users(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_user(world.organization, Role.SUPERVISOR, email=f"{marker(number)}@acme.example")
    return f"/organizations/{world.organization.code}/users/"


def grow_account_users(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_user(
            world.organization,
            Role.ACCOUNT_USER,
            account=world.account,
            email=f"{marker(number)}@acme.example",
        )
    return "/settings/account/users/"


def grow_api_keys(world: World, start: int, stop: int) -> str:
    """API keys, every other one created by a user and revoked by a user."""
    owner = world.tenant.user(Role.ORGANIZATION_OWNER)
    for number in range(start, stop):
        actor = Actor.for_user(owner) if number % 2 else Actor.system()
        key, _ = api_key_create(actor=actor, account=world.account, name=marker(number))
        if number % 2:
            key.revoked_at, key.revoked_by = timezone.now(), owner
            key.save(update_fields=["revoked_at", "revoked_by"])
    return "/settings/account/api-keys/"


def grow_events(world: World, start: int, stop: int) -> str:
    """Events, each of another channel of the account."""
    for number in range(start, stop):
        channel = make_channel(world.account, f"Channel {number}")
        Event.objects.create(account=world.account, message=marker(number), channel_id=channel.pk)
    return "/events/"


def grow_recurring_jobs(world: World, start: int, stop: int) -> str:
    """Beta channels (with their job rows, and a run of each job) and stable ones."""
    for number in range(start, stop):
        make_channel(world.account, marker(number), is_beta=bool(number % 2))
        make_channel(world.account, f"Stable {number}", is_beta=False)
    jobs_ensure(world.account)
    for job in RecurringJob.objects.filter(account=world.account, runs__isnull=True):
        make_run(job)
    return "/settings/account/recurring-jobs/"


def grow_recurring_jobs_with_master(world: World, start: int, stop: int) -> str:
    """The same, while a stable channel is the Master Product Channel."""
    if not start:
        make_channel(world.account, "Master Store", is_beta=False, is_product_master=True)
        world.account.master_product_source = MasterProductSource.SALES_CHANNEL
        world.account.save(update_fields=["master_product_source"])
    return grow_recurring_jobs(world, start, stop)


def beta_channels_listed(response) -> int:
    """How many beta channels the tab lists (odd markers; stable channels have none)."""
    found = {m.upper() for m in re.findall(r"QCROW\d{3}", response.content.decode(), re.I)}
    return len(found)


def grow_job_runs(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_run(world.job, actor_label=marker(number))
    return f"/jobs/{world.job.pk}/runs/"


def grow_run_events(world: World, start: int, stop: int) -> str:
    """Events of one run, of every level, each of another channel."""
    levels = EventLevel.values
    for number in range(start, stop):
        channel = make_channel(world.account, f"Channel {number}")
        Event.objects.create(
            account=world.account,
            message=marker(number),
            level=levels[number % len(levels)],
            channel_id=channel.pk,
            run_id=world.run.pk,
        )
    return f"/runs/{world.run.pk}/"


def grow_history(world: World, start: int, stop: int) -> str:
    add_history(world.tenant, start, stop)
    return "/settings/account/history/"


def grow_imports(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_import(world.account, f"{marker(number)}.csv")
    return "/imports/"


def grow_import_issues(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        FileImportIssue.objects.create(
            file_import=world.product_import,
            line=number + 2,
            severity="error",
            reason=marker(number),
        )
    return f"/imports/{world.product_import.pk}/"


CASES = [
    ListCase("products", grow_products, 10),
    ListCase("inventory", grow_inventory, 11),
    ListCase("inventory_virtual", grow_virtual_inventory, 13),
    ListCase("inventory_movements", grow_movements, 10),
    ListCase("variant_inventory", grow_variant_inventory, 15),  # + the sales channels mapping it
    ListCase("organization_warehouses", grow_organization_warehouses, 10),
    ListCase("account_warehouses", grow_account_warehouses, 10),
    ListCase("sales_channels", grow_sales_channels, 8),
    ListCase("fulfillment_channels", grow_fulfillment_channels, 8),
    ListCase("sku_mappings", grow_sku_mappings, 10),
    ListCase("variant_options", grow_variant_options, 8),
    ListCase("fulfillment_channel_settings", grow_served_warehouses, 13),
    ListCase("warehouse_mappings", grow_warehouse_mappings, 10),
    ListCase("organizations", grow_account_count, 8, rows=accounts_counted),
    ListCase("organization_accounts", grow_accounts, 9),
    ListCase("organization_users", grow_organization_users, 10),
    ListCase("account_users", grow_account_users, 8),
    ListCase("api_keys", grow_api_keys, 8),
    ListCase("events", grow_events, 10),
    ListCase("recurring_jobs", grow_recurring_jobs, 25),
    ListCase("recurring_jobs_with_master", grow_recurring_jobs_with_master, 27),
    ListCase("job_runs", grow_job_runs, 10),
    ListCase("run_events", grow_run_events, 13),
    ListCase("account_history", grow_history, 9),
    ListCase("imports", grow_imports, 8),
    ListCase("import_issues", grow_import_issues, 10),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_list_page_queries_are_flat(case, tenant, signed_in, django_assert_num_queries):
    client = signed_in(Role.ORGANIZATION_OWNER)
    check_flat(case, PageWorld(tenant), client.get, django_assert_num_queries)
