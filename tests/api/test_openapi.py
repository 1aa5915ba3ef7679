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


CHANNEL = "/api/v2/channels/{channel_id}"
CHANNELS = {
    ("get", "/api/v2/channels"): ["200", "401", "403", "422"],
    ("get", CHANNEL): ["200", "401", "403", "404", "422"],
    ("get", f"{CHANNEL}/translate"): ["200", "401", "403", "404", "422"],
    ("get", f"{CHANNEL}/sku-mappings"): ["200", "401", "403", "404", "422"],
    ("post", f"{CHANNEL}/sku-mappings"): ["201", "401", "403", "404", "409", "413", "422"],
    ("put", f"{CHANNEL}/sku-mappings/{{channel_sku}}"): [
        "200",
        "201",
        "401",
        "403",
        "404",
        "409",
        "413",
        "422",
    ],
    ("delete", f"{CHANNEL}/sku-mappings/{{channel_sku}}"): ["204", "401", "403", "404", "422"],
    ("post", f"{CHANNEL}/sku-mappings/import"): ["202", "401", "403", "404", "409", "413", "422"],
    ("get", f"{CHANNEL}/sku-mappings/export"): ["200", "401", "403", "404", "422"],
    # the mappings of the channel SKUs "import" and "export" (their addresses are the files')
    ("delete", f"{CHANNEL}/sku-mappings/import"): ["204", "401", "403", "404", "422"],
    ("delete", f"{CHANNEL}/sku-mappings/export"): ["204", "401", "403", "404", "422"],
    ("post", f"{CHANNEL}/sync/{{sync}}"): ["202", "401", "403", "404", "409", "413", "422"],
    ("post", f"{CHANNEL}/sync"): ["202", "401", "403", "404", "409", "413", "422"],
    ("patch", CHANNEL): ["200", "401", "403", "404", "409", "413", "422"],
    ("get", f"{CHANNEL}/webhooks"): ["200", "401", "403", "404", "422"],
    ("get", f"{CHANNEL}/webhooks/{{delivery_id}}"): ["200", "401", "403", "404", "422"],
    ("get", f"{CHANNEL}/outbox"): ["200", "401", "403", "404", "422"],
    ("get", f"{CHANNEL}/inventory/{{channel_sku}}"): ["200", "401", "403", "404", "422"],
}


def test_channel_operations_require_the_key_and_document_their_errors(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    operations = {(method, path): paths[path][method] for method, path in CHANNELS}

    # then
    assert set(CHANNELS) == {
        (method, path) for path, item in paths.items() for method in item if "/channels" in path
    }
    error_schema = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for name, operation in operations.items():
        assert own_statuses(operation) == CHANNELS[name], name
        assert operation["security"] == [{"ApiKeyAuth": []}], name
        assert operation["description"], name
        errors = [r for status, r in operation["responses"].items() if status.startswith("4")]
        assert all(response["content"] == error_schema for response in errors), name


def test_the_csv_endpoints_document_their_csv_bodies(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    upload = paths[f"{CHANNEL}/sku-mappings/import"]["post"]["requestBody"]
    download = paths[f"{CHANNEL}/sku-mappings/export"]["get"]["responses"]["200"]

    # then
    assert sorted(upload["content"]) == ["multipart/form-data", "text/csv"]
    assert upload["content"]["multipart/form-data"]["schema"]["required"] == ["file"]
    assert download["content"] == {"text/csv": {"schema": {"type": "string"}}}


def test_a_channel_never_documents_credentials(client):
    # when
    schemas = client.get("/api/v2/openapi.json").json()["components"]["schemas"]

    # then
    for name in ("ChannelOut", "SalesChannelOut", "FulfillmentChannelOut"):
        assert "credentials" not in schemas[name]["properties"], name
    assert set(schemas["ChannelOut"]["properties"]) == {
        "api_base_url",
        "id",
        "name",
        "display_name",
        "type",
        "kind",
        "is_beta",
        "is_enabled",
        "is_product_master",
        "capabilities",
    }


JOB = "/api/v2/jobs/{job_id}"
AUTOMATION = {
    ("get", "/api/v2/jobs"): ["200", "401", "403", "404", "422"],
    ("get", JOB): ["200", "401", "403", "404", "422"],
    ("patch", JOB): ["200", "401", "403", "404", "409", "413", "422"],
    ("post", f"{JOB}/run"): ["202", "401", "403", "404", "409", "413", "422"],
    ("get", f"{JOB}/runs"): ["200", "401", "403", "404", "422"],
    ("get", "/api/v2/job-runs/{run_id}"): ["200", "401", "403", "404", "422"],
    ("get", "/api/v2/events"): ["200", "401", "403", "404", "422"],
}


def test_automation_operations_require_the_key_and_document_their_errors(client):
    # given
    paths = client.get("/api/v2/openapi.json").json()["paths"]

    # when
    operations = {(method, path): paths[path][method] for method, path in AUTOMATION}

    # then
    assert set(AUTOMATION) == {
        (method, path)
        for path, item in paths.items()
        for method in item
        if path.startswith(("/api/v2/jobs", "/api/v2/job-runs", "/api/v2/events"))
    }
    error_schema = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for name, operation in operations.items():
        assert own_statuses(operation) == AUTOMATION[name], name
        assert operation["security"] == [{"ApiKeyAuth": []}], name
        assert operation["description"], name
        errors = [r for status, r in operation["responses"].items() if status.startswith("4")]
        assert all(response["content"] == error_schema for response in errors), name


def test_the_event_period_filters_say_naive_times_are_the_accounts(client):
    # given
    operation = client.get("/api/v2/openapi.json").json()["paths"]["/api/v2/events"]["get"]

    # when
    parameters = {p["name"]: p for p in operation["parameters"]}

    # then
    assert sorted(parameters) == [
        "channel_id",
        "entity",
        "entity_type",
        "level",
        "page",
        "page_size",
        "run_id",
        "search",
        "since",
        "until",
    ]
    for name in ("since", "until"):
        assert parameters[name]["schema"]["anyOf"][0]["format"] == "date-time", name
        assert "read in the account's timezone" in parameters[name]["description"], name
    assert "account's timezone" in operation["description"]


def test_the_job_and_run_shapes_have_exactly_their_fields(client):
    # when
    schemas = client.get("/api/v2/openapi.json").json()["components"]["schemas"]

    # then
    assert list(schemas["JobOut"]["properties"]) == [
        "id",
        "scope",
        "channel_id",
        "job_type",
        "label",
        "period",
        "periods",
        "enabled",
        "will_run",
        "last_run_at",
        "next_run_at",
        "active_run_id",
    ]
    assert list(schemas["JobRunOut"]["properties"]) == [
        "id",
        "url",
        "job_id",
        "channel_id",
        "job_type",
        "trigger",
        "status",
        "due_at",
        "enqueued_at",
        "started_at",
        "finished_at",
        "attempt",
        "counts",
        "summary",
        "event_counts",
    ]
    assert list(schemas["EventOut"]["properties"]) == [
        "id",
        "created_at",
        "level",
        "message",
        "channel_id",
        "entity_type",
        "entity_id",
        "entity_label",
        "actor_label",
        "run_id",
    ]
    assert schemas["JobUpdateIn"]["additionalProperties"] is False
