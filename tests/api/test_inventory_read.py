"""GET /api/v2/inventory: levels per physical warehouse, virtual sums, filters, pagination."""

import pytest

from tests.api.helpers import API, api_get, error


def row(sku, warehouse, total, allocated=0, incoming=0, on_hold=0):
    available = total - allocated - on_hold
    return {
        "sku": sku,
        "warehouse": warehouse,
        "total": total,
        "allocated": allocated,
        "on_hold": on_hold,
        "available": available,
        "incoming": incoming,
    }


def test_without_filters_one_row_per_physical_level_by_sku_then_warehouse(client, shop, api_key):
    # when
    response = api_get(client, "/inventory", api_key)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            row("BAG/ONE SIZE", "TOR-1", 3),
            row("TEE-RED-M", "MTL-1", 4, allocated=1),
            row("TEE-RED-M", "TOR-1", 10),
        ],
        "count": 3,
        "page": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
    }


def test_a_virtual_warehouse_gives_its_members_sums_under_its_own_code(client, shop, api_key):
    # when
    response = api_get(client, "/inventory?warehouse=CA-ALL", api_key)

    # then
    assert response.json()["items"] == [
        row("BAG/ONE SIZE", "CA-ALL", 3),
        row("TEE-RED-M", "CA-ALL", 14, allocated=1),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("warehouse=MTL-1", [row("TEE-RED-M", "MTL-1", 4, allocated=1)]),
        ("warehouse=mtl-1", [row("TEE-RED-M", "MTL-1", 4, allocated=1)]),
        ("sku=TEE-RED-M&warehouse=TOR-1", [row("TEE-RED-M", "TOR-1", 10)]),
        ("sku=BAG%2FONE%20SIZE", [row("BAG/ONE SIZE", "TOR-1", 3)]),
        ("sku=tee-red-m", []),
        ("sku=NOPE", []),
        ("sku=THEIRS-1", []),
    ],
)
def test_filters(client, shop, api_key, query, expected):
    # when
    response = api_get(client, f"/inventory?{query}", api_key)

    # then
    assert response.status_code == 200
    assert response.json()["items"] == expected


@pytest.mark.parametrize("code", ["VAN-1", "NYC-1", "NOPE"])
def test_an_unknown_not_enabled_or_foreign_warehouse_is_404(client, shop, api_key, code):
    # when
    response = api_get(client, f"/inventory?warehouse={code}", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error(
        "not_found", f"Unknown warehouse '{code}' (not enabled for this account)."
    )


def test_pages_link_to_each_other(client, shop, api_key):
    # when
    first = api_get(client, "/inventory?page_size=2", api_key).json()
    second = api_get(client, "/inventory?page_size=2&page=2", api_key).json()

    # then
    assert [(i["sku"], i["warehouse"]) for i in first["items"]] == [
        ("BAG/ONE SIZE", "TOR-1"),
        ("TEE-RED-M", "MTL-1"),
    ]
    assert (first["count"], first["previous"]) == (3, None)
    assert first["next"] == f"http://testserver{API}/inventory?page_size=2&page=2"
    assert [(i["sku"], i["warehouse"]) for i in second["items"]] == [("TEE-RED-M", "TOR-1")]
    assert (second["next"], second["previous"]) == (
        None,
        f"http://testserver{API}/inventory?page_size=2&page=1",
    )


def test_a_negative_available_is_shown_as_stored(client, shop, api_key):
    # given
    level = shop.variants["TEE-RED-M"].levels.get(warehouse=shop.warehouses["TOR-1"])
    level.allocated = 12
    level.save()

    # when
    response = api_get(client, "/inventory?warehouse=TOR-1&sku=TEE-RED-M", api_key)

    # then
    assert response.json()["items"] == [row("TEE-RED-M", "TOR-1", 10, allocated=12)]
