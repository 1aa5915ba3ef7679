"""GET /purchase-orders: one order (404 for an unknown id) and the list with its filters and
totals; a bad filter is a 422."""

from __future__ import annotations

import pytest

from tests.api.helpers import api_get, error
from tests.api.purchase_order_data import POS, create_po, po_shop_fixture  # noqa: F401


def test_get_one_order_and_404_for_an_unknown_id(client, po_shop, api_key):
    # given
    created = create_po(client, api_key)

    # when
    found = api_get(client, f"{POS}/{created['id']}", api_key)
    missing = api_get(client, f"{POS}/{created['id'] + 100}", api_key)
    not_an_id = api_get(client, f"{POS}/abc", api_key)

    # then
    assert found.status_code == 200
    assert found.json() == created
    assert missing.status_code == 404
    assert missing.json() == error("not_found", "Purchase order not found.")
    assert not_an_id.status_code in {404, 422}


def test_the_list_filters_by_status_text_warehouse_and_date(client, po_shop, api_key):
    # given
    create_po(client, api_key, "PO-1", order_date="2026-11-01T10:00:00Z")
    create_po(client, api_key, "PO-2", supplier="Globex Mugs", approve=True)
    create_po(client, api_key, "PO-3", warehouse="MTL-1", lines=[{"sku": "MUG-1", "quantity": 4}])
    mtl = po_shop.warehouses["MTL-1"].pk

    def numbers(query: str) -> list[str]:
        response = api_get(client, f"{POS}?{query}", api_key)
        assert response.status_code == 200, response.content
        return [item["order_number"] for item in response.json()["items"]]

    # then
    assert numbers("") == ["PO-3", "PO-2", "PO-1"]
    assert numbers("status=approved") == ["PO-2"]
    assert numbers("q=globex") == ["PO-2"]
    assert numbers("q=MUG-1") == ["PO-3"]
    assert numbers(f"warehouse_id={mtl}") == ["PO-3"]
    assert numbers("date_to=2026-11-30") == ["PO-1"]
    assert numbers("date_from=2026-11-02") == ["PO-3", "PO-2"]
    assert numbers("warehouse_id=999999") == []
    assert numbers("page_size=1&page=2") == ["PO-2"]


def test_the_list_item_has_the_totals(client, po_shop, api_key):
    # given
    create_po(
        client,
        api_key,
        lines=[{"sku": "TEE-RED-M", "quantity": 3}, {"sku": "MUG-1", "quantity": 4}],
    )

    # when
    item = api_get(client, POS, api_key).json()["items"][0]

    # then
    assert (item["line_count"], item["quantity"], item["received"]) == (2, 7, 0)
    assert (item["warehouse"], item["status"], item["source"]) == ("TOR-1", "draft", "api")
    assert "lines" not in item


@pytest.mark.parametrize(
    "query", ["status=lost", "date_from=2026-13-01", "warehouse_id=abc", "page=0", "q=" + "x" * 201]
)
def test_a_bad_filter_is_422(client, po_shop, api_key, query):
    # when
    response = api_get(client, f"{POS}?{query}", api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
