"""The OpenAPI document's purchase order operations: the API key, every status they answer, the
error body, the CSV bodies and the request shapes."""

from tests.api.test_openapi import own_statuses

POS = "/api/v2/purchase-orders"
PO = f"{POS}/{{order_id}}"
READ = ["200", "401", "403", "404", "422"]
ACTION = ["200", "401", "403", "404", "409", "422"]
OPERATIONS = {
    ("get", POS): READ,
    ("post", POS): ["201", "401", "403", "409", "413", "422"],
    ("post", f"{POS}/import"): ["202", "401", "403", "404", "409", "413", "422"],
    ("get", f"{POS}/export"): READ,
    ("get", PO): READ,
    ("post", f"{PO}/approve"): ACTION,
    ("post", f"{PO}/send"): ACTION,
    ("post", f"{PO}/cancel"): ACTION,
    ("patch", f"{PO}/lines/{{line_id}}"): ACTION,
}


def test_purchase_order_operations_require_the_key_and_document_every_status(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    operations = {(method, path): paths[path][method] for method, path in OPERATIONS}

    # then
    assert set(OPERATIONS) == {
        (method, path) for path, item in paths.items() for method in item if path.startswith(POS)
    }
    error_schema = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for name, operation in operations.items():
        assert own_statuses(operation) == OPERATIONS[name], name
        assert operation["security"] == [{"ApiKeyAuth": []}], name
        assert operation["description"], name
        assert operation["tags"] == ["Purchase orders"], name
        errors = [r for status, r in operation["responses"].items() if status.startswith("4")]
        assert all(response["content"] == error_schema for response in errors), name


def test_the_csv_endpoints_document_their_csv_bodies(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    upload = paths[f"{POS}/import"]["post"]["requestBody"]
    download = paths[f"{POS}/export"]["get"]["responses"]["200"]

    # then
    assert sorted(upload["content"]) == ["multipart/form-data", "text/csv"]
    assert download["content"] == {"text/csv": {"schema": {"type": "string"}}}


def test_the_bodies_and_the_answers_are_documented(client):
    # given
    document = client.get("/api/v2/openapi.json").json()
    schemas = document["components"]["schemas"]

    # when
    create = document["paths"][POS]["post"]
    patch = document["paths"][f"{PO}/lines/{{line_id}}"]["patch"]

    # then
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body == "#/components/schemas/PurchaseOrderIn"
    assert set(schemas["PurchaseOrderIn"]["required"]) == {"order_number", "warehouse", "lines"}
    assert schemas["PurchaseOrderIn"]["additionalProperties"] is False
    assert set(schemas["PurchaseLineIn"]["properties"]) == {
        "sku",
        "quantity",
        "lot_number",
        "serial_number",
    }
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    assert "Idempotency-Key" in [p["name"] for p in patch["parameters"]]
    answer = create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert answer == "#/components/schemas/PurchaseOrderOut"
    assert {"lines", "receipts", "events", "references"} <= set(
        schemas["PurchaseOrderOut"]["properties"]
    )
    statuses = schemas["PurchaseOrderSummaryOut"]["properties"]["status"]["enum"]
    assert statuses == ["draft", "approved", "sent", "receiving", "received", "cancelled"]
