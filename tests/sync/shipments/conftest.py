"""Fixtures of the shipment work's tests: the ShipBob emulator over real HTTP (127.0.0.1), and an
account whose warehouse CHI is served by a ShipBob channel pointed at it (CHI → fulfillment
center 10), with stock of MUG (known to ShipBob as MUG-1 through a SKU mapping) and TEE-S."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun
from openoms.automation.services.runs import run_execute
from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.inventory.models import InventoryLevel, Warehouse
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import OrderStatus, SalesOrder, Shipment
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.orders import sales_order_create
from openoms.sync.services.work_queue import channel_job as shipment_job
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from tests.connectors.shipbob.emulator import FC_EAST, TOKEN, emulator, emulator_server
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level

__all__ = ["emulator", "emulator_server"]

SEND, IMPORT = JobType.SEND_SHIPMENTS, JobType.IMPORT_SHIPMENTS
ACTOR = Actor.system("test")
SHIP_TO = {
    "name": "Ada Lovelace",
    "address1": "1 Main St",
    "city": "Austin",
    "region": "TX",
    "postal_code": "78701",
    "country": "US",
}


@dataclass
class Setup:
    """An account, its warehouse CHI and its ShipBob channel."""

    account: Account
    chi: Warehouse
    channel: Channel
    variants: dict


def seed_shipbob(emulator, *, channel_ids=(1,)) -> None:
    """The emulator's fulfillment center 10 with MUG-1 (20 on hand) and TEE-S (10)."""
    emulator.seed(
        channels=[{"id": i, "name": f"Channel {i}"} for i in channel_ids],
        fulfillment_centers=[{"id": FC_EAST, "name": "Cicero (IL)"}],
        products=[
            {"name": "Enamel Mug", "sku": "MUG-1"},
            {"name": "Tee", "variants": [{"sku": "TEE-S", "name": "S"}]},
        ],
        inventory=[
            {"sku": "MUG-1", "fulfillment_center_id": FC_EAST, "on_hand": 20},
            {"sku": "TEE-S", "fulfillment_center_id": FC_EAST, "on_hand": 10},
        ],
    )


def shipbob_setup(account: Account, emulator, *, shipbob_channel: str = "1") -> Setup:
    """CHI (MUG 10, TEE-S 6) served by a ShipBob channel on the emulator with a token of its
    own (the connector's rate-limit window is per token); UPS/GND carriers."""
    token = f"{TOKEN}-{uuid.uuid4().hex}"
    tokens = emulator.control("config")["tokens"]
    emulator.control("config", {"tokens": [*tokens, token]})
    chi = Warehouse.objects.filter(organization=account.organization, code="CHI").first()
    chi = chi or make_warehouse(account.organization, "CHI")
    enable(account, chi)
    variants = make_variants(account, "MUG", "TEE-S")
    set_level(account, variants["MUG"], chi, 10)
    set_level(account, variants["TEE-S"], chi, 6)
    make_carriers(account)
    channel = Channel.objects.create(
        account=account,
        type="fulfillment",
        kind="shipbob",
        name=f"{account.name} ShipBob",
        credentials={"api_token": token, "channel_id": shipbob_channel},
        api_base_url=emulator.url,
    )
    ChannelWarehouse.objects.create(channel=channel, warehouse=chi)
    WarehouseMapping.objects.create(channel=channel, warehouse=chi, external_id=str(FC_EAST))
    SkuMapping.objects.create(
        account=account, channel=channel, channel_sku="MUG-1", variant=variants["MUG"]
    )
    return Setup(
        account, chi, Channel.objects.select_related("account").get(pk=channel.pk), variants
    )


def make_carriers(account: Account) -> None:
    """UPS with its Ground service (GND): the orders' carrier and service."""
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")


@pytest.fixture
def shop(tenant, emulator) -> Setup:
    seed_shipbob(emulator)
    return shipbob_setup(tenant.account, emulator)


def allocated(account: Account, number: str = "1001", *lines, ship_to=None) -> Shipment:
    """An order (MUG 4, TEE-S 2 by default) created, approved and allocated: its shipment."""
    draft = OrderDraft(
        order_number=number,
        lines=[LineDraft(sku, qty) for sku, qty in lines or (("MUG", 4), ("TEE-S", 2))],
        ship_to=SHIP_TO if ship_to is None else ship_to,
        carrier="UPS",
        service="GND",
        email="ada@example.com",
    )
    order = sales_order_create(
        actor=ACTOR, account=account, draft=draft, source="api", approve=True
    )
    if SalesOrder.objects.get(pk=order.pk).status == OrderStatus.APPROVED:
        sales_order_allocate(actor=ACTOR, order=order)
    return Shipment.objects.get(order=order)


def run_queued(channel: Channel, job_type: str) -> JobRun:
    """Execute the run queued for the channel's ``job_type`` job, as a worker would."""
    job = shipment_job(channel, job_type)
    assert job.active_run_id is not None, f"no {job_type} run is queued"
    run_id = job.active_run_id
    run_execute(run_id)
    return JobRun.objects.get(pk=run_id)


def is_queued(channel: Channel, job_type: str) -> bool:
    return shipment_job(channel, job_type).active_run_id is not None


def level(setup: Setup, sku: str) -> tuple[int, int]:
    """(total, allocated) of ``sku`` at CHI."""
    found = InventoryLevel.objects.get(variant=setup.variants[sku], warehouse=setup.chi)
    return found.total, found.allocated


def shipbob_orders(emulator) -> list[tuple[str, int]]:
    """(reference, ShipBob channel) of every order the emulator has."""
    orders = emulator.control("state")["orders"].values()
    return sorted((o["reference_id"], o["channel_id"]) for o in orders)


def fresh(shipment: Shipment) -> Shipment:
    return Shipment.objects.select_related("order").get(pk=shipment.pk)
