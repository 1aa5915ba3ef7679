"""Idempotency-Key on the channel POSTs: a retry gets the first response and applies once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.channel_data import post_csv, sync_state
from tests.api.helpers import API, api_post


def save_mapping(client, channel, api_key, **headers):
    body = {"channel_sku": "mug", "sku": "MUG-1"}
    return api_post(client, f"/channels/{channel.pk}/sku-mappings", body, api_key, **headers)


def import_file(client, channel, api_key, **headers):
    return post_csv(client, channel, "SKU,Channel SKU\nMUG-1,mug\nMUG-1,cup\n", api_key, **headers)


def import_form(client, channel, api_key, **headers):
    upload = SimpleUploadedFile("C_SKU_Mappings.csv", b"SKU,Channel SKU\nMUG-1,mug\n")
    return client.post(
        f"{API}/channels/{channel.pk}/sku-mappings/import",
        data={"file": upload},
        headers={"X-API-Key": api_key, **headers},
    )


def import_products(client, channel, api_key, **headers):
    return api_post(client, f"/channels/{channel.pk}/sync/import_products", "", api_key, **headers)


@pytest.mark.parametrize(
    ("send", "status"),
    [(save_mapping, 201), (import_file, 202), (import_form, 202), (import_products, 202)],
    ids=["sku-mapping", "sku-mapping-import", "sku-mapping-import-form", "product-import"],
)
def test_a_retry_gets_the_first_response_and_applies_nothing(
    client, outlets, master, api_key, send, status
):
    # given
    channel = master if send is import_products else outlets.store
    first = send(client, channel, api_key, **{"Idempotency-Key": "channel-write-1"})
    after_first = sync_state()

    # when
    retry = send(client, channel, api_key, **{"Idempotency-Key": "channel-write-1"})

    # then
    assert (first.status_code, retry.status_code) == (status, status)
    assert retry.content == first.content
    assert (first.get("Idempotent-Replayed"), retry["Idempotent-Replayed"]) == (None, "true")
    assert sync_state() == after_first
