"""Fixtures of the sales order core's tests: an account with two physical warehouses (A the
default, B), three SKUs stocked at A (TEE 10, MUG 5, CAP 0) and at B (TEE 2), and a builder of
order drafts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.inventory.models import AccountWarehouse, InventoryLevel
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level


@dataclass
class Shop:
    account: object
    actor: Actor
    a: object
    b: object
    variants: dict


@pytest.fixture
def shop(tenant) -> Shop:
    account = tenant.account
    a, b = make_warehouse(account.organization, "A"), make_warehouse(account.organization, "B")
    enable(account, a, b)
    AccountWarehouse.objects.filter(account=account, warehouse=a).update(is_default=True)
    variants = make_variants(account, "TEE", "MUG", "CAP")
    set_level(account, variants["TEE"], a, 10)
    set_level(account, variants["MUG"], a, 5)
    set_level(account, variants["TEE"], b, 2)
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    return Shop(account, actor, a, b, variants)


def draft(number: str = "1001", *lines: tuple, **fields) -> OrderDraft:
    """An order draft; ``lines`` as (sku, quantity[, price]); one TEE by default."""
    made = [LineDraft(*line) for line in lines] or [LineDraft("TEE", 1, "20.00")]
    fields.setdefault("ship_to", {"name": "Ada Lovelace", "address1": "1 Main St", "country": "CA"})
    fields.setdefault("carrier", "UPS")
    fields.setdefault("service", "GND")
    return OrderDraft(order_number=number, lines=made, **fields)


def level(shop: Shop, sku: str, warehouse=None) -> tuple[int, int]:
    """(total, allocated) of ``sku`` at ``warehouse`` (A by default)."""
    found = InventoryLevel.objects.get(variant=shop.variants[sku], warehouse=warehouse or shop.a)
    return found.total, found.allocated
