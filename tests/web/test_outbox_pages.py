"""A sales channel's Outbox tab (rows by status with why and when due, search, pages, flat query
counts) and the explain panel on a SKU's page; both tenant-scoped."""

from __future__ import annotations

import pytest

from openoms.channels.models import Channel
from openoms.tenancy.roles import Role
from tests.query_counts import ListCase, World, check_flat, listed, marker
from tests.sync.conftest import make_channel
from tests.sync.test_inventory_export_job import make_store
from tests.sync.test_outbox_reads import ITEM_TEE, T0, in_batch, pending, state, three_rows
from tests.web.channel_data import channel_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tenant) -> Channel:
    return make_store(tenant.account)


def rows_of(page: str) -> list[str]:
    """The channel SKU and status of each row of the outbox table, in order."""
    body = page.split('<table class="table outbox-table">', 1)[1].split("</table>", 1)[0]
    found = []
    for row in body.split("<tr>")[2:]:
        sku = row.split("<code>", 1)[1].split("</code>", 1)[0]
        status = row.split('class="badge', 1)[1].split(">", 1)[1].split("<", 1)[0]
        found.append(f"{sku} {status}")
    return found


def test_the_tab_lists_the_rows_with_why_and_when_due(signed_in, store):
    three_rows(store)

    response = signed_in(Role.ACCOUNT_USER).get(channel_url(store, "outbox/"))

    assert response.status_code == 200
    page = response.content.decode()
    assert rows_of(page) == ["SHOP-TEE-S Pending", "SHOP-MUG Failed", "SHOP-TEE-S In flight"]
    assert "<td>Shopify answered 503 (Service Unavailable).</td>" in page
    assert "<td>Full value</td>" in page and "<td>\u22122</td>" in page
    assert '<option value="failed">Failed (1)</option>' in page
    assert f'href="{channel_url(store, "outbox/")}"' in page  # the tab


def test_the_tab_filters_by_status_and_searches(signed_in, store):
    three_rows(store)
    client = signed_in(Role.ACCOUNT_USER)

    failed = client.get(channel_url(store, "outbox/"), {"status": "failed"}).content.decode()
    searched = client.get(channel_url(store, "outbox/"), {"q": "tee"}).content.decode()
    nothing = client.get(channel_url(store, "outbox/"), {"q": "cap"}).content.decode()

    assert rows_of(failed) == ["SHOP-MUG Failed"]
    assert '<option value="failed" selected>Failed (1)</option>' in failed
    assert rows_of(searched) == ["SHOP-TEE-S Pending", "SHOP-TEE-S In flight"]
    assert "<h2>No row matches</h2>" in nothing


def test_an_empty_outbox_says_everything_was_sent(signed_in, store):
    page = signed_in(Role.ACCOUNT_USER).get(channel_url(store, "outbox/")).content.decode()
    assert "<h2>Nothing to send</h2>" in page


def test_a_fulfillment_channel_has_no_outbox(signed_in, tenant):
    threepl = make_channel(tenant.account, "3PL", kind="sandbox_fulfillment")
    client = signed_in(Role.ACCOUNT_USER)
    assert client.get(channel_url(threepl, "outbox/")).status_code == 404
    assert "outbox/" not in client.get(channel_url(threepl)).content.decode()


def test_another_tenants_channel_is_not_found(login, other_tenant, store):
    three_rows(store)
    client = login(other_tenant.user(Role.ACCOUNT_USER))
    response = client.get(channel_url(store, "outbox/"))
    assert response.status_code == 404
    assert b"SHOP-TEE-S" not in response.content


def test_the_sku_page_explains_each_sales_channel(signed_in, tenant, store):
    state(store, ITEM_TEE, "SHOP-TEE-S", "loc-1", 7, last_sent=7, last_sent_at=T0)
    three_rows(store)
    variant = store.sku_mappings.get(channel_sku="SHOP-TEE-S").variant

    response = signed_in(Role.ACCOUNT_USER).get(f"/inventory/variants/{variant.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    panel = page.split(f'id="channel-{store.pk}"', 1)[1].split("</table>", 1)[0]
    assert "Demo Store · <code>SHOP-TEE-S</code>" in panel
    assert "Synchronize With Fulfillment Channel" in panel
    loc1, loc2 = panel.split("<tbody>", 1)[1].split("<tr>")[1:]
    assert '<td class="num">6</td>' in loc1 and "7 <small" in loc1
    assert "\u22122 <small" in loc1
    assert "virtual · sum of A (6), B (4)" in loc2
    assert "in flight (batch batch-1)" in loc2


def test_the_sku_page_shows_no_channel_of_another_tenant(login, other_tenant, store):
    variant = store.sku_mappings.get(channel_sku="SHOP-TEE-S").variant
    client = login(other_tenant.user(Role.ACCOUNT_USER))
    assert client.get(f"/inventory/variants/{variant.pk}/").status_code == 404


def grow_outbox(world: World, start: int, stop: int) -> str:
    channel = world.store
    for number in range(start, stop):
        row = pending(channel, marker(number), "loc-1", minutes=number, delta=number)
        if number % 3 == 0:
            in_batch(channel, f"key-{number}", row)
    return channel_url(channel, "outbox/")


def test_the_outbox_tab_queries_are_flat(signed_in, tenant, django_assert_num_queries):
    client = signed_in(Role.ACCOUNT_USER)
    case = ListCase("outbox tab", grow_outbox, 10, rows=listed)
    check_flat(case, World(tenant), client.get, django_assert_num_queries)
