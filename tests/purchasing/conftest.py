"""Fixtures of the purchasing core's tests: an account with physical warehouses A and B and a
virtual one (V), SKUs TEE (10 at A) and MUG (none yet), the carrier UPS with Ground (GND), and
builders of purchase order drafts and of the levels' (total, incoming)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import Channel, ChannelWarehouse
from openoms.inventory.models import InventoryLevel
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.services.purchase_orders import purchase_order_create
from openoms.purchasing.services.sending import purchase_order_sent
from openoms.purchasing.services.workflow import purchase_order_approve, purchase_order_send
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.sync.conftest import make_channel


@dataclass
class Buyer:
    account: object
    actor: Actor
    a: object
    b: object
    v: object
    variants: dict


@pytest.fixture
def buyer(tenant) -> Buyer:
    account = tenant.account
    a, b = make_warehouse(account.organization, "A"), make_warehouse(account.organization, "B")
    v = make_warehouse(account.organization, "V", kind="virtual", members=[a, b])
    enable(account, a, b, v)
    variants = make_variants(account, "TEE", "MUG")
    set_level(account, variants["TEE"], a, 10)
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    return Buyer(account, actor, a, b, v, variants)


def po_draft(number: str = "PO-1", *lines: tuple, **fields) -> PurchaseOrderDraft:
    """A purchase order draft for warehouse A; ``lines`` as (sku, quantity[, lot, serial]);
    TEE 6 and MUG 4 by default, carrier UPS / GND."""
    made = [PurchaseLineDraft(*line) for line in lines] or [
        PurchaseLineDraft("TEE", 6),
        PurchaseLineDraft("MUG", 4),
    ]
    fields.setdefault("warehouse", "A")
    fields.setdefault("carrier", "UPS")
    fields.setdefault("service", "GND")
    return PurchaseOrderDraft(order_number=number, lines=made, **fields)


def created(buyer: Buyer, number: str = "PO-1", *lines, approve=False, **fields) -> PurchaseOrder:
    return purchase_order_create(
        actor=buyer.actor,
        account=buyer.account,
        draft=po_draft(number, *lines, **fields),
        source="api",
        approve=approve,
    )


def approved(buyer: Buyer, number: str = "PO-1", *lines, **fields) -> PurchaseOrder:
    order = created(buyer, number, *lines, **fields)
    return purchase_order_approve(actor=buyer.actor, order=order)


def stock(buyer: Buyer, sku: str, warehouse=None) -> tuple[int, int]:
    """(total, incoming) of ``sku`` at ``warehouse`` (A by default); (0, 0) without a level."""
    found = InventoryLevel.objects.filter(
        variant=buyer.variants[sku], warehouse=warehouse or buyer.a
    ).first()
    return (0, 0) if found is None else (found.total, found.incoming)


def line_ids(order: PurchaseOrder) -> dict[str, int]:
    """SKU → line id (one line per SKU in these tests)."""
    return {line.sku: line.pk for line in order.lines.all()}


def sent(buyer: Buyer, number: str = "PO-1", *lines, **fields) -> PurchaseOrder:
    """An approved order sent to the sandbox 3PL "3PL" serving A (made once), accepted as
    receiving order "WRO-<number>"."""
    three_pl = Channel.objects.filter(account=buyer.account, name="3PL").first()
    if three_pl is None:
        three_pl = make_channel(buyer.account, "3PL", kind="sandbox_fulfillment")
        ChannelWarehouse.objects.create(channel=three_pl, warehouse=buyer.a)
    order = approved(buyer, number, *lines, **fields)
    purchase_order_send(actor=buyer.actor, order=order)
    return purchase_order_sent(actor=buyer.actor, order=order, external_ref=f"WRO-{number}")
