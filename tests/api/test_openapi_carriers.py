"""The OpenAPI document's carrier operations: the API key, their errors and the CSV bodies."""

import pytest

from tests.api.test_openapi import own_statuses

CARRIER = "/api/v2/carriers/{code}"
MAPPINGS = "/api/v2/channels/{channel_id}/carrier-mappings"
CARRIERS = {
    ("get", "/api/v2/carriers"): ["200", "401", "403", "404", "422"],
    ("post", "/api/v2/carriers"): ["201", "401", "403", "409", "413", "422"],
    ("post", "/api/v2/carriers/import"): ["202", "401", "403", "404", "409", "413", "422"],
    ("get", "/api/v2/carriers/export"): ["200", "401", "403", "404", "422"],
    ("get", CARRIER): ["200", "401", "403", "404", "422"],
    ("patch", CARRIER): ["200", "401", "403", "404", "409", "413", "422"],
    ("delete", CARRIER): ["204", "401", "403", "404", "409", "422"],
    ("post", f"{CARRIER}/services"): ["201", "401", "403", "404", "409", "413", "422"],
    ("patch", f"{CARRIER}/services/{{service_code}}"): [
        "200",
        "401",
        "403",
        "404",
        "409",
        "413",
        "422",
    ],
    ("delete", f"{CARRIER}/services/{{service_code}}"): ["204", "401", "403", "404", "409", "422"],
}


def test_carrier_operations_require_the_key_and_document_their_errors(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    operations = {(method, path): paths[path][method] for method, path in CARRIERS}

    # then
    assert set(CARRIERS) == {
        (method, path)
        for path, item in paths.items()
        for method in item
        if path.startswith("/api/v2/carriers")
    }
    error_schema = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for name, operation in operations.items():
        assert own_statuses(operation) == CARRIERS[name], name
        assert operation["security"] == [{"ApiKeyAuth": []}], name
        assert operation["description"], name
        errors = [r for status, r in operation["responses"].items() if status.startswith("4")]
        assert all(response["content"] == error_schema for response in errors), name


@pytest.mark.parametrize("base", ["/api/v2/carriers", MAPPINGS])
def test_the_carrier_csv_endpoints_document_their_csv_bodies(client, base):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    upload = paths[f"{base}/import"]["post"]["requestBody"]
    download = paths[f"{base}/export"]["get"]["responses"]["200"]

    # then
    assert sorted(upload["content"]) == ["multipart/form-data", "text/csv"]
    assert upload["content"]["multipart/form-data"]["schema"]["required"] == ["file"]
    assert download["content"] == {"text/csv": {"schema": {"type": "string"}}}


def test_a_mapping_documents_its_codes_and_primary_flag(client):
    # when
    schemas = client.get("/api/v2/openapi.json").json()["components"]["schemas"]

    # then
    assert set(schemas["CarrierMappingOut"]["properties"]) == {
        "id",
        "carrier_channel_code",
        "service_channel_code",
        "carrier_code",
        "service_code",
        "is_primary",
        "updated_at",
    }
    assert set(schemas["CarrierOut"]["properties"]) == {"code", "name", "services", "updated_at"}
