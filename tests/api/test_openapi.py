"""The OpenAPI document and the interactive docs, which must work offline."""

import json
import re

from django.contrib.staticfiles import finders

# Documented on every operation (415: on those reading a JSON body): tests/api/test_api_shape.py
COMMON_STATUSES = {"414", "415", "500"}


def own_statuses(operation: dict) -> list[str]:
    """The statuses an operation documents itself, without those every operation has."""
    return sorted(set(operation["responses"]) - COMMON_STATUSES)


def test_openapi_document_describes_the_api(client):
    # when
    response = client.get("/api/v2/openapi.json")

    # then
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["info"]["title"] == "OpenOMS API"
    assert document["info"]["version"] == "2"
    assert "X-API-Key" in document["info"]["description"]
    assert '"fields"' in document["info"]["description"]
    assert set(document["paths"]["/api/v2/account"]) == {"get", "patch"}
    assert set(document["paths"]["/api/v2/account/history"]) == {"get"}
    assert document["components"]["securitySchemes"] == {
        "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    }


def test_every_account_operation_requires_the_api_key_and_documents_its_errors(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    operations = {
        "get account": paths["/api/v2/account"]["get"],
        "patch account": paths["/api/v2/account"]["patch"],
        "get history": paths["/api/v2/account/history"]["get"],
    }

    # then
    error_schema = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    statuses = {name: own_statuses(op) for name, op in operations.items()}
    assert statuses == {
        "get account": ["200", "401", "403"],
        "patch account": ["200", "401", "403", "409", "413", "422"],
        "get history": ["200", "401", "403", "404", "422"],
    }
    for operation in operations.values():
        assert operation["security"] == [{"ApiKeyAuth": []}]
        assert operation["description"]
        errors = [r for status, r in operation["responses"].items() if status != "200"]
        assert all(response["content"] == error_schema for response in errors)
    assert "security" not in paths["/api/v2/health"]["get"]


def test_history_page_size_is_documented_from_1_to_200(client):
    # given
    operation = client.get("/api/v2/openapi.json").json()["paths"]["/api/v2/account/history"]["get"]

    # when
    page_size = next(p for p in operation["parameters"] if p["name"] == "page_size")

    # then
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, 200)
    assert page_size["schema"]["default"] == 50


def test_docs_page_is_html_with_local_assets_only(client):
    # when
    response = client.get("/api/v2/docs")

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert re.findall(r"https?://", html) == []
    assert "cdn." not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert '"url": "/api/v2/openapi.json"' in html
    assert '"validatorUrl": null' in html


def test_docs_assets_are_shipped_as_static_files(client):
    # given
    html = client.get("/api/v2/docs").content.decode()

    # when
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)

    # then
    assert sorted(assets) == [
        "ninja/favicon.png",
        "ninja/favicon.svg",
        "ninja/swagger-ui-bundle.js",
        "ninja/swagger-ui-init.js",
        "ninja/swagger-ui.css",
    ]
    for asset in assets:
        assert finders.find(asset), asset


CATALOG_AND_INVENTORY = {
    ("get", "/api/v2/products"): ["200", "401", "403", "404", "422"],
    ("post", "/api/v2/products"): ["201", "401", "403", "409", "413", "422"],
    ("get", "/api/v2/products/{product_id}"): ["200", "401", "403", "404", "422"],
    ("patch", "/api/v2/products/{product_id}"): ["200", "401", "403", "404", "409", "413", "422"],
    ("get", "/api/v2/variants"): ["200", "401", "403", "404", "422"],
    ("get", "/api/v2/warehouses"): ["200", "401", "403"],
    ("get", "/api/v2/inventory"): ["200", "401", "403", "404", "422"],
    ("put", "/api/v2/inventory/{warehouse_code}/{sku}"): [
        "200",
        "401",
        "403",
        "404",
        "409",
        "413",
        "422",
    ],
    ("post", "/api/v2/inventory/bulk"): ["200", "401", "403", "409", "413", "422"],
}


def test_catalog_and_inventory_operations_require_the_key_and_document_their_errors(client):
    # given
    document = client.get("/api/v2/openapi.json").json()

    # when
    operations = {
        (method, path): document["paths"][path][method] for method, path in CATALOG_AND_INVENTORY
    }

    # then
    for name, operation in operations.items():
        assert own_statuses(operation) == CATALOG_AND_INVENTORY[name], name
        assert operation["security"] == [{"ApiKeyAuth": []}]
        assert operation["description"], name
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref in {"#/components/schemas/ErrorOut", "#/components/schemas/BulkErrorOut"}


WRITES = {
    ("patch", "/api/v2/account"),
    ("post", "/api/v2/products"),
    ("patch", "/api/v2/products/{product_id}"),
    ("put", "/api/v2/inventory/{warehouse_code}/{sku}"),
    ("post", "/api/v2/inventory/bulk"),
    ("post", "/api/v2/channels/{channel_id}/sku-mappings"),
    ("put", "/api/v2/channels/{channel_id}/sku-mappings/{channel_sku}"),
    ("post", "/api/v2/channels/{channel_id}/sku-mappings/import"),
    ("post", "/api/v2/channels/{channel_id}/sync/{sync}"),
    ("post", "/api/v2/channels/{channel_id}/sync"),
    ("patch", "/api/v2/channels/{channel_id}"),
    ("post", "/api/v2/products/import"),
    ("post", "/api/v2/inventory/import"),
    ("post", "/api/v2/imports/{import_id}/run-again"),
    ("patch", "/api/v2/jobs/{job_id}"),
    ("post", "/api/v2/jobs/{job_id}/run"),
    ("post", "/api/v2/carriers"),
    ("post", "/api/v2/carriers/import"),
    ("patch", "/api/v2/carriers/{code}"),
    ("post", "/api/v2/carriers/{code}/services"),
    ("patch", "/api/v2/carriers/{code}/services/{service_code}"),
    ("post", "/api/v2/channels/{channel_id}/carrier-mappings"),
    ("post", "/api/v2/channels/{channel_id}/carrier-mappings/import"),
    ("patch", "/api/v2/channels/{channel_id}/carrier-mappings/{mapping_id}"),
    ("post", "/api/v2/sales-orders"),
    ("post", "/api/v2/sales-orders/import"),
    ("post", "/api/v2/sales-orders/{order_id}/approve"),
    ("post", "/api/v2/sales-orders/{order_id}/allocate"),
    ("post", "/api/v2/sales-orders/{order_id}/cancel"),
    ("post", "/api/v2/shipments/{shipment_id}/cancel"),
    ("post", "/api/v2/shipments/{shipment_id}/ship"),
    ("post", "/api/v2/purchase-orders"),
    ("post", "/api/v2/purchase-orders/import"),
    ("post", "/api/v2/purchase-orders/{order_id}/approve"),
    ("post", "/api/v2/purchase-orders/{order_id}/send"),
    ("post", "/api/v2/purchase-orders/{order_id}/cancel"),
    ("patch", "/api/v2/purchase-orders/{order_id}/lines/{line_id}"),
}


def test_every_write_documents_the_idempotency_key_header_and_no_read_does(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    headers = {
        (method, path): [p["name"] for p in op.get("parameters", []) if p["in"] == "header"]
        for path, item in paths.items()
        for method, op in item.items()
    }

    # then
    writes = {name for name in headers if name[0] in {"post", "put", "patch"}}
    assert writes == WRITES
    for name, names in headers.items():
        assert names == (["Idempotency-Key"] if name in writes else []), name


def test_the_description_explains_units_idempotency_and_the_new_error_codes(client):
    # when
    description = client.get("/api/v2/openapi.json").json()["info"]["description"]

    # then
    for text in (
        "## Idempotency",
        "Idempotent-Replayed: true",
        "idempotency_key_reused",
        "idempotency_key_in_progress",
        "rows_rejected",
        '`{"weight": "lb", "size":',
        '`"19.90"`',
    ):
        assert text in description, text
