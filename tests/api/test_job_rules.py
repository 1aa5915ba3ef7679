"""PATCH /api/v2/jobs/{id} follows the rules of the web UI (``job_update``): a period the channel
kind does not offer, or a product job against the Master Product Source (seed 000), is a 422 on
``period`` with the reason, and nothing changes; a retried PATCH applies once."""

from dataclasses import replace

import pytest

from openoms.activity.models import Event
from openoms.channels import kinds
from tests.api.helpers import api_get, error
from tests.api.job_data import beta_store, fields, job_of, jobs_state, patch_job
from tests.sync.conftest import make_channel, make_master

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
    return beta_store(tenant)


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
