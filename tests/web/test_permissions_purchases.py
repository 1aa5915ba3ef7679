"""The purchase order rows of the permission table, for each of the five roles: seeing the
account's purchase orders, and creating one. ``row`` marks each test as its row's
(``test_permissions.py`` checks that every row has one once it imports this module).

These go through the purchasing selectors and services (the layer every page and API call
uses)."""

from __future__ import annotations

import pytest

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.core.errors import PermissionDenied
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.selectors import purchase_orders
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.purchasing.conftest import Buyer, created
from tests.web.test_permissions import ROLES, row

# Written out by hand: every human role sees and manages purchase orders.
PURCHASES_EXPECTED = {Perm.PURCHASES_VIEW: set(ROLES), Perm.PURCHASES_MANAGE: set(ROLES)}

pytestmark = pytest.mark.django_db


def check(perm: Perm, role: Role, allowed: bool) -> None:
    assert allowed == (role.value in PERMISSIONS[perm])
    assert allowed == (role in PURCHASES_EXPECTED[perm])


def _buyer(tenant, actor: Actor) -> Buyer:
    """Warehouse A, the SKUs TEE and MUG and the carrier UPS / GND of the tenant's account."""
    account = tenant.account
    a = make_warehouse(account.organization, "A")
    enable(account, a)
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    return Buyer(account, actor, a, None, None, make_variants(account, "TEE", "MUG"))


def _allowed(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return False
    return True


@row(Perm.PURCHASES_VIEW)
def test_purchases_view(tenant, role):
    # given
    actor = Actor.for_user(tenant.user(role))
    # when
    allowed = _allowed(lambda: list(purchase_orders(actor, tenant.account)))
    # then
    check(Perm.PURCHASES_VIEW, role, allowed)


@row(Perm.PURCHASES_MANAGE)
def test_purchases_manage(tenant, role):
    # given
    buyer = _buyer(tenant, Actor.for_user(tenant.user(role)))
    # when
    allowed = _allowed(lambda: created(buyer, "PO-1"))
    # then
    check(Perm.PURCHASES_MANAGE, role, allowed)
    assert PurchaseOrder.objects.filter(account=tenant.account).count() == int(allowed)
