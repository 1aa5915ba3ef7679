"""The sales order rows of the permission table, through the web UI, for each of the five
roles: seeing the list and an order, and changing one (Approve). ``row`` marks each test as its
row's (``test_permissions.py`` checks that every row has one once it imports this module)."""

from __future__ import annotations

from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.web.sales_order_data import make_order, make_shop, status_of
from tests.web.test_permissions import ROLES, row

# Written out by hand: every human role sees and manages sales orders.
ORDERS_EXPECTED = {Perm.ORDERS_VIEW: set(ROLES), Perm.ORDERS_MANAGE: set(ROLES)}


def check(perm: Perm, role: Role, allowed: bool, status: int) -> None:
    assert allowed == (role.value in PERMISSIONS[perm])
    assert allowed == (role in ORDERS_EXPECTED[perm])
    assert (status == 403) == (not allowed)


@row(Perm.ORDERS_VIEW)
def test_orders_view(signed_in, tenant, role):
    # given
    order = make_order(make_shop(tenant.account), "1001")
    client = signed_in(role)
    # when
    listed = client.get("/sales-orders/")
    page = client.get(f"/sales-orders/{order.pk}/")
    # then
    check(Perm.ORDERS_VIEW, role, listed.status_code == 200, listed.status_code)
    assert page.status_code == listed.status_code


@row(Perm.ORDERS_MANAGE)
def test_orders_manage(signed_in, tenant, role):
    # given
    order = make_order(make_shop(tenant.account), "1001")
    client = signed_in(role)
    # when
    response = client.post(f"/sales-orders/{order.pk}/approve/")
    # then
    allowed = status_of(order) == "approved"
    check(Perm.ORDERS_MANAGE, role, allowed, response.status_code)
    assert response.status_code == (302 if allowed else 403)
