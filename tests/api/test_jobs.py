"""GET /api/v2/jobs, GET and PATCH /api/v2/jobs/{id}: the recurring jobs of the key's account.

PATCH follows the rules of the web UI (``job_update``): a period the channel kind does not
offer, or a product job against the Master Product Source (seed 000), is a 422 on ``period``
with the reason, and nothing changes.
"""

import re

import pytest

from openoms.activity.models import Event
from openoms.automation.models import RecurringJob
from tests.api.helpers import ISO_UTC, api_get, error, key_prefix
from tests.api.job_data import beta_store, fields, job_of, jobs_state, patch_job

ALL_PERIODS = ["none", "5m", "15m", "30m", "1h", "4h", "12h", "1d"]
STORE_TYPES = [
    "authorization_refresh",
    "import_products",
    "export_products",
    "import_orders",
    "export_order_updates",
    "export_inventory",
    "push_inventory_updates",
]
ACCOUNT_TYPES = [
    *STORE_TYPES[:5],
    "import_inventory",
    "export_inventory",
    "push_inventory_updates",
    "send_shipments",
    "import_shipments",
    "send_purchase_orders",
    "import_receipts",
    "pii_redaction",
]


@pytest.fixture
def store(tenant):
    return beta_store(tenant)


def listed(response) -> list[tuple]:
    return [(i["scope"], i["channel_id"], i["job_type"]) for i in response.json()["items"]]


def test_the_list_shows_every_job_of_the_account_and_its_beta_channels(
    client, tenant, store, api_key
):
    # given: the store and its account got their job rows when they were created
    rows = RecurringJob.objects.count()

    # when
    response = api_get(client, "/jobs?page_size=200", api_key)

    # then: the account's 8 jobs first, then the store's 6, in settings-page order; the GET
    # wrote nothing
    assert response.status_code == 200
    assert RecurringJob.objects.count() == rows
    body = response.json()
    assert listed(response) == [("account", None, code) for code in ACCOUNT_TYPES] + [
        ("channel", store.pk, code) for code in STORE_TYPES
    ]
    imports = RecurringJob.objects.get(channel=store, job_type="import_products")
    assert body["items"][14] == {
        "id": imports.pk,
        "scope": "channel",
        "channel_id": store.pk,
        "job_type": "import_products",
        "label": "Import Products",
        "period": "none",
        "periods": ALL_PERIODS,
        "enabled": True,
        "will_run": False,
        "last_run_at": None,
        "next_run_at": None,
        "active_run_id": None,
    }
    assert all(set(item) == set(body["items"][10]) for item in body["items"])
    auth = body["items"][0]  # the one job a new account runs: every 12 hours, due at once
    assert re.match(ISO_UTC, auth["next_run_at"])
    assert (auth["label"], auth["period"], auth["will_run"]) == (
        "Authorization Refresh Settings",
        "12h",
        True,
    )
    assert (body["count"], body["next"], body["previous"]) == (20, None, None)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scope=account", [("account", None, code) for code in ACCOUNT_TYPES]),
        ("scope=channel", [("channel", "store", code) for code in STORE_TYPES]),
        ("channel_id={store}", [("channel", "store", code) for code in STORE_TYPES]),
        (
            "job_type=import_products",
            [("account", None, "import_products"), ("channel", "store", "import_products")],
        ),
        ("scope=account&job_type=pii_redaction", [("account", None, "pii_redaction")]),
        ("scope=account&channel_id={store}", []),
    ],
)
def test_the_list_filters_by_scope_channel_and_type(client, store, api_key, query, expected):
    # when
    response = api_get(client, f"/jobs?page_size=200&{query.format(store=store.pk)}", api_key)

    # then
    assert response.status_code == 200
    assert listed(response) == [
        (scope, store.pk if channel else None, code) for scope, channel, code in expected
    ]
    assert response.json()["count"] == len(expected)


NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"
ANY_LISTED = "Input should be one of the values listed for this field in the API schema."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scope=shop", fields(("scope", "Input should be 'account' or 'channel'"))),
        ("job_type=teleport", fields(("job_type", ANY_LISTED))),
        ("channel_id=abc", fields(("channel_id", NOT_AN_INTEGER))),
        ("channel_id=0", fields(("channel_id", "Input should be greater than or equal to 1"))),
    ],
)
def test_a_bad_filter_is_422_naming_it(client, store, api_key, query, expected):
    # when
    response = api_get(client, f"/jobs?{query}", api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error("validation_error", "Some values are not valid.", expected)


def test_the_list_pages_with_next_and_previous(client, store, api_key):
    # when
    first = api_get(client, "/jobs?page_size=6", api_key)
    last = api_get(client, "/jobs?page_size=6&page=4", api_key)
    beyond = api_get(client, "/jobs?page_size=6&page=5", api_key)

    # then
    assert (first.json()["count"], len(first.json()["items"])) == (20, 6)
    assert first.json()["next"] == "http://testserver/api/v2/jobs?page_size=6&page=2"
    assert first.json()["previous"] is None
    assert listed(last) == [("channel", store.pk, code) for code in STORE_TYPES[5:]]
    assert last.json()["next"] is None
    assert last.json()["previous"] == "http://testserver/api/v2/jobs?page_size=6&page=3"
    assert beyond.status_code == 404
    assert beyond.json() == error("not_found", "Page 5 does not exist; the last page is 4.")


def test_one_job_is_read_by_id(client, tenant, store, api_key):
    # given
    job = job_of(tenant.account, "export_products", store)

    # when
    response = api_get(client, f"/jobs/{job.pk}", api_key)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": job.pk,
        "scope": "channel",
        "channel_id": store.pk,
        "job_type": "export_products",
        "label": "Export Products",
        "period": "none",
        "periods": ALL_PERIODS,
        "enabled": True,
        "will_run": False,
        "last_run_at": None,
        "next_run_at": None,
        "active_run_id": None,
    }


def test_an_unknown_job_is_404(client, store, api_key):
    # when
    response = api_get(client, "/jobs/987654", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Job not found.")


def test_patch_sets_the_period_schedules_the_job_and_logs_the_change(
    client, tenant, store, api_key
):
    # given
    job = job_of(tenant.account, "export_products", store)

    # when
    response = patch_job(client, job, {"period": "1h"}, api_key)

    # then
    assert response.status_code == 200
    body = response.json()
    assert re.match(ISO_UTC, body["next_run_at"])
    assert (body["id"], body["period"], body["will_run"]) == (job.pk, "1h", True)
    assert RecurringJob.objects.get(pk=job.pk).period == "1h"
    event = Event.objects.get(entity_type="job", entity_id=str(job.pk))
    assert (event.level, event.message, event.actor_label) == (
        "info",
        "Export Products of Beta Store: None (never runs) → Hourly.",
        f"API key Test key ({key_prefix(api_key)}…)",
    )


def test_patch_pauses_resumes_and_stops_a_job(client, tenant, store, api_key):
    # given
    job = job_of(tenant.account, "authorization_refresh", store)

    # when
    bodies = [{"enabled": False}, {"enabled": True}, {"period": "none"}]
    answers = [patch_job(client, job, body, api_key).json() for body in bodies]

    # then: a paused job keeps its period; None never runs (no next time)
    assert [
        (a["period"], a["enabled"], a["will_run"], bool(a["next_run_at"])) for a in answers
    ] == [
        ("12h", False, False, True),
        ("12h", True, True, True),
        ("none", True, False, False),
    ]
    stored = RecurringJob.objects.get(pk=job.pk)
    assert (stored.period, stored.enabled, stored.next_run_at) == ("none", True, None)


PERIOD_CHOICES = "Input should be 'none', '5m', '15m', '30m', '1h', '4h', '12h' or '1d'"
NOT_BOOLEAN = "Input should be a valid boolean"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"period": None}, fields(("period", PERIOD_CHOICES)), id="null-period"),
        pytest.param({"enabled": None}, fields(("enabled", NOT_BOOLEAN)), id="null-enabled"),
        pytest.param({"period": "2h"}, fields(("period", PERIOD_CHOICES)), id="unknown-period"),
        pytest.param(
            {"period": 60, "enabled": "yes"},
            fields(("period", PERIOD_CHOICES), ("enabled", NOT_BOOLEAN)),
            id="wrong-types",
        ),
        pytest.param(
            {"period": "1h", "when": "now"},
            fields(("when", "Unknown or read-only field.")),
            id="unknown-field",
        ),
        pytest.param({}, fields(("body", "Send period, enabled or both.")), id="empty"),
        pytest.param([], fields(("body", "The request body must be a JSON object.")), id="list"),
    ],
)
def test_a_bad_patch_body_is_422_and_changes_nothing(
    client, tenant, store, api_key, body, expected
):
    # given
    job = job_of(tenant.account, "export_products", store)
    before = jobs_state()

    # when
    response = patch_job(client, job, body, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error("validation_error", "Some values are not valid.", expected)
    assert jobs_state() == before
