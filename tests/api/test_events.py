"""GET /api/v2/events: the account's Events log, newest first, with the Events page's filters.

``since``/``until`` are ISO 8601; without an offset they are the account's local times. Bad
input is a 422 naming the parameter, never a 500.
"""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from tests.api.helpers import api_get, error
from tests.sync.conftest import make_channel


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def add_event(account, created_at: str, **fields) -> Event:
    event = Event.objects.create(account=account, **fields)
    Event.objects.filter(pk=event.pk).update(created_at=at(created_at))
    return event


def add_run(job: RecurringJob) -> JobRun:
    return JobRun.objects.create(
        job=job,
        account=job.account,
        job_type=job.job_type,
        trigger="schedule",
        enqueued_at=timezone.now(),
    )


@pytest.fixture
def log(tenant, other_tenant):
    """Our account (in Toronto, UTC-5 in January) has four events, one per level; the other
    organization has one. ``log["run"]`` wrote the warning, ``log["failed_run"]`` the error."""
    account = tenant.account
    account.timezone = "America/Toronto"
    account.save(update_fields=["timezone"])
    store = make_channel(account, "Beta Store")
    master = make_channel(account, "Sandbox Master")
    jobs_ensure(account)
    job = RecurringJob.objects.get(channel=store, job_type="export_products")
    run, failed_run = add_run(job), add_run(job)
    common = {"account": account, "actor_label": "Scheduler"}
    rows = {
        "info": add_event(
            created_at="2026-01-10T14:00:00",
            level="info",
            message="Export Products of Beta Store: None (never runs) → Hourly.",
            entity_type="job",
            entity_id=str(job.pk),
            entity_label="Export Products",
            channel_id=store.pk,
            **common,
        ),
        "warning": add_event(
            created_at="2026-01-10T15:00:00",
            level="warning",
            message="SKU TEE-RED-M was skipped: listed twice.",
            entity_type="sku",
            entity_id="TEE-RED-M",
            entity_label="TEE-RED-M",
            channel_id=store.pk,
            run_id=run.pk,
            **common,
        ),
        "error": add_event(
            created_at="2026-01-11T04:30:00",
            level="error",
            message="Import Products of Sandbox Master STOPPED: the channel is unreachable.",
            entity_type="channel",
            entity_id=str(master.pk),
            entity_label="Sandbox Master",
            channel_id=master.pk,
            run_id=failed_run.pk,
            **common,
        ),
        "fatal": add_event(
            created_at="2026-01-11T06:00:00",
            level="fatal",
            message="PII Redaction failed unexpectedly; retrying in 30 s.",
            entity_type="job",
            entity_id="77",
            entity_label="PII Redaction",
            **common,
        ),
    }
    add_event(
        other_tenant.account, "2026-01-10T16:00:00", level="error", message="Globex's own error."
    )
    return {**rows, "store": store, "master": master, "run": run, "failed_run": failed_run}


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def test_an_event_has_exactly_its_fields(client, log, api_key):
    # when
    response = api_get(client, f"/events?run_id={log['run'].pk}", api_key)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": log["warning"].pk,
                "created_at": "2026-01-10T15:00:00Z",
                "level": "warning",
                "message": "SKU TEE-RED-M was skipped: listed twice.",
                "channel_id": log["store"].pk,
                "entity_type": "sku",
                "entity_id": "TEE-RED-M",
                "entity_label": "TEE-RED-M",
                "actor_label": "Scheduler",
                "run_id": log["run"].pk,
            }
        ],
        "count": 1,
        "page": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
    }


def test_the_log_is_newest_first_page_by_page_and_only_the_accounts(client, log, api_key):
    # when
    first = api_get(client, "/events?page_size=3", api_key)
    second = api_get(client, "/events?page_size=3&page=2", api_key)

    # then
    assert ids(first) == [log["fatal"].pk, log["error"].pk, log["warning"].pk]
    assert ids(second) == [log["info"].pk]
    assert (first.json()["count"], second.json()["next"]) == (4, None)
    assert first.json()["next"] == "http://testserver/api/v2/events?page_size=3&page=2"
    assert second.json()["previous"] == "http://testserver/api/v2/events?page_size=3&page=1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=warning", ["warning"]),
        ("channel_id={store}", ["warning", "info"]),
        ("level=error&channel_id={master}", ["error"]),
        ("entity_type=sku", ["warning"]),
        ("entity=TEE-RED-M", ["warning"]),
        ("entity=Export%20Products", ["info"]),
        ("entity_type=job&entity=77", ["fatal"]),
        ("run_id={failed_run}", ["error"]),
        ("search=stopped", ["error"]),
        ("since=2026-01-10T14:30:00Z", ["fatal", "error", "warning"]),
        ("until=2026-01-10T15:00:00Z", ["info"]),
        ("since=2026-01-10T10:00:00-05:00", ["fatal", "error", "warning"]),
        ("since=2026-01-10T23:59:00%2B00:00", ["fatal", "error"]),
        # without an offset: Toronto's local time (04:30Z is 23:30 on the 10th there)
        ("since=2026-01-11", ["fatal"]),
        ("since=2026-01-10T23:00:00", ["fatal", "error"]),
        ("since=2026-01-10T00:00&until=2026-01-10T12:00", ["warning", "info"]),
        ("since=2026-01-10T00:00&until=2026-01-10T10:00", ["info"]),  # until: exclusive
        ("since=2026-01-10T10:00:00&until=2026-01-10T10:00:00", []),
    ],
)
def test_the_filters_narrow_the_log(client, log, api_key, query, expected):
    # given
    address = "/events?" + query.format(
        store=log["store"].pk, master=log["master"].pk, failed_run=log["failed_run"].pk
    )

    # when
    response = api_get(client, address, api_key)

    # then
    assert response.status_code == 200
    assert ids(response) == [log[name].pk for name in expected]


ISO_MESSAGE = "Enter an ISO 8601 date and time, e.g. 2026-11-23T09:30:00Z."


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        (
            "level=debug",
            [
                {
                    "field": "level",
                    "message": "Input should be 'info', 'warning', 'error' or 'fatal'",
                }
            ],
        ),
        ("since=yesterday", [{"field": "since", "message": ISO_MESSAGE}]),
        ("since=2026-13-01", [{"field": "since", "message": ISO_MESSAGE}]),
        ("until=1700000000", [{"field": "until", "message": ISO_MESSAGE}]),
        # an unencoded + is a space in a query string
        ("since=2026-01-10T10:00:00+05:00", [{"field": "since", "message": ISO_MESSAGE}]),
        (
            "since=2026-01-11&until=2026-01-10",
            [{"field": "until", "message": "The end of the period is before its start."}],
        ),
        ("until=9999-12-31T23:30:00", [{"field": "until", "message": "The date is out of range."}]),
        (
            "since=0001-01-01T00:00:00%2B05:00",
            [{"field": "since", "message": "The date is out of range."}],
        ),
        (
            "run_id=abc&channel_id=0",
            [
                {
                    "field": "channel_id",
                    "message": "Input should be greater than or equal to 1",
                },
                {
                    "field": "run_id",
                    "message": "Input should be a valid integer, unable to parse string as an "
                    "integer",
                },
            ],
        ),
        (
            "entity_type=" + "x" * 41,
            [{"field": "entity_type", "message": "String should have at most 40 characters"}],
        ),
    ],
)
def test_bad_input_is_422_naming_the_parameter(client, log, api_key, query, fields):
    # when
    response = api_get(client, f"/events?{query}", api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error("validation_error", "Some values are not valid.", fields)
