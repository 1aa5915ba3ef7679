"""Whatever a client sends, the API answers in its JSON format and never with a 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openoms.tenancy.account_settings import SETTINGS
from tests.api.helpers import API, api_patch, api_send, error
from tests.inventory.stock import snapshot

KEYS = st.sampled_from(
    [s.api_path[0] for s in SETTINGS] + [s.api_path[-1] for s in SETTINGS] + ["code", "x"]
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
VALUES = st.recursive(
    SCALARS | st.sampled_from(["cm", "in", "UTC", "warning", "basic", "sales_channel"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.dictionaries(KEYS, VALUES, max_size=5))
def test_any_json_object_patch_is_answered_without_a_500(client, tenant, api_key, body):
    # when
    response = api_patch(client, body, api_key)

    # then
    assert response.status_code in {200, 403, 422}, response.content
    if response.status_code != 200:
        assert set(response.json()["error"]) <= {"code", "message", "fields"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=200))
def test_any_bytes_patch_is_answered_without_a_500(client, tenant, api_key, raw):
    # when
    response = api_patch(client, raw, api_key)

    # then
    assert response.status_code in {200, 403, 422}, response.content


WRITE_KEYS = st.sampled_from(
    [
        *("name", "description", "status", "variants", "sku", "weight", "price", "id"),
        *("rows", "warehouse", "total", "adjust", "reason", "on_error", "x"),
    ]
)
WRITE_VALUES = st.recursive(
    SCALARS | st.sampled_from(["TOR-1", "TEE-RED-M", "archived", "reject_all"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(WRITE_KEYS, children, max_size=4)
    ),
    max_leaves=10,
)
WRITES = [
    ("post", "/products"),
    ("patch", "/products/{product}"),
    ("put", "/inventory/TOR-1/TEE-RED-M"),
    ("post", "/inventory/bulk"),
]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(write=st.sampled_from(WRITES), body=st.dictionaries(WRITE_KEYS, WRITE_VALUES, max_size=5))
def test_any_json_object_sent_to_a_catalog_or_inventory_write_is_answered_without_a_500(
    client, shop, api_key, write, body
):
    # given
    method, path = write
    path = path.format(product=shop.variants["TEE-RED-M"].product_id)

    # when
    response = api_send(client, method, path, body, api_key)

    # then
    assert response.status_code in {200, 201, 422}, response.content


def test_csrf_checks_do_not_apply_to_the_api(tenant, api_key):
    # given: a client that enforces CSRF like a browser session would
    client = Client(enforce_csrf_checks=True)

    # when
    update = api_patch(client, {"timezone": "Europe/Paris"}, api_key)
    unknown = client.post(f"{API}/orders", data="{}", content_type="application/json")

    # then
    assert update.status_code == 200
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")


NUL_MESSAGE = "Remove the NUL character (U+0000): text may not contain it."


@pytest.mark.parametrize(
    ("method", "path", "body", "fields"),
    [
        ("get", "/inventory?warehouse=T%00&sku=A", None, ["warehouse"]),
        ("get", "/products?q=%00", None, ["q"]),
        ("put", "/inventory/TOR-1/TEE%00", {"total": 1}, ["path"]),
        ("put", "/inventory/TOR-1/TEE-RED-M", {"total": 1, "reason": "a\x00"}, ["reason"]),
        (
            "post",
            "/inventory/bulk",
            {"rows": [{"warehouse": "TOR-1", "sku": "A", "total": 1}, {"warehouse": "T\x00"}]},
            ["rows.1.warehouse"],
        ),
        (
            "post",
            "/products",
            {"name": "Cap", "description": "\x00", "variants": [{"sku": "C", "\x00": 1}]},
            ["description", "variants.0.\x00"],
        ),
    ],
)
def test_nul_characters_are_422_wherever_they_are(
    client, shop, api_key, method, path, body, fields
):
    # given: PostgreSQL cannot store or compare text holding NUL
    before = snapshot()

    # when
    response = api_send(client, method, path, body or "", api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [{"field": field, "message": NUL_MESSAGE} for field in fields],
    )
    assert snapshot() == before
