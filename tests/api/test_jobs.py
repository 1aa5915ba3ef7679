"""GET /api/v2/jobs, GET and PATCH /api/v2/jobs/{id}: the recurring jobs of the key's account.

PATCH follows the rules of the web UI (``job_update``): a period the channel kind does not
offer, or a product job against the Master Product Source (seed 000), is a 422 on ``period``
with the reason, and nothing changes.
"""

import re
from dataclasses import replace

import pytest

from openoms.activity.models import Event
from openoms.automation.models import RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.channels import kinds
from tests.api.helpers import ISO_UTC, api_get, api_send, error, key_prefix
from tests.sync.conftest import make_channel, make_master

ALL_PERIODS = ["none", "5m", "15m", "30m", "1h", "4h", "12h", "1d"]
STORE_TYPES = [
    "authorization_refresh",
    "import_products",
    "export_products",
    "import_orders",
    "export_order_updates",
    "export_inventory",
]
ACCOUNT_TYPES = [*STORE_TYPES[:5], "import_inventory", "export_inventory", "pii_redaction"]
NOT_THE_MASTER = (
    "Only the Master Product Channel (Sandbox Master) imports products (Account → Workflow "
    "Settings)."
)
OPENOMS_IS_MASTER = (
    "OpenOMS is this account's Master Product Source: products are created in OpenOMS and "
    "exported to the channels, never imported."
)


@pytest.fixture
def store(tenant):
    """A beta sandbox store of our account, with the job rows its account and it get when they
    are created (``automation.services.setup``); the API only reads them."""
    channel = make_channel(tenant.account, "Beta Store")
    jobs_ensure(tenant.account)
    return channel


def job_of(account, job_type, channel=None) -> RecurringJob:
    jobs_ensure(account)
    return RecurringJob.objects.get(account=account, channel=channel, job_type=job_type)


def jobs_state() -> tuple[list[tuple], int]:
    """Every job's settings and clock, and the number of events: compare around a refusal."""
    rows = RecurringJob.objects.order_by("pk").values_list(
        "pk", "period", "enabled", "next_run_at", "active_run_id", "updated_at"
    )
    return list(rows), Event.objects.count()


def patch_job(client, job, body, api_key, **headers):
    return api_send(client, "patch", f"/jobs/{job.pk}", body, api_key, **headers)


def fields(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in pairs]


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
    assert body["items"][9] == {
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
    assert all(set(item) == set(body["items"][9]) for item in body["items"])
    auth = body["items"][0]  # the one job a new account runs: every 12 hours, due at once
    assert re.match(ISO_UTC, auth["next_run_at"])
    assert (auth["label"], auth["period"], auth["will_run"]) == (
        "Authorization Refresh Settings",
        "12h",
        True,
    )
    assert (body["count"], body["next"], body["previous"]) == (14, None, None)


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
    first = api_get(client, "/jobs?page_size=5", api_key)
    last = api_get(client, "/jobs?page_size=5&page=3", api_key)
    beyond = api_get(client, "/jobs?page_size=5&page=4", api_key)

    # then
    assert (first.json()["count"], len(first.json()["items"])) == (14, 5)
    assert first.json()["next"] == "http://testserver/api/v2/jobs?page_size=5&page=2"
    assert first.json()["previous"] is None
    assert listed(last) == [("channel", store.pk, code) for code in STORE_TYPES[2:]]
    assert last.json()["next"] is None
    assert last.json()["previous"] == "http://testserver/api/v2/jobs?page_size=5&page=2"
    assert beyond.status_code == 404
    assert beyond.json() == error("not_found", "Page 4 does not exist; the last page is 3.")


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


@pytest.fixture
def master(tenant, store):
    """A second beta store, the Master Product Channel (source: Sales Channel)."""
    return make_master(make_channel(tenant.account, "Sandbox Master"))


@pytest.fixture
def limited_store(store, monkeypatch):
    """The store, whose kind (sandbox store) now offers None, Hourly and Daily only."""
    limited = replace(kinds.KINDS["sandbox_sales"], periods=("none", "1h", "1d"))
    monkeypatch.setitem(kinds.KINDS, "sandbox_sales", limited)
    return store


TO_THE_MASTER = (
    "Sandbox Master is the Master Product Channel: products are imported from it, never "
    "exported to it."
)


@pytest.mark.parametrize(
    ("setup", "channel", "job_type", "period", "reason"),
    [
        pytest.param(
            "limited_store",
            "store",
            "authorization_refresh",
            "5m",
            "Sandbox store channels offer: None (never runs), Hourly, Daily.",
            id="period-the-kind-does-not-offer",
        ),
        pytest.param("store", "store", "import_products", "1h", OPENOMS_IS_MASTER, id="openoms"),
        pytest.param("store", None, "import_products", "1d", OPENOMS_IS_MASTER, id="account"),
        pytest.param("master", "store", "import_products", "1h", NOT_THE_MASTER, id="import"),
        pytest.param("master", "master", "export_products", "1h", TO_THE_MASTER, id="export"),
    ],
)
def test_a_period_the_rules_refuse_is_422_on_period_and_changes_nothing(
    client, tenant, api_key, request, setup, channel, job_type, period, reason
):
    # given: the setup fixture, then the job of that channel (None: the account's)
    request.getfixturevalue(setup)
    target = request.getfixturevalue(channel) if channel else None
    job = job_of(tenant.account, job_type, target)
    before = jobs_state()

    # when
    response = patch_job(client, job, {"period": period, "enabled": False}, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error", "Some values are not valid.", fields(("period", reason))
    )
    assert jobs_state() == before


def test_a_job_offers_only_its_channel_kinds_periods(client, tenant, limited_store, api_key):
    # given
    job = job_of(tenant.account, "authorization_refresh", limited_store)

    # when
    response = api_get(client, f"/jobs/{job.pk}", api_key)

    # then
    assert response.json()["periods"] == ["none", "1h", "1d"]


def test_the_master_imports_and_a_non_master_may_still_be_set_to_none_or_paused(
    client, tenant, store, master, api_key
):
    # given
    on_master = job_of(tenant.account, "import_products", master)
    on_store = job_of(tenant.account, "import_products", store)

    # when
    scheduled = patch_job(client, on_master, {"period": "4h"}, api_key)
    stopped = patch_job(client, on_store, {"period": "none", "enabled": False}, api_key)

    # then
    assert (scheduled.status_code, scheduled.json()["period"]) == (200, "4h")
    assert (stopped.status_code, stopped.json()["period"], stopped.json()["enabled"]) == (
        200,
        "none",
        False,
    )


def test_a_patch_retried_with_its_idempotency_key_applies_once(client, tenant, store, api_key):
    # given
    job = job_of(tenant.account, "export_products", store)
    first = patch_job(client, job, {"period": "1h"}, api_key, **{"Idempotency-Key": "job-1"})
    after_first = jobs_state()

    # when
    retry = patch_job(client, job, {"period": "1h"}, api_key, **{"Idempotency-Key": "job-1"})

    # then
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"
    assert jobs_state() == after_first
    assert Event.objects.filter(entity_type="job", entity_id=str(job.pk)).count() == 1
