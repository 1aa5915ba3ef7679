"""GET /api/v2/channels and /channels/{id}: the account's channels, never their credentials."""

import pytest

from tests.api.channel_data import SECRET, THREEPL_SECRET
from tests.api.helpers import api_get, error, field_paths

SHOPIFY_CAPABILITIES = [
    "import_products",
    "export_products",
    "push_inventory",
    "import_orders",
    "export_order_updates",
]


def store_out(outlets) -> dict:
    return {
        "id": outlets.store.pk,
        "name": "Acme Shopify",
        "display_name": "Acme Shopify",
        "type": "sales",
        "kind": "shopify",
        "is_beta": True,
        "is_enabled": True,
        "is_product_master": False,
        "capabilities": SHOPIFY_CAPABILITIES,
        "api_base_url": "",
    }


def legacy_out(outlets) -> dict:
    return {
        "id": outlets.legacy.pk,
        "name": "Legacy Store",
        "display_name": "Legacy Store (disabled)",
        "type": "sales",
        "kind": "sandbox_sales",
        "is_beta": False,
        "is_enabled": False,
        "is_product_master": False,
        "capabilities": SHOPIFY_CAPABILITIES,
        "api_base_url": "",
    }


def threepl_out(outlets) -> dict:
    return {
        "id": outlets.threepl.pk,
        "name": "Acme ShipBob",
        "display_name": "Acme ShipBob",
        "type": "fulfillment",
        "kind": "shipbob",
        "is_beta": True,
        "is_enabled": True,
        "is_product_master": False,
        "capabilities": [
            "import_products",
            "export_products",
            "import_inventory",
            "export_orders",
            "import_shipments",
            "export_purchase_orders",
            "import_receipts",
        ],
        "api_base_url": "",
    }


def test_the_list_holds_our_channels_by_type_then_name(client, outlets, api_key):
    # when
    response = api_get(client, "/channels", api_key)

    # then
    assert response.status_code == 200
    assert response.json() == [threepl_out(outlets), store_out(outlets), legacy_out(outlets)]


@pytest.mark.parametrize(
    ("kind", "names"), [("sales", ["store", "legacy"]), ("fulfillment", ["threepl"])]
)
def test_type_filters_the_list(client, outlets, api_key, kind, names):
    # when
    response = api_get(client, f"/channels?type={kind}", api_key)

    # then
    assert [row["id"] for row in response.json()] == [getattr(outlets, n).pk for n in names]


def test_an_unknown_type_is_422(client, outlets, api_key):
    # when
    response = api_get(client, "/channels?type=marketplace", api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [{"field": "type", "message": "Input should be 'sales' or 'fulfillment'"}],
    )


def test_a_sales_channel_lists_its_warehouse_mappings(client, outlets, api_key):
    # when
    response = api_get(client, f"/channels/{outlets.store.pk}", api_key)

    # then
    assert response.status_code == 200
    assert response.json() == store_out(outlets) | {
        "warehouse_mappings": [
            {"warehouse": "CA-ALL", "external_id": "7"},
            {"warehouse": "TOR-1", "external_id": "101"},
        ],
        "inventory_sync_mode": "sync_with_fulfillment_channel",
        "update_duplicate_skus": False,
        "inventory_sync": "sync_with_fulfillment_channel",
        "pii_retention_days": None,
    }


def test_a_fulfillment_channel_lists_the_warehouses_it_serves(client, outlets, api_key):
    # when
    response = api_get(client, f"/channels/{outlets.threepl.pk}", api_key)

    # then
    assert response.json() == threepl_out(outlets) | {"warehouses": ["MTL-1", "TOR-1"]}


def test_the_master_product_channel_says_so(client, outlets, api_key):
    # given
    outlets.legacy.is_product_master = True
    outlets.legacy.save()

    # when
    response = api_get(client, f"/channels/{outlets.legacy.pk}", api_key)

    # then
    assert response.json() == legacy_out(outlets) | {
        "is_product_master": True,
        "warehouse_mappings": [],
        "inventory_sync_mode": None,
        "update_duplicate_skus": False,
        "inventory_sync": "stable_real_time",
        "pii_retention_days": None,
    }


def test_credentials_are_never_answered(client, outlets, api_key):
    # when
    answers = [
        api_get(client, path, api_key).content.decode()
        for path in (
            "/channels",
            f"/channels/{outlets.store.pk}",
            f"/channels/{outlets.threepl.pk}",
        )
    ]

    # then
    for body in answers:
        assert SECRET not in body
        assert THREEPL_SECRET not in body
        assert "credentials" not in body
        assert "acme.myshopify.com" not in body


def test_an_unknown_channel_is_404(client, outlets, api_key):
    # when
    response = api_get(client, "/channels/999999", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Channel not found.")


@pytest.mark.parametrize("channel_id", ["0", "abc"])
def test_a_channel_id_that_is_not_a_positive_integer_is_422(client, outlets, api_key, channel_id):
    # when
    response = api_get(client, f"/channels/{channel_id}", api_key)

    # then
    assert response.status_code == 422
    assert field_paths(response) == ["channel_id"]
