"""A channel's Warehouse Mappings tab: every enabled warehouse with its channel location,
saved per row or all at once; an emptied identifier removes the mapping."""

from __future__ import annotations

import pytest

from openoms.channels.models import WarehouseMapping
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_warehouse
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url, make_channel, make_store


@pytest.fixture
def user(signed_in):
    return signed_in(Role.ACCOUNT_USER)


@pytest.fixture
def store(tenant):
    """A store; TOR-1, MTL-1 and EAST (virtual of both) enabled, TOR-1 mapped to "101"."""
    org = tenant.organization
    tor, mtl = make_warehouse(org, "TOR-1"), make_warehouse(org, "MTL-1")
    enable(
        tenant.account, tor, mtl, make_warehouse(org, "EAST", kind="virtual", members=[tor, mtl])
    )
    channel = make_store(tenant.account)
    WarehouseMapping.objects.create(channel=channel, warehouse=tor, external_id="101")
    return channel


def mapped(channel) -> dict[str, str]:
    rows = WarehouseMapping.objects.filter(channel=channel)
    return dict(rows.values_list("warehouse__code", "external_id"))


def posted(**values: str) -> dict[str, str]:
    data = {"external-TOR-1": "101", "external-MTL-1": "", "external-EAST": ""}
    data.update({f"external-{code.replace('_', '-')}": value for code, value in values.items()})
    return data


def test_the_tab_lists_every_enabled_warehouse_with_its_location(user, store):
    # when
    html = text(user.get(channel_url(store, "warehouse-mappings/")))
    # then
    assert (
        "Inventory synchronization and real-time updates use only mapped warehouses: each " in html
    )
    assert "Enter the Shopify location id: the number at the end of the location" in html
    assert 'name="external-TOR-1" value="101"' in html
    assert 'name="external-MTL-1" value=""' in html
    assert 'name="external-EAST" value=""' in html
    assert '<span class="badge badge-grey">virtual</span>' in html


def test_save_on_a_row_saves_only_that_row(user, store):
    # when
    response = user.post(
        channel_url(store, "warehouse-mappings/"),
        {**posted(MTL_1="202", EAST="303"), "row": "MTL-1"},
    )
    # then
    assert response.status_code == 302
    assert mapped(store) == {"TOR-1": "101", "MTL-1": "202"}
    assert "Warehouse mappings saved: MTL-1." in text(user.get(response["Location"]))


def test_save_all_saves_every_row_and_a_cleared_one_is_removed(user, store):
    # when
    user.post(
        channel_url(store, "warehouse-mappings/"), {**posted(TOR_1="", EAST="303"), "row": ""}
    )
    # then
    assert mapped(store) == {"EAST": "303"}


def test_two_warehouses_can_swap_locations(user, store):
    # given
    user.post(channel_url(store, "warehouse-mappings/"), {**posted(MTL_1="202"), "row": ""})
    # when
    user.post(
        channel_url(store, "warehouse-mappings/"), {**posted(TOR_1="202", MTL_1="101"), "row": ""}
    )
    # then
    assert mapped(store) == {"TOR-1": "202", "MTL-1": "101"}


def test_a_bad_row_saves_nothing_and_says_why_on_its_row(user, store):
    # when
    response = user.post(
        channel_url(store, "warehouse-mappings/"), {**posted(MTL_1="101", EAST="303"), "row": ""}
    )
    # then
    html = text(response)
    assert "Nothing was saved: correct the rows below." in html
    assert "The location '101' is already mapped to another warehouse." in html
    assert 'name="external-MTL-1" value="101"' in html
    assert mapped(store) == {"TOR-1": "101"}


def test_a_fulfillment_channel_maps_its_warehouses_to_the_3pls_locations(user, tenant, store):
    # given a ShipBob channel
    threepl = make_channel(tenant.account, "Acme ShipBob", "shipbob", "fulfillment")
    # when its TOR-1 is mapped to fulfillment center 11
    page = text(user.get(channel_url(threepl, "warehouse-mappings/")))
    user.post(channel_url(threepl, "warehouse-mappings/"), {**posted(TOR_1="11"), "row": ""})
    # then the page says what to enter for ShipBob, and the mapping is stored
    assert "Enter the ShipBob fulfillment center id (a number, e.g. 11" in page
    assert "a served warehouse left unmapped is asked for by its code" in page
    assert mapped(threepl) == {"TOR-1": "11"}
