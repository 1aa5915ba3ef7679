"""GET /api/v2/warehouses: the account's enabled warehouses, virtual ones with their members."""

from openoms.inventory.models import AccountWarehouse
from tests.api.helpers import api_get
from tests.factories import make_api_key


def test_lists_the_enabled_warehouses_physical_first_with_members(client, shop, api_key):
    # when
    response = api_get(client, "/warehouses", api_key)

    # then
    assert response.status_code == 200
    assert response.json() == [
        {"code": "MTL-1", "name": "Warehouse MTL-1", "type": "physical", "members": []},
        {"code": "TOR-1", "name": "Warehouse TOR-1", "type": "physical", "members": []},
        {
            "code": "CA-ALL",
            "name": "Warehouse CA-ALL",
            "type": "virtual",
            "members": ["MTL-1", "TOR-1"],
        },
    ]


def test_disabled_and_other_organization_warehouses_are_absent(client, shop, tenant, api_key):
    # given: TOR-1 and CA-ALL are disabled; VAN-1 was never enabled; NYC-1 is another org's
    AccountWarehouse.objects.filter(
        account=shop.account, warehouse__code__in=["TOR-1", "CA-ALL"]
    ).delete()

    # when
    response = api_get(client, "/warehouses", api_key)

    # then
    assert [w["code"] for w in response.json()] == ["MTL-1"]


def test_an_account_without_warehouses_gets_an_empty_list(client, shop, tenant):
    # given
    sibling_key = make_api_key(tenant.second_account)

    # when
    response = api_get(client, "/warehouses", sibling_key)

    # then
    assert (response.status_code, response.json()) == (200, [])


def test_the_other_organization_sees_only_its_own(client, shop, other_api_key):
    # when
    response = api_get(client, "/warehouses", other_api_key)

    # then
    assert response.json() == [
        {"code": "NYC-1", "name": "Warehouse NYC-1", "type": "physical", "members": []}
    ]
