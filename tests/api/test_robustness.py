"""Whatever a client sends, the API answers in its JSON format and never with a 500."""

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openoms.tenancy.account_settings import SETTINGS
from tests.api.helpers import API, api_patch

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


def test_csrf_checks_do_not_apply_to_the_api(tenant, api_key):
    # given: a client that enforces CSRF like a browser session would
    client = Client(enforce_csrf_checks=True)

    # when
    update = api_patch(client, {"timezone": "Europe/Paris"}, api_key)
    unknown = client.post(f"{API}/orders", data="{}", content_type="application/json")

    # then
    assert update.status_code == 200
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
