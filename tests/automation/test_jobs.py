"""Recurring jobs as data: which rows exist, and the rules of changing a period or pausing."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from openoms.activity.models import Event
from openoms.automation.models import RecurringJob
from openoms.automation.services.jobs import job_update, jobs_ensure
from openoms.channels import kinds
from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.automation.conftest import job_of, set_period
from tests.sync.conftest import make_channel, make_master

ACCOUNT_TYPES = [
    "authorization_refresh",
    "import_products",
    "export_products",
    "import_orders",
    "export_order_updates",
    "import_inventory",
    "export_inventory",
    "push_inventory_updates",
    "send_shipments",
    "import_shipments",
    "send_purchase_orders",
    "import_receipts",
    "pii_redaction",
]
STORE_TYPES = [
    "authorization_refresh",
    "import_products",
    "export_products",
    "import_orders",
    "export_order_updates",
    "export_inventory",
    "push_inventory_updates",
]


def rows(account) -> list[tuple]:
    return list(
        RecurringJob.objects.filter(account=account)
        .order_by(F("channel_id").asc(nulls_first=True), "id")
        .values_list("channel__name", "job_type", "period")
    )


def test_an_account_and_its_beta_channels_get_their_jobs_once(tenant):
    # given a beta store, a beta 3PL and a stable store
    make_channel(tenant.account, "Store")
    make_channel(tenant.account, "3PL", kind="sandbox_fulfillment")
    stable = make_channel(tenant.account, "Old Store")
    stable.is_beta = False
    stable.save()
    # when
    created = jobs_ensure(tenant.account)
    again = jobs_ensure(tenant.account)
    # then: the account's 13 jobs, the store's 7, the 3PL's 6, none for the stable store
    defaults = {"authorization_refresh": "12h", "pii_redaction": "1d"}
    account = [(None, code, defaults.get(code, "none")) for code in ACCOUNT_TYPES]
    store = [
        ("Store", code, "12h" if code == "authorization_refresh" else "none")
        for code in STORE_TYPES
    ]
    tpl = [
        ("3PL", "authorization_refresh", "12h"),
        ("3PL", "import_inventory", "none"),
        ("3PL", "send_shipments", "none"),
        ("3PL", "import_shipments", "none"),
        ("3PL", "send_purchase_orders", "none"),
        ("3PL", "import_receipts", "none"),
    ]
    assert rows(tenant.account) == account + store + tpl
    assert (created, again) == (26, 0)


def test_a_new_job_that_runs_is_due_at_once_and_one_that_never_runs_has_no_time(tenant, store):
    auth = job_of(tenant.account, "authorization_refresh", store)
    export = job_of(tenant.account, "export_products", store)
    assert auth.next_run_at is not None and auth.next_run_at <= timezone.now()
    assert export.next_run_at is None and not export.will_run


def test_setting_a_period_schedules_the_job_and_logs_who_changed_what(tenant, store):
    # when
    job = set_period(job_of(tenant.account, "export_products", store), "1h")
    # then
    assert (job.period, job.enabled) == ("1h", True)
    assert timezone.now() - job.next_run_at < timedelta(seconds=5)
    event = Event.objects.get(entity_type="job", entity_id=str(job.pk))
    assert event.message == "Export Products of Beta Store: None (never runs) → Hourly."
    assert (event.channel_id, event.actor_label) == (store.pk, "test")


def test_none_clears_the_next_run(tenant, store):
    job = set_period(job_of(tenant.account, "export_products", store), "15m")
    # when
    job = set_period(job, "none")
    # then
    assert (job.period, job.next_run_at) == ("none", None)


def test_a_period_the_channel_kind_does_not_offer_is_refused_and_nothing_changes(
    tenant, store, monkeypatch
):
    # given a sandbox store kind that offers only hourly and daily
    spec = kinds.KINDS["sandbox_sales"]
    monkeypatch.setitem(kinds.KINDS, "sandbox_sales", replace(spec, periods=("none", "1h", "1d")))
    job = job_of(tenant.account, "export_products", store)
    # when
    with pytest.raises(ValidationFailed) as refused:
        set_period(job, "5m")
    # then
    assert refused.value.errors == {
        "period": "Sandbox store channels offer: None (never runs), Hourly, Daily."
    }
    assert job_of(tenant.account, "export_products", store).period == "none"


def test_an_unknown_period_is_refused(tenant, store):
    with pytest.raises(ValidationFailed) as refused:
        set_period(job_of(tenant.account, "export_products", store), "2m")
    assert refused.value.errors == {"period": "Choose one of: none, 5m, 15m, 30m, 1h, 4h, 12h, 1d."}


def test_import_products_is_refused_on_a_channel_that_is_not_the_master(tenant, store):
    # when OpenOMS is the Master Product Source
    with pytest.raises(ValidationFailed) as refused:
        set_period(job_of(tenant.account, "import_products", store), "1h")
    # then
    assert "OpenOMS is this account's Master Product Source" in refused.value.errors["period"]
    assert job_of(tenant.account, "import_products", store).period == "none"
    assert not Event.objects.filter(entity_type="job").exists()


def test_import_products_may_run_on_the_master_but_export_may_not(tenant, store):
    # given
    make_master(store)
    # when
    imported = set_period(job_of(tenant.account, "import_products", store), "1h")
    with pytest.raises(ValidationFailed) as refused:
        set_period(job_of(tenant.account, "export_products", store), "1h")
    # then
    assert imported.period == "1h"
    assert refused.value.errors["period"] == (
        "Beta Store is the Master Product Channel: products are imported from it, never "
        "exported to it."
    )
    assert job_of(tenant.account, "export_products", store).period == "none"


def test_the_account_import_products_job_needs_a_stable_master_channel(tenant, store):
    # given the master is the beta store
    make_master(store)
    job = job_of(tenant.account, "import_products")
    # when
    with pytest.raises(ValidationFailed) as refused:
        set_period(job, "1h")
    # then
    assert refused.value.errors["period"] == (
        "The Master Product Channel Beta Store is a beta channel: set its Import Products period "
        "in its own Other System Settings."
    )


def test_pausing_keeps_the_period_and_resuming_catches_up_once(tenant, store):
    # given an hourly job that was due three hours ago and paused since
    job = set_period(job_of(tenant.account, "export_products", store), "1h", enabled=False)
    RecurringJob.objects.filter(pk=job.pk).update(next_run_at=timezone.now() - timedelta(hours=3))
    # when
    resumed = set_period(job_of(tenant.account, "export_products", store), "1h", enabled=True)
    # then: due now (once), not three times
    assert (resumed.period, resumed.enabled) == ("1h", True)
    assert timezone.now() - resumed.next_run_at < timedelta(seconds=5)


def test_an_account_user_may_not_change_a_job_and_another_tenant_may_not_see_it(
    tenant, other_tenant, store
):
    job = job_of(tenant.account, "export_products", store)
    with pytest.raises(PermissionDenied):
        job_update(actor=Actor.for_user(tenant.user(Role.ACCOUNT_USER)), job=job, period="1h")
    with pytest.raises(NotFound):
        job_update(
            actor=Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER)), job=job, period="1h"
        )
    assert job_of(tenant.account, "export_products", store).period == "none"
