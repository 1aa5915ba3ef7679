"""The end-to-end world over the emulators, all over real HTTP: two Shopify stores (two Shopify
emulators on the real clock) and the ShipBob emulator, and an OpenOMS account whose warehouse
CHI is served by a ShipBob channel and sold by two beta Shopify sales channels in Real-Time
Adjustment ("Main Shop", where customers order, and "Second Shop"); UPS and FedEx carriers with
Main Shop's carrier mapping of its ``Standard Shipping`` line; the automatic sales order
workflow on. OpenOMS's webhook addresses are a live server's (``OPENOMS_PUBLIC_URL``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.runs import run_execute
from openoms.channels.carrier_models import Carrier, CarrierMapping, CarrierService
from openoms.channels.models import Channel, ChannelWarehouse, WarehouseMapping
from openoms.inventory.models import AccountWarehouse, Warehouse
from openoms.tenancy.models import Account
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.server import start_in_thread
from tests.connectors import shopify_emulator
from tests.connectors.shipbob.emulator import FC_EAST, TOKEN, emulator, emulator_server
from tests.e2e.live_turns import ONE_AT_A_TIME, requests_take_turns
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.sync import shopify_store
from tests.sync.shopify_store import Store, shopify_channel
from tests.sync.webhook_data import SHIPBOB_SECRET

__all__ = ["emulator", "emulator_server", "requests_take_turns"]
shopify_schema, live_store = shopify_emulator.shopify_schema, shopify_store.live_store  # fixtures

APP_SECRET = "shpss_emulator_secret"  # the Shopify emulator's app signs its webhooks with it
SKUS = ("TEE", "MUG")
IN_OPENOMS, ON_STORES, AT_SHIPBOB = 10, 50, 20
SHIPPING_LINE = {"title": "Standard Shipping", "code": "STANDARD", "price": "5.00"}


@dataclass
class World:
    """The account, its warehouse CHI, its channels and the three emulators."""

    account: Account
    chi: Warehouse
    main: Channel  # the Shopify channel customers order from
    second: Channel  # the other sales channel sharing CHI
    shipbob: Channel
    main_store: Store
    second_store: Store
    main_location: str
    second_location: str
    variants: dict
    shipbob_emulator: object


@pytest.fixture(scope="module")
def second_store(shopify_schema) -> Store:
    running = start_in_thread(ShopifyEmulator(shopify_schema, tokens=(shopify_store.TOKEN,)))
    yield Store(running)
    running.stop()


@pytest.fixture
def world(
    tenant, live_store, second_store, emulator, settings, live_server, requests_take_turns
) -> World:
    settings.OPENOMS_PUBLIC_URL = live_server.url + "/"
    account = tenant.account
    Account.objects.filter(pk=account.pk).update(enable_automatic_sales_order_workflow=True)
    account.refresh_from_db()
    main_location = live_store.seed(dict.fromkeys(SKUS, ON_STORES))
    second_location = second_store.seed(dict.fromkeys(SKUS, ON_STORES))
    chi = make_warehouse(account.organization, "CHI")
    enable(account, chi)
    AccountWarehouse.objects.filter(account=account, warehouse=chi).update(is_default=True)
    variants = make_variants(account, *SKUS)
    for variant in variants.values():
        set_level(account, variant, chi, IN_OPENOMS)
    main = _store_channel(account, live_store, chi, main_location, "Main Shop")
    second = _store_channel(account, second_store, chi, second_location, "Second Shop")
    _carriers(account, main)
    shipbob = _shipbob_channel(account, chi, emulator)
    return World(
        account,
        chi,
        main,
        second,
        shipbob,
        live_store,
        second_store,
        main_location,
        second_location,
        variants,
        emulator,
    )


def _store_channel(account, store, chi, location, name) -> Channel:
    channel = shopify_channel(account, store, chi, location, list(SKUS), name=name)
    channel.credentials = {**channel.credentials, "client_secret": APP_SECRET}
    channel.save(update_fields=["credentials"])
    return channel


def _carriers(account: Account, main: Channel) -> None:
    """UPS (GND, 2DA) and FedEx (Ground); Main Shop's ``Standard Shipping`` (any code) → UPS
    GND. The sales-order carrier rules stay *Error*: without the mapping the order would wait."""
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    ground = CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    CarrierService.objects.create(carrier=ups, code="2DA", name="2nd Day Air")
    fedex = Carrier.objects.create(account=account, code="FedEx", name="FedEx")
    CarrierService.objects.create(carrier=fedex, code="Ground", name="FedEx Ground")
    CarrierMapping.objects.create(
        account=account,
        channel=main,
        carrier_channel_code=SHIPPING_LINE["title"],
        service_channel_code="*",
        carrier=ups,
        service=ground,
    )


def _shipbob_channel(account: Account, chi: Warehouse, emulator) -> Channel:
    """ShipBob serving CHI (fulfillment center 10, which holds 20 of each SKU), with a token of
    its own and the webhook secret of the emulator's subscription."""
    token = f"{TOKEN}-{uuid.uuid4().hex}"
    emulator.control("config", {"tokens": [TOKEN, token]})
    emulator.seed(
        channels=[{"id": 1, "name": "Channel 1"}],
        fulfillment_centers=[{"id": FC_EAST, "name": "Cicero (IL)"}],
        products=[{"name": f"Product {sku}", "sku": sku} for sku in SKUS],
        inventory=[
            {"sku": sku, "fulfillment_center_id": FC_EAST, "on_hand": AT_SHIPBOB} for sku in SKUS
        ],
    )
    channel = Channel.objects.create(
        account=account,
        type="fulfillment",
        kind="shipbob",
        name="Chicago ShipBob",
        credentials={"api_token": token, "channel_id": "1", "webhook_secret": SHIPBOB_SECRET},
        api_base_url=emulator.url,
    )
    ChannelWarehouse.objects.create(channel=channel, warehouse=chi)
    WarehouseMapping.objects.create(channel=channel, warehouse=chi, external_id=str(FC_EAST))
    return Channel.objects.select_related("account").get(pk=channel.pk)


def run_queued(account: Account, job_type: str) -> list[JobRun]:
    """Execute the account's queued runs of ``job_type``, as a worker would; → the runs."""
    queued = JobRun.objects.filter(account=account, status=RunStatus.QUEUED, job_type=job_type)
    with ONE_AT_A_TIME:
        pks = list(queued.order_by("pk").values_list("pk", flat=True))
        for pk in pks:
            run_execute(pk)
        return list(JobRun.objects.filter(pk__in=pks).order_by("pk"))


def queued_types(account: Account) -> list[str]:
    """The job types of the account's queued runs, sorted."""
    rows = JobRun.objects.filter(account=account, status=RunStatus.QUEUED)
    return sorted(rows.values_list("job_type", flat=True))
