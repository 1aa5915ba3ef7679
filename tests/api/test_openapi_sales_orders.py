"""The OpenAPI document's sales order and shipment operations: the API key, every status they
answer, the error body, the CSV bodies and the request shapes."""

from tests.api.test_openapi import own_statuses

ORDERS = "/api/v2/sales-orders"
ORDER = f"{ORDERS}/{{order_id}}"
SHIPMENTS = "/api/v2/shipments"
SHIPMENT = f"{SHIPMENTS}/{{shipment_id}}"
READ = ["200", "401", "403", "404", "422"]
ACTION = ["200", "401", "403", "404", "409", "422"]
OPERATIONS = {
    ("get", ORDERS): READ,
    ("post", ORDERS): ["201", "401", "403", "409", "413", "422"],
    ("post", f"{ORDERS}/import"): ["202", "401", "403", "404", "409", "413", "422"],
    ("get", f"{ORDERS}/export"): READ,
    ("get", ORDER): READ,
    ("post", f"{ORDER}/approve"): ACTION,
    ("post", f"{ORDER}/allocate"): ACTION,
    ("post", f"{ORDER}/cancel"): ACTION,
    ("get", SHIPMENTS): READ,
    ("get", SHIPMENT): READ,
    ("post", f"{SHIPMENT}/cancel"): ACTION,
    ("post", f"{SHIPMENT}/ship"): ["200", "401", "403", "404", "409", "413", "422"],
}


def test_sales_order_operations_require_the_key_and_document_every_status(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    operations = {(method, path): paths[path][method] for method, path in OPERATIONS}

    # then
    assert set(OPERATIONS) == {
        (method, path)
        for path, item in paths.items()
        for method in item
        if path.startswith((ORDERS, SHIPMENTS))
    }
    error_schema = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for name, operation in operations.items():
        assert own_statuses(operation) == OPERATIONS[name], name
        assert operation["security"] == [{"ApiKeyAuth": []}], name
        assert operation["description"], name
        errors = [r for status, r in operation["responses"].items() if status.startswith("4")]
        assert all(response["content"] == error_schema for response in errors), name
        assert {"414", "500"} <= set(operation["responses"]), name


def test_the_order_csv_endpoints_document_their_csv_bodies(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    upload = paths[f"{ORDERS}/import"]["post"]["requestBody"]
    download = paths[f"{ORDERS}/export"]["get"]["responses"]["200"]

    # then
    assert sorted(upload["content"]) == ["multipart/form-data", "text/csv"]
    assert download["content"] == {"text/csv": {"schema": {"type": "string"}}}


def test_the_create_body_and_the_answers_are_documented(client):
    # given
    document = client.get("/api/v2/openapi.json").json()
    schemas = document["components"]["schemas"]

    # when
    create = document["paths"][ORDERS]["post"]
    allocate = document["paths"][f"{ORDER}/allocate"]["post"]

    # then
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body == "#/components/schemas/SalesOrderIn"
    assert set(schemas["SalesOrderIn"]["required"]) == {"order_number", "ship_to", "lines"}
    assert schemas["SalesOrderIn"]["additionalProperties"] is False
    assert set(schemas["OrderLineIn"]["properties"]) == {"sku", "quantity", "price"}
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    answer = allocate["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert answer == "#/components/schemas/AllocationOut"
    assert set(schemas["AllocationOut"]["properties"]) == {
        "backordered",
        "reason",
        "shipment",
        "order",
    }
    statuses = schemas["SalesOrderSummaryOut"]["properties"]["status"]["enum"]
    assert statuses == ["draft", "approved", "fulfilling", "shipped", "cancelled"]
