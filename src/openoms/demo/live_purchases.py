"""The demo's purchase orders that the emulated ShipBob receives, taken the whole way once the
emulators are seeded (after ``live_orders``), so a new user sees Receiving, a Short Received
receipt, Incoming and a Received order on ShipBob Chicago (CHI-1):

1. two purchase orders of Northwind Apparel for CHI-1 are created and approved (their quantities
   count as Incoming) and sent: the ShipBob channel's Send Purchase Orders creates a receiving
   order (WRO) for each on the emulated ShipBob;
2. the emulated ShipBob receives part of the first order's first line and all of the second
   order (its control API, as the warehouse's staff would);
3. the ShipBob channel's Import Receipts reads that back: the first order is Receiving with a
   Short Received receipt (what arrived went from Incoming to Total; the rest is still Incoming),
   the second is Received.

Runs are executed here as the worker executes them. Once only: when the account has these
order numbers, nothing is done (the emulators are reset on every start, OpenOMS's data kept).
"""

from __future__ import annotations

from openoms.automation.services.jobs import jobs_ensure
from openoms.channels.models import Channel
from openoms.demo.emulator_seed import control_post
from openoms.demo.live_channels import LIVE_ACCOUNT, SHIPBOB_NAME, SHIPBOB_WAREHOUSE, LiveTargets
from openoms.demo.live_orders import drain, run_job
from openoms.demo.purchase_orders import purchase_order_seed, variant_skus
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.services.workflow import purchase_order_send
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

RECEIVING, RECEIVED = "NW-PO-1002", "NW-PO-1003"
NUMBERS = (RECEIVING, RECEIVED)
FIRST_LINE, PART = 20, 8  # the Receiving order's first line: 8 of 20 arrive


def seed_live_purchases(targets: LiveTargets) -> list[PurchaseOrder]:
    """Create, send and receive the demo's ShipBob purchase orders (see the module); → them
    (those the account had already on a later start)."""
    account = Account.objects.get(code=LIVE_ACCOUNT)
    existing = PurchaseOrder.objects.filter(account=account, order_number__in=NUMBERS)
    if existing.exists():
        return list(existing.order_by("order_number"))
    skus = variant_skus(account, 5)
    if not skus:
        return []
    actor = Actor.system("openoms demo")
    jobs_ensure(account)
    shipbob = Channel.objects.get(account=account, name=SHIPBOB_NAME)
    receiving = purchase_order_seed(
        actor,
        account,
        RECEIVING,
        SHIPBOB_WAREHOUSE,
        [(skus[2], FIRST_LINE), (skus[3], 10)],
        days_ago=3,
        approve=True,
        reference_number="SPRING-2",
    )
    received = purchase_order_seed(
        actor, account, RECEIVED, SHIPBOB_WAREHOUSE, [(skus[4], 15)], days_ago=9, approve=True
    )
    for order in (receiving, received):
        purchase_order_send(actor=actor, order=order)
    drain(account)  # Send Purchase Orders: a receiving order each at ShipBob
    _receive(targets.shipbob_url, receiving, [{"sku": skus[2], "quantity": PART}])
    _receive(targets.shipbob_url, received, None)
    run_job(actor, shipbob, "import_receipts")
    drain(account)
    return list(existing.order_by("order_number"))


def _receive(shipbob_url: str, order: PurchaseOrder, lines: list[dict] | None) -> None:
    """The emulated ShipBob receives ``lines`` (SKU, quantity) of the order's receiving order,
    or all of it."""
    order.refresh_from_db(fields=["external_ref"])
    if not order.external_ref:
        return  # not sent (its Error event says why)
    body: dict = {"wro_id": int(order.external_ref)}
    if lines is not None:
        body["lines"] = lines
    control_post(f"{shipbob_url}/_emulator/receive", body, "ShipBob emulator")
