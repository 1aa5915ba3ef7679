"""The purchase order rows of the permission table, through the web UI, for each of the five
roles: seeing the list and an order, and changing one (Approve). ``row`` marks each test as its
row's (``test_permissions.py`` checks that every row has one once it imports this module)."""

from __future__ import annotations

from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.web.purchase_order_data import make_po, make_shop, status_of
from tests.web.test_permissions import ROLES, row

# Written out by hand: every human role sees and manages purchase orders.
PURCHASES_EXPECTED = {Perm.PURCHASES_VIEW: set(ROLES), Perm.PURCHASES_MANAGE: set(ROLES)}


def check(perm: Perm, role: Role, allowed: bool, status: int) -> None:
    assert allowed == (role.value in PERMISSIONS[perm])
    assert allowed == (role in PURCHASES_EXPECTED[perm])
    assert (status == 403) == (not allowed)


@row(Perm.PURCHASES_VIEW)
def test_purchases_view(signed_in, tenant, role):
    # given
    order = make_po(make_shop(tenant.account), "PO-1001")
    client = signed_in(role)
    # when
    listed = client.get("/purchase-orders/")
    page = client.get(f"/purchase-orders/{order.pk}/")
    # then
    check(Perm.PURCHASES_VIEW, role, listed.status_code == 200, listed.status_code)
    assert page.status_code == listed.status_code


@row(Perm.PURCHASES_MANAGE)
def test_purchases_manage(signed_in, tenant, role):
    # given
    order = make_po(make_shop(tenant.account), "PO-1001")
    client = signed_in(role)
    # when
    response = client.post(f"/purchase-orders/{order.pk}/approve/")
    # then
    allowed = status_of(order) == "approved"
    check(Perm.PURCHASES_MANAGE, role, allowed, response.status_code)
    assert response.status_code == (302 if allowed else 403)
