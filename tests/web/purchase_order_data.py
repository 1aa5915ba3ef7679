"""Helpers of the purchase order page tests: an account with two physical warehouses (A, B) and
a virtual one (V), stock at A (TEE 10), the inbound carrier UPS GND, purchase orders made
through the purchasing services, a 3PL serving A, and receipts as its Import Receipts records
them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import ChannelWarehouse
from openoms.inventory.models import InventoryLevel
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.services.purchase_orders import purchase_order_create
from openoms.purchasing.services.receipts import receipt_record
from openoms.tenancy.actor import Actor
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.web.channel_data import make_channel


@dataclass
class Shop:
    account: object
    actor: Actor
    a: object
    b: object
    variants: dict


def make_shop(account) -> Shop:
    organization = account.organization
    a = make_warehouse(organization, f"A{account.pk}")
    b = make_warehouse(organization, f"B{account.pk}")
    v = make_warehouse(organization, f"V{account.pk}", kind="virtual", members=[a, b])
    enable(account, a, b, v)
    variants = make_variants(account, "TEE", "MUG", "CAP")
    set_level(account, variants["TEE"], a, 10)
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    return Shop(account, Actor.system("test"), a, b, variants)


def make_po(
    shop: Shop, number: str = "PO-1001", *lines: tuple, approve=False, source="manual", **fields
) -> PurchaseOrder:
    """A purchase order through ``purchase_order_create`` at A; ``lines`` as (sku, quantity)
    or (sku, quantity, lot, serial)."""
    made = [PurchaseLineDraft(*line) for line in lines] or [PurchaseLineDraft("TEE", 5)]
    fields.setdefault("warehouse", shop.a.code)
    fields.setdefault("carrier", "UPS")
    fields.setdefault("service", "GND")
    draft = PurchaseOrderDraft(order_number=number, lines=made, **fields)
    return purchase_order_create(
        actor=shop.actor, account=shop.account, draft=draft, source=source, approve=approve
    )


def serve_with_channel(shop: Shop, warehouse=None):
    """A sandbox 3PL serving ``warehouse`` (A by default): it receives its purchase orders."""
    channel = make_channel(shop.account, "Sandbox 3PL", "sandbox_fulfillment", "fulfillment")
    ChannelWarehouse.objects.create(channel=channel, warehouse=warehouse or shop.a)
    return channel


def mark_sent(order: PurchaseOrder, channel=None) -> PurchaseOrder:
    """The order as its channel accepted it (rows written as Send Purchase Orders leaves them)."""
    PurchaseOrder.objects.filter(pk=order.pk).update(
        status="sent",
        channel=channel,
        external_ref=f"WRO-{order.pk}",
        sent_at=timezone.now(),
        send_requested_at=None,
    )
    order.refresh_from_db()
    return order


def receive(shop: Shop, order: PurchaseOrder, quantities: dict[str, int], ref: str = ""):
    """A receipt of ``quantities`` by SKU, as the Import Receipts job records it."""
    lines = {line.sku: line.pk for line in order.lines.all()}
    received = {lines[sku]: quantity for sku, quantity in quantities.items()}
    return receipt_record(actor=shop.actor, order=order, received=received, external_ref=ref)


def level_at(shop: Shop, sku: str, warehouse=None) -> tuple[int, int]:
    """(total, incoming) of ``sku`` at A (or ``warehouse``); (0, 0) without a level."""
    row = InventoryLevel.objects.filter(
        variant=shop.variants[sku], warehouse=warehouse or shop.a
    ).first()
    return (row.total, row.incoming) if row else (0, 0)


def status_of(order: PurchaseOrder) -> str:
    order.refresh_from_db()
    return order.status


def po_post(number: str = "PO-2001", warehouse: str = "", *lines: tuple, **fields) -> dict:
    """The order form as a browser posts it; ``lines`` as (sku, quantity, lot, serial) rows."""
    data = {"order_number": number, "warehouse": warehouse, "carrier": "UPS", "service": "GND"}
    data["save"] = "1"
    for index, (sku, quantity, lot, serial) in enumerate(lines or [("TEE", "5", "", "")]):
        data.update(
            {
                f"lines-{index}-sku": sku,
                f"lines-{index}-quantity": quantity,
                f"lines-{index}-lot_number": lot,
                f"lines-{index}-serial_number": serial,
            }
        )
    data.update(fields)
    return data
