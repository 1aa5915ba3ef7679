"""One "already mapped" rule, in the service, for the web form and the API: a create of a mapped
channel SKU is refused with the same reason by both, and changes nothing; editing (web) or
``PUT`` (API) re-points it."""

from __future__ import annotations

import pytest

from openoms.channels.models import SkuMapping
from openoms.channels.services.sku_mappings import (
    SkuAlreadyMapped,
    sku_mapping_create,
    sku_mapping_save,
    sku_mapping_update,
)
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.api.helpers import api_post, api_put, error
from tests.inventory.stock import make_variants
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url, make_store, map_sku, mappings_of

REFUSAL = "shop-1 is already mapped (to TEE-S): edit that mapping instead."


@pytest.fixture
def store(tenant):
    return make_store(tenant.account)


@pytest.fixture
def variants(tenant):
    return make_variants(tenant.account, "TEE-S", "TEE-M", product_name="Trail Tee")


@pytest.fixture
def mapped(store, variants) -> SkuMapping:
    return map_sku(store, "shop-1", variants["TEE-S"])


def owner(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))


def state() -> list[tuple]:
    return list(SkuMapping.objects.values_list("pk", "channel_sku", "variant__sku", "updated_at"))


def test_the_service_refuses_to_create_a_mapped_channel_sku(tenant, store, mapped):
    # given
    before = state()
    # when
    with pytest.raises(SkuAlreadyMapped) as raised:
        sku_mapping_create(actor=owner(tenant), channel=store, channel_sku="shop-1", sku="TEE-M")
    # then
    assert raised.value.errors == {"channel_sku": REFUSAL}
    assert (raised.value.code, raised.value.http_status) == ("sku_already_mapped", 409)
    assert state() == before


def test_the_same_create_gets_the_same_refusal_from_the_web_form_and_the_api(
    client, login, tenant, store, mapped, api_key
):
    # given
    before = state()
    web = login(tenant.user(Role.ACCOUNT_USER))
    # when
    page = web.post(
        channel_url(store, "sku-mappings/new/"), {"channel_sku": "shop-1", "sku": "TEE-M"}
    )
    answer = api_post(
        client,
        f"/channels/{store.pk}/sku-mappings",
        {"channel_sku": "shop-1", "sku": "TEE-M"},
        api_key,
    )
    # then
    assert page.status_code == 200
    assert REFUSAL in text(page)
    assert answer.status_code == 409
    assert answer.json() == error(
        "sku_already_mapped",
        "The channel SKU 'shop-1' is already mapped.",
        [{"field": "channel_sku", "message": REFUSAL}],
    )
    assert state() == before


def test_editing_in_the_web_and_put_in_the_api_repoint_it(
    client, login, tenant, store, mapped, variants, api_key
):
    # given
    web = login(tenant.user(Role.ACCOUNT_USER))
    # when: the web form points it at TEE-M, then the API back at TEE-S
    edited = web.post(channel_url(store, f"sku-mappings/{mapped.pk}/"), {"sku": "TEE-M"})
    after_edit = mappings_of(store)
    put = api_put(client, f"/channels/{store.pk}/sku-mappings/shop-1", {"sku": "TEE-S"}, api_key)
    # then
    assert edited.status_code == 302
    assert after_edit == {"shop-1": "TEE-M"}
    assert put.status_code == 200
    assert put.json()["created"] is False
    assert mappings_of(store) == {"shop-1": "TEE-S"}
    assert SkuMapping.objects.get().pk == mapped.pk


def test_put_creates_an_unmapped_channel_sku_with_201(client, store, variants, api_key):
    # when
    put = api_put(client, f"/channels/{store.pk}/sku-mappings/new/one", {"sku": "TEE-M"}, api_key)
    # then
    assert put.status_code == 201
    assert (put.json()["channel_sku"], put.json()["created"]) == ("new/one", True)
    assert mappings_of(store) == {"new/one": "TEE-M"}


def test_save_tells_whether_it_created(tenant, store, variants):
    # when
    first = sku_mapping_save(actor=owner(tenant), channel=store, channel_sku="a", sku="TEE-S")
    second = sku_mapping_save(actor=owner(tenant), channel=store, channel_sku="a", sku="TEE-M")
    # then
    assert (first[1], second[1]) == (True, False)
    assert first[0].pk == second[0].pk
    assert mappings_of(store) == {"a": "TEE-M"}


def test_updating_an_unmapped_channel_sku_is_not_found_and_creates_nothing(tenant, store, variants):
    # when
    with pytest.raises(NotFound):
        sku_mapping_update(actor=owner(tenant), channel=store, channel_sku="nope", sku="TEE-S")
    # then
    assert not SkuMapping.objects.exists()
