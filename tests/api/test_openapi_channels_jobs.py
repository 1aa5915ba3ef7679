"""The OpenAPI document's channel and automation operations: the API key, their errors, their
shapes (no credentials), the CSV bodies and the event period filters."""

from tests.api.test_openapi import own_statuses

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
    # carrier mappings (tests/api/test_openapi_carriers.py checks their CSV bodies)
    ("get", f"{CHANNEL}/carrier-mappings"): ["200", "401", "403", "404", "422"],
    ("post", f"{CHANNEL}/carrier-mappings"): ["201", "401", "403", "404", "409", "413", "422"],
    ("post", f"{CHANNEL}/carrier-mappings/import"): [
        "202",
        "401",
        "403",
        "404",
        "409",
        "413",
        "422",
    ],
    ("get", f"{CHANNEL}/carrier-mappings/export"): ["200", "401", "403", "404", "422"],
    ("patch", f"{CHANNEL}/carrier-mappings/{{mapping_id}}"): [
        "200",
        "401",
        "403",
        "404",
        "409",
        "413",
        "422",
    ],
    ("delete", f"{CHANNEL}/carrier-mappings/{{mapping_id}}"): ["204", "401", "403", "404", "422"],
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
