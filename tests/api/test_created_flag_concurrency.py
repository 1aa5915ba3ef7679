"""Concurrent API creates of the same thing on PostgreSQL: exactly one is created (and says so),
every other request gets a clear answer, never a 500 or a second ``created: true``."""

from __future__ import annotations

from openoms.catalog.models import ProductVariant
from openoms.channels.models import SkuMapping
from tests.api.helpers import api_post, api_put
from tests.concurrency import CLIENTS, POSTGRES_RACE, requests_in_parallel

pytestmark = POSTGRES_RACE


def test_concurrent_puts_of_a_new_channel_sku_report_created_once(outlets, api_key):
    # when
    path = f"/channels/{outlets.store.pk}/sku-mappings/NEW-SKU"
    responses = requests_in_parallel(
        lambda client: api_put(client, path, {"sku": "MUG-1"}, api_key)
    )

    # then
    answers = sorted((r.status_code, r.json()["created"]) for r in responses)
    assert answers == [(200, False)] * (CLIENTS - 1) + [(201, True)]
    assert SkuMapping.objects.filter(channel=outlets.store, channel_sku="NEW-SKU").count() == 1


def test_concurrent_creates_of_a_mapping_create_it_once_and_refuse_the_others(outlets, api_key):
    # when
    path = f"/channels/{outlets.store.pk}/sku-mappings"
    body = {"channel_sku": "NEW-SKU", "sku": "MUG-1"}
    responses = requests_in_parallel(lambda client: api_post(client, path, body, api_key))

    # then
    created = [r.json() for r in responses if r.status_code == 201]
    refused = [r.json()["error"] for r in responses if r.status_code != 201]
    assert [item["created"] for item in created] == [True]
    assert [(e["code"], e["fields"]) for e in refused] == [
        (
            "sku_already_mapped",
            [
                {
                    "field": "channel_sku",
                    "message": "NEW-SKU is already mapped (to MUG-1): edit that mapping instead.",
                }
            ],
        )
    ] * (CLIENTS - 1)
    assert {r.status_code for r in responses} == {201, 409}
    assert SkuMapping.objects.filter(channel=outlets.store, channel_sku="NEW-SKU").count() == 1


def test_concurrent_creates_of_a_product_with_one_sku_create_it_once(tenant, api_key):
    # when
    body = {"name": "Cap", "variants": [{"sku": "CAP-1"}]}
    responses = requests_in_parallel(lambda client: api_post(client, "/products", body, api_key))

    # then: the others are told the SKU is taken (checked before, or by the unique constraint)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [422] * (CLIENTS - 1), [r.content for r in responses]
    reasons = [
        [{"field": "variants.0.sku", "message": "SKU 'CAP-1' already exists in product 'Cap'."}],
        [{"field": "variants", "message": "A SKU was just taken by another product; try again."}],
    ]
    for refused in (r for r in responses if r.status_code == 422):
        assert refused.json()["error"]["fields"] in reasons
    assert ProductVariant.objects.filter(account=tenant.account, sku="CAP-1").count() == 1
