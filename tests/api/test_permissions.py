"""The permission table by API: each row the API key may use has a route, and no other row does.

``API_SURFACE`` names the rows with an API route; every other row is checked to be refused to
``api_key`` in the table AND to have no route, so the table and the API cannot drift apart. The
catalog, inventory, channel, product sync and automation rows are proven to guard their routes:
without the row, a request is 403 and changes nothing.
"""

import pytest
from django.utils import timezone

from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.catalog.models import Product
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import (
    API_KEY,
    PERMISSION_DESCRIPTIONS,
    PERMISSIONS,
    Perm,
    actor_can,
)
from tests.api.channel_data import sync_state
from tests.api.helpers import api_get, api_patch, api_send, error, settings_snapshot
from tests.inventory.stock import snapshot

API_SURFACE = {
    Perm.ACCOUNT_VIEW,
    Perm.ACCOUNT_EDIT,
    Perm.ACCOUNT_LICENSE_EDIT,
    Perm.ACCOUNT_HISTORY_VIEW,
    Perm.CATALOG_VIEW,
    Perm.CATALOG_EDIT,
    Perm.INVENTORY_VIEW,
    Perm.INVENTORY_ADJUST,
    Perm.CHANNELS_VIEW,
    Perm.CHANNELS_MANAGE,
    Perm.SKU_MAPPINGS_MANAGE,
    Perm.AUTOMATION_VIEW,
    Perm.AUTOMATION_MANAGE,
    Perm.AUTOMATION_RUN,
    Perm.ORDERS_VIEW,  # guarded: tests/api/test_sales_orders_tenancy.py
    Perm.ORDERS_MANAGE,
    Perm.PURCHASES_VIEW,  # guarded: tests/api/test_purchase_orders_tenancy.py
    Perm.PURCHASES_MANAGE,
}
# What a route for each other row would contain.
ROUTE_MARKERS = {
    Perm.ACCOUNT_CREATE: ("post", "account"),
    Perm.ACCOUNT_WAREHOUSES_VIEW: ("get", "account/warehouses"),
    Perm.ACCOUNT_WAREHOUSES_EDIT: ("patch", "warehouses"),
    Perm.WAREHOUSES_MANAGE: ("post", "warehouses"),
    Perm.ACCOUNT_USERS_VIEW: ("get", "users"),
    Perm.ACCOUNT_USERS_MANAGE: ("post", "users"),
    Perm.API_KEYS_MANAGE: ("post", "key"),
    Perm.ORGANIZATION_VIEW: ("get", "organization"),
    Perm.ORGANIZATION_EDIT: ("patch", "organization"),
    Perm.ORGANIZATION_USERS_MANAGE: ("post", "users"),
    Perm.ORGANIZATION_OWNERS_MANAGE: ("patch", "owner"),
}
EXPECTED_OPERATIONS = {
    ("get", "/api/v2/account"),
    ("patch", "/api/v2/account"),
    ("get", "/api/v2/account/history"),
    ("get", "/api/v2/health"),
    ("get", "/api/v2/products"),
    ("post", "/api/v2/products"),
    ("get", "/api/v2/products/{product_id}"),
    ("patch", "/api/v2/products/{product_id}"),
    ("get", "/api/v2/variants"),
    ("get", "/api/v2/warehouses"),
    ("get", "/api/v2/inventory"),
    ("put", "/api/v2/inventory/{warehouse_code}/{sku}"),
    ("post", "/api/v2/inventory/bulk"),
    ("get", "/api/v2/channels"),
    ("get", "/api/v2/channels/{channel_id}"),
    ("patch", "/api/v2/channels/{channel_id}"),
    ("get", "/api/v2/channels/{channel_id}/translate"),
    ("get", "/api/v2/channels/{channel_id}/sku-mappings"),
    ("post", "/api/v2/channels/{channel_id}/sku-mappings"),
    ("delete", "/api/v2/channels/{channel_id}/sku-mappings/{channel_sku}"),
    ("put", "/api/v2/channels/{channel_id}/sku-mappings/{channel_sku}"),
    ("post", "/api/v2/products/import"),
    ("post", "/api/v2/inventory/import"),
    ("get", "/api/v2/imports/{import_id}"),
    ("post", "/api/v2/imports/{import_id}/run-again"),
    ("post", "/api/v2/channels/{channel_id}/sku-mappings/import"),
    ("get", "/api/v2/channels/{channel_id}/sku-mappings/export"),
    ("delete", "/api/v2/channels/{channel_id}/sku-mappings/import"),  # the channel SKU "import"
    ("delete", "/api/v2/channels/{channel_id}/sku-mappings/export"),  # the channel SKU "export"
    ("post", "/api/v2/channels/{channel_id}/sync/{sync}"),
    ("post", "/api/v2/channels/{channel_id}/sync"),
    ("get", "/api/v2/channels/{channel_id}/outbox"),
    ("get", "/api/v2/channels/{channel_id}/inventory/{channel_sku}"),
    ("get", "/api/v2/channels/{channel_id}/webhooks"),
    ("get", "/api/v2/channels/{channel_id}/webhooks/{delivery_id}"),
    ("get", "/api/v2/jobs"),
    ("get", "/api/v2/jobs/{job_id}"),
    ("patch", "/api/v2/jobs/{job_id}"),
    ("post", "/api/v2/jobs/{job_id}/run"),
    ("get", "/api/v2/jobs/{job_id}/runs"),
    ("get", "/api/v2/job-runs/{run_id}"),
    ("get", "/api/v2/events"),
    ("get", "/api/v2/carriers"),
    ("post", "/api/v2/carriers"),
    ("post", "/api/v2/carriers/import"),
    ("get", "/api/v2/carriers/export"),
    ("get", "/api/v2/carriers/{code}"),
    ("patch", "/api/v2/carriers/{code}"),
    ("delete", "/api/v2/carriers/{code}"),
    ("post", "/api/v2/carriers/{code}/services"),
    ("patch", "/api/v2/carriers/{code}/services/{service_code}"),
    ("delete", "/api/v2/carriers/{code}/services/{service_code}"),
    ("get", "/api/v2/channels/{channel_id}/carrier-mappings"),
    ("post", "/api/v2/channels/{channel_id}/carrier-mappings"),
    ("post", "/api/v2/channels/{channel_id}/carrier-mappings/import"),
    ("get", "/api/v2/channels/{channel_id}/carrier-mappings/export"),
    ("patch", "/api/v2/channels/{channel_id}/carrier-mappings/{mapping_id}"),
    ("delete", "/api/v2/channels/{channel_id}/carrier-mappings/{mapping_id}"),
    ("get", "/api/v2/sales-orders"),
    ("post", "/api/v2/sales-orders"),
    ("post", "/api/v2/sales-orders/import"),
    ("get", "/api/v2/sales-orders/export"),
    ("get", "/api/v2/sales-orders/{order_id}"),
    ("post", "/api/v2/sales-orders/{order_id}/approve"),
    ("post", "/api/v2/sales-orders/{order_id}/allocate"),
    ("post", "/api/v2/sales-orders/{order_id}/cancel"),
    ("get", "/api/v2/shipments"),
    ("get", "/api/v2/shipments/{shipment_id}"),
    ("post", "/api/v2/shipments/{shipment_id}/cancel"),
    ("post", "/api/v2/shipments/{shipment_id}/ship"),
    ("get", "/api/v2/purchase-orders"),
    ("post", "/api/v2/purchase-orders"),
    ("post", "/api/v2/purchase-orders/import"),
    ("get", "/api/v2/purchase-orders/export"),
    ("get", "/api/v2/purchase-orders/{order_id}"),
    ("post", "/api/v2/purchase-orders/{order_id}/approve"),
    ("post", "/api/v2/purchase-orders/{order_id}/send"),
    ("post", "/api/v2/purchase-orders/{order_id}/cancel"),
    ("patch", "/api/v2/purchase-orders/{order_id}/lines/{line_id}"),
}
# Each catalog and inventory row: the requests it guards, with the status they get with it.
GUARDED = [
    (Perm.CATALOG_VIEW, "get", "/products", None, 200),
    (Perm.CATALOG_VIEW, "get", "/products/{product}", None, 200),
    (Perm.CATALOG_VIEW, "get", "/variants?sku=TEE-RED-M", None, 200),
    (Perm.CATALOG_EDIT, "post", "/products", {"name": "Cap", "variants": [{"sku": "C-1"}]}, 201),
    (Perm.CATALOG_EDIT, "patch", "/products/{product}", {"name": "Tee"}, 200),
    (Perm.INVENTORY_VIEW, "get", "/inventory", None, 200),
    (Perm.INVENTORY_VIEW, "get", "/inventory?warehouse=CA-ALL", None, 200),
    (Perm.INVENTORY_ADJUST, "put", "/inventory/TOR-1/TEE-RED-M", {"total": 1}, 200),
    (
        Perm.INVENTORY_ADJUST,
        "post",
        "/inventory/bulk",
        {"rows": [{"warehouse": "TOR-1", "sku": "TEE-RED-M", "total": 1}]},
        200,
    ),
    (Perm.CATALOG_EDIT, "post", "/channels/{master}/sync/import_products", None, 202),
    (Perm.CATALOG_EDIT, "post", "/channels/{store}/sync/export_products", None, 202),
    (Perm.CHANNELS_VIEW, "get", "/channels", None, 200),
    (Perm.CHANNELS_VIEW, "get", "/channels/{store}", None, 200),
    (Perm.CHANNELS_VIEW, "get", "/channels/{store}/sku-mappings", None, 200),
    (Perm.CHANNELS_VIEW, "get", "/channels/{store}/sku-mappings/export", None, 200),
    (Perm.CHANNELS_VIEW, "get", "/channels/{store}/translate?channel_sku=SHOP-TEE", None, 200),
    (Perm.CHANNELS_VIEW, "get", "/channels/{store}/webhooks", None, 200),
    (
        Perm.SKU_MAPPINGS_MANAGE,
        "post",
        "/channels/{store}/sku-mappings",
        {"channel_sku": "mug", "sku": "MUG-1"},
        201,
    ),
    (Perm.SKU_MAPPINGS_MANAGE, "delete", "/channels/{store}/sku-mappings/SHOP-TEE", None, 204),
    (Perm.AUTOMATION_VIEW, "get", "/jobs", None, 200),
    (Perm.AUTOMATION_VIEW, "get", "/jobs/{job}", None, 200),
    (Perm.AUTOMATION_VIEW, "get", "/jobs/{job}/runs", None, 200),
    (Perm.AUTOMATION_VIEW, "get", "/job-runs/{run}", None, 200),
    (Perm.AUTOMATION_VIEW, "get", "/events?level=info", None, 200),
    (Perm.AUTOMATION_MANAGE, "patch", "/jobs/{job}", {"period": "1h", "enabled": False}, 200),
    (Perm.AUTOMATION_RUN, "post", "/jobs/{job}/run", None, 202),
    (Perm.CHANNELS_MANAGE, "patch", "/channels/{store}", {"api_base_url": ""}, 200),
    (
        Perm.SKU_MAPPINGS_MANAGE,
        "post",
        "/channels/{store}/sku-mappings/import",
        "SKU,Channel SKU\nMUG-1,mug\n",
        202,
    ),
]


def _operations(client) -> set[tuple[str, str]]:
    paths = client.get("/api/v2/openapi.json").json()["paths"]
    return {(method, path) for path, item in paths.items() for method in item}


def test_every_row_of_the_table_is_covered_here():
    assert set(PERMISSIONS) == API_SURFACE | set(ROUTE_MARKERS)
    assert API_SURFACE.isdisjoint(ROUTE_MARKERS)


def test_account_view_row_get_account_is_200(client, tenant, api_key):
    # given
    assert actor_can(API_KEY, Perm.ACCOUNT_VIEW) is True

    # when
    response = api_get(client, "/account", api_key)

    # then
    assert response.status_code == 200


def test_account_edit_row_patch_account_is_200(client, tenant, api_key):
    # given
    assert actor_can(API_KEY, Perm.ACCOUNT_EDIT) is True

    # when
    response = api_patch(client, {"enable_automatic_sales_order_workflow": True}, api_key)

    # then
    assert response.status_code == 200
    assert Account.objects.get(pk=tenant.account.pk).enable_automatic_sales_order_workflow is True


def test_account_license_edit_row_patch_license_is_403(client, tenant, api_key):
    # given
    assert actor_can(API_KEY, Perm.ACCOUNT_LICENSE_EDIT) is False
    before = settings_snapshot(tenant.account)

    # when
    response = api_patch(client, {"license_type": "basic"}, api_key)

    # then
    assert response.status_code == 403
    assert response.json() == error(
        "permission_denied", "An API key may not do this: change an account's license type."
    )
    assert settings_snapshot(tenant.account) == before


def test_account_history_view_row_get_history_is_200(client, tenant, api_key):
    # given
    assert actor_can(API_KEY, Perm.ACCOUNT_HISTORY_VIEW) is True

    # when
    response = api_get(client, "/account/history", api_key)

    # then
    assert response.status_code == 200


@pytest.mark.parametrize("perm", sorted(ROUTE_MARKERS), ids=str)
def test_rows_without_api_surface_are_refused_and_have_no_route(client, perm):
    # given
    method, marker = ROUTE_MARKERS[perm]

    # when
    operations = _operations(client)

    # then
    assert actor_can(API_KEY, perm) is False
    assert not [path for verb, path in operations if verb == method and marker in path]


def test_the_api_has_exactly_the_expected_routes(client):
    # when
    operations = _operations(client)

    # then
    assert operations == EXPECTED_OPERATIONS
    for fragment in ("users", "api-keys", "api_keys", "organizations"):
        assert not [path for _, path in operations if fragment in path]


@pytest.fixture
def guarded_path(outlets, request):
    """A GUARDED path with its ids; ``{master}`` makes a channel the Master Product Channel first
    (OpenOMS then stops being the source, so only the rows that need it ask for it)."""

    def resolve(path):
        product = outlets.shop.variants["TEE-RED-M"].product_id
        master = request.getfixturevalue("master").pk if "{master}" in path else None
        job, run = (
            _job_with_run(outlets.shop.account)
            if "{job}" in path or "{run}" in path
            else (None, None)
        )
        return path.format(product=product, store=outlets.store.pk, master=master, job=job, run=run)

    return resolve


def _job_with_run(account) -> tuple[int, int]:
    """The account's Export Products job and a finished run of it (rows, like the builders)."""
    jobs_ensure(account)
    job = RecurringJob.objects.get(account=account, channel=None, job_type="export_products")
    now = timezone.now()
    run = JobRun.objects.create(
        job=job,
        account=account,
        job_type=job.job_type,
        trigger="schedule",
        status="succeeded",
        enqueued_at=now,
        started_at=now,
        finished_at=now,
    )
    return job.pk, run.pk


def _state():
    products = Product.objects.order_by("pk").values_list("pk", "name")
    automation = list(RecurringJob.objects.order_by("pk").values()), JobRun.objects.count()
    return list(products), snapshot(), sync_state(), automation


@pytest.mark.parametrize(("perm", "method", "path", "body", "status"), GUARDED)
def test_a_guarded_row_allows_its_requests(
    client, api_key, guarded_path, perm, method, path, body, status
):
    # given
    assert actor_can(API_KEY, perm) is True
    address = guarded_path(path)

    # when
    response = api_send(client, method, address, body or "", api_key)

    # then
    assert response.status_code == status


@pytest.mark.parametrize(("perm", "method", "path", "body", "status"), GUARDED)
def test_without_its_row_a_request_is_403_and_changes_nothing(
    client, api_key, guarded_path, monkeypatch, perm, method, path, body, status
):
    # given: the table no longer grants the row to API keys
    address = guarded_path(path)
    monkeypatch.setitem(PERMISSIONS, perm, PERMISSIONS[perm] - {API_KEY})
    before = _state()

    # when
    response = api_send(client, method, address, body or "", api_key)

    # then
    assert response.status_code == 403
    assert response.json() == error(
        "permission_denied", f"An API key may not do this: {PERMISSION_DESCRIPTIONS[perm].lower()}."
    )
    assert _state() == before
