"""Shapes schemathesis checks: documented answers, Allow headers matching the OpenAPI document,
``on_hold`` in inventory rows, ``master_product_channel`` as an integer id."""

from __future__ import annotations

import pytest

from openoms.channels.models import Channel
from openoms.inventory.models import InventoryLevel
from tests.api.helpers import API, api_get, api_patch

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client):
    return client.get(f"{API}/openapi.json").json()


def test_every_operation_documents_414_and_500_with_the_error_body(document):
    # given
    error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    # then
    assert len(operations) > 30
    for path, method, operation in operations:
        for status in ("414", "500"):
            assert operation["responses"][status]["content"] == error_body, (path, method, status)


def test_operations_reading_a_json_body_document_415(document):
    # given
    with_json = {
        (path, method)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
        and "application/json" in operation.get("requestBody", {}).get("content", {})
    }
    # then
    assert (f"{API}/inventory/bulk", "post") in with_json
    assert (f"{API}/account", "patch") in with_json
    for path, method in with_json:
        assert "415" in document["paths"][path][method]["responses"], (path, method)
    assert "415" not in document["paths"][f"{API}/products"]["get"]["responses"]


@pytest.mark.parametrize("name", ["export", "import"])
def test_the_allow_header_of_the_sku_mapping_files_is_what_the_document_says(
    client, document, outlets, api_key, name
):
    # given
    path = f"{API}/channels/{outlets.store.pk}/sku-mappings/{name}"
    documented = document["paths"][f"{API}/channels/{{channel_id}}/sku-mappings/{name}"]
    # when
    response = client.options(path, headers={"X-API-Key": api_key})
    # then
    assert response.status_code == 405
    allowed = {method.strip().lower() for method in response["Allow"].split(",")}
    assert allowed == set(documented) & METHODS
    assert "delete" in allowed


def test_inventory_rows_give_on_hold(client, shop, api_key):
    # given 2 of the 10 TEE-RED-M at TOR-1 are on hold
    InventoryLevel.objects.filter(
        variant=shop.variants["TEE-RED-M"], warehouse=shop.warehouses["TOR-1"]
    ).update(on_hold=2)
    # when
    rows = api_get(client, "/inventory?sku=TEE-RED-M&warehouse=TOR-1", api_key).json()["items"]
    summed = api_get(client, "/inventory?sku=TEE-RED-M&warehouse=CA-ALL", api_key).json()["items"]
    # then
    assert rows == [
        {
            "sku": "TEE-RED-M",
            "warehouse": "TOR-1",
            "total": 10,
            "allocated": 0,
            "on_hold": 2,
            "available": 8,
            "incoming": 0,
        }
    ]
    assert (summed[0]["on_hold"], summed[0]["available"]) == (2, 14 - 1 - 2)


def test_master_product_channel_is_an_integer_id(client, master, api_key):
    # when
    account = api_get(client, "/account", api_key).json()
    # then
    assert account["master_product_channel"] == master.pk
    assert isinstance(account["master_product_channel"], int)


def test_patch_takes_the_master_product_channel_as_an_integer(client, outlets, master, api_key):
    # given another sandbox store of the account that can import products
    other = Channel.objects.get(pk=master.pk)
    other.pk, other.name, other.is_product_master = None, "Second Sandbox", False
    other.save()
    # when
    as_text = api_patch(client, {"master_product_channel": str(other.pk)}, api_key)
    as_id = api_patch(
        client,
        {"master_product_channel": other.pk, "confirm_master_source_change": True},
        api_key,
    )
    # then
    assert as_text.status_code == 422
    assert [f["field"] for f in as_text.json()["error"]["fields"]] == ["master_product_channel"]
    assert as_id.status_code == 200
    assert as_id.json()["account"]["master_product_channel"] == other.pk
    assert as_id.json()["changes"][0]["field"] == "master_product_channel"
    assert Channel.objects.get(pk=other.pk).is_product_master


def test_an_undeclared_method_is_a_405_even_with_a_used_idempotency_key(client, shop, api_key):
    # given a key already used for a bulk request
    body = {"rows": [{"warehouse": "TOR-1", "sku": "MUG-1", "total": 1}]}
    first = client.post(
        f"{API}/inventory/bulk",
        data=body,
        content_type="application/json",
        headers={"X-API-Key": api_key, "Idempotency-Key": "k-1"},
    )
    # when the same key comes with a method the address does not serve
    response = client.put(
        f"{API}/inventory/bulk", headers={"X-API-Key": api_key, "Idempotency-Key": "k-1"}
    )
    # then
    assert first.status_code == 200
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["error"]["code"] == "method_not_allowed"
