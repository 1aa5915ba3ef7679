"""Purchase orders in a real browser, received from the emulated ShipBob over real HTTP: a
purchase order entered in the form (a line added by the page's script), approved (its quantity
shows as Incoming on the inventory page), sent to the warehouse (Send Purchase Orders creates a
receiving order at ShipBob; run here as a worker would); the emulated ShipBob receives the goods
(its control API), the channel's Sync → Import Receipts runs from the channel page, and the
inventory page shows Total up and Incoming down, the order Received with its receipt."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from openoms.automation.models import JobRun, RunStatus
from openoms.automation.services.runs import run_execute
from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import Channel, ChannelWarehouse, WarehouseMapping
from openoms.purchasing.models import PurchaseOrder
from openoms.tenancy.roles import Role
from tests.connectors.shipbob.emulator import FC_EAST, TOKEN, emulator, emulator_server
from tests.e2e.live_turns import ONE_AT_A_TIME, requests_take_turns
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level

__all__ = ["emulator", "emulator_server", "requests_take_turns"]

SHIPBOB = "Chicago ShipBob"


def menu(page, label: str):
    return page.get_by_role("navigation", name="Main menu").get_by_role("link", name=label)


def flash(page):
    return page.get_by_role("status")


def world(tenant, emulator):
    """Warehouse CHI (TEE 10, MUG 3) served by a ShipBob channel on the emulator (fulfillment
    center 10, which knows TEE and MUG), and the inbound carrier UPS Ground."""
    account = tenant.account
    chi = make_warehouse(account.organization, "CHI")
    enable(account, chi)
    variants = make_variants(account, "TEE", "MUG", product_name="Trail Tee")
    set_level(account, variants["TEE"], chi, 10)
    set_level(account, variants["MUG"], chi, 3)
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    emulator.seed(
        channels=[{"id": 1, "name": "Channel 1"}],
        fulfillment_centers=[{"id": FC_EAST, "name": "Cicero (IL)"}],
        products=[{"name": f"Product {sku}", "sku": sku} for sku in ("TEE", "MUG")],
    )
    channel = Channel.objects.create(
        account=account,
        type="fulfillment",
        kind="shipbob",
        name=SHIPBOB,
        is_beta=True,
        credentials={"api_token": TOKEN, "channel_id": "1"},
        api_base_url=emulator.url,
    )
    ChannelWarehouse.objects.create(channel=channel, warehouse=chi)
    WarehouseMapping.objects.create(channel=channel, warehouse=chi, external_id=str(FC_EAST))
    return channel


def run_queued(account, job_type: str) -> None:
    """Execute the account's queued runs of ``job_type`` now, as a worker would."""
    queued = JobRun.objects.filter(account=account, status=RunStatus.QUEUED, job_type=job_type)
    with ONE_AT_A_TIME:
        pks = list(queued.order_by("pk").values_list("pk", flat=True))
        assert pks, f"no {job_type} run queued"
        for pk in pks:
            assert run_execute(pk) == "succeeded"


def inventory_row(page, sku: str):
    menu(page, "Inventory Levels").click()
    return page.locator("table.levels-table tbody tr", has=page.locator(f"code:text-is('{sku}')"))


def expect_quantities(page, sku: str, total: str, incoming: str) -> None:
    """The inventory page's row of ``sku`` at CHI: its Total and its Incoming."""
    cells = inventory_row(page, sku).locator("td")
    expect(cells.nth(3)).to_have_text(total)
    expect(cells.nth(7)).to_have_text(incoming)


def enter_and_approve(page) -> None:
    menu(page, "Purchase Orders").click()
    page.get_by_role("link", name="New purchase order").click()
    expect(page.get_by_label("Order number", exact=True)).to_have_value("PO-1001")
    page.get_by_label("Requested warehouse").select_option("CHI")
    page.get_by_label("Supplier").fill("Lakeside Textiles")
    page.get_by_label("Carrier code").fill("UPS")
    page.get_by_label("Service code").fill("GND")
    page.get_by_label("SKU, line 1").fill("TEE")
    page.get_by_label("Quantity, line 1").fill("6")
    page.get_by_role("button", name="Add line").click()
    rows = page.locator("tr[data-line-row]")
    expect(rows).to_have_count(6)
    rows.nth(5).locator("input").first.fill("MUG")
    rows.nth(5).locator("input").nth(1).fill("4")
    page.get_by_role("button", name="Save (Draft)").click()
    expect(flash(page)).to_contain_text("Purchase order PO-1001 created (Draft).")
    expect(page.locator("h1")).to_contain_text("Draft")
    expect(page.locator("table.po-lines tbody tr")).to_have_count(2)
    page.get_by_label("Lot number, line 1").fill("LOT-42")
    page.get_by_role("button", name="Save lot and serial numbers").click()
    expect(flash(page)).to_contain_text("Lot and serial numbers saved (1 line).")

    page.get_by_role("button", name="Approve").click()
    expect(flash(page)).to_contain_text(
        "Purchase order PO-1001 approved: its quantities now count as Incoming."
    )
    expect(page.locator("h1")).to_contain_text("Approved")


def send_to_shipbob(page, account) -> PurchaseOrder:
    page.get_by_role("button", name="Send to Warehouse").click()
    expect(flash(page)).to_contain_text("sending to the warehouse requested")
    expect(page.locator("[data-send-waiting]")).to_be_visible()
    run_queued(account, "send_purchase_orders")  # the worker: a receiving order at ShipBob
    page.reload()
    expect(page.locator("h1")).to_contain_text("Sent to Warehouse")
    with ONE_AT_A_TIME:
        order = PurchaseOrder.objects.get(order_number="PO-1001")
    assert order.external_ref
    return order


def import_receipts_from_the_channel_page(page, channel: Channel) -> None:
    menu(page, "Channels").nth(1).click()  # Fulfillment Channels → Channels
    page.get_by_role("link", name=SHIPBOB).click()
    page.locator("summary", has_text="Sync").click()
    page.get_by_role("button", name=re.compile("^Import Receipts")).click()
    page.wait_for_url(re.compile(r"/runs/\d+/$"))
    run_queued(channel.account, "import_receipts")
    expect(page.locator(".summary-grid")).to_contain_text("Succeeded")
    expect(page.locator(".events-table")).to_contain_text("1 receipts, 1 purchase orders received")


def test_a_purchase_order_is_received_from_the_emulated_shipbob(
    page, sign_in, tenant, emulator, requests_take_turns
):
    # given CHI served by the emulated ShipBob, and an account user
    channel = world(tenant, emulator)
    sign_in(tenant.user(Role.ACCOUNT_USER))
    # when a purchase order of 6 TEE and 4 MUG is entered and approved
    enter_and_approve(page)
    # then its quantities are Incoming at CHI, the Total unchanged
    expect_quantities(page, "TEE", "10", "6")
    expect_quantities(page, "MUG", "3", "4")

    # when it is sent: the emulated ShipBob has a receiving order of it
    menu(page, "Purchase Orders").click()
    page.get_by_role("link", name="PO-1001").click()
    order = send_to_shipbob(page, tenant.account)
    wro = emulator.control("state")["receiving_orders"][order.external_ref]
    assert sorted(wro["expected"].values()) == [4, 6]
    # and the warehouse receives all of it, read back by Sync → Import Receipts
    emulator.control("receive", {"wro_id": int(order.external_ref)})
    import_receipts_from_the_channel_page(page, channel)

    # then the stock rose by what arrived and nothing is Incoming any more
    expect_quantities(page, "TEE", "16", "0")
    expect_quantities(page, "MUG", "7", "0")
    # and the order is Received with its receipt
    menu(page, "Purchase Orders").click()
    row = page.locator("table.po-table tbody tr", has_text="PO-1001")
    expect(row.locator(".badge")).to_have_text("Received")
    expect(row).to_contain_text("10 / 10")
    row.get_by_role("link", name="PO-1001").click()
    page.get_by_role("tab", name="Receipts (1)").click()
    receipt = page.locator('[data-receipt="PO-1001-R1"]')
    expect(receipt).to_be_visible()
    expect(receipt.locator(".badge")).to_have_text("Received")
    expect(receipt.locator("table.receipt-lines tbody tr")).to_have_count(2)
