"""The two shipment job types: every fulfillment channel (ShipBob, the sandbox 3PL) gets them,
a store does not; Send Shipments needs no period and resumes at once after its worker died;
the channel's Sync menu offers both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.automation.job_types import JOB_TYPES, JobType
from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import runs_recover_stale
from openoms.sync.pipeline import sync_choices
from openoms.sync.services.work_queue import channel_job as shipment_job
from openoms.sync.services.work_queue import work_run_queue
from tests.sync.conftest import make_channel
from tests.sync.runs import SYSTEM

pytestmark = pytest.mark.django_db
SHIPMENT_JOBS = {"send_shipments", "import_shipments"}


def job_types_of(channel) -> set[str]:
    return set(RecurringJob.objects.filter(channel=channel).values_list("job_type", flat=True))


def test_fulfillment_channels_get_the_shipment_jobs_and_stores_do_not(tenant):
    # given
    shipbob = make_channel(tenant.account, "ShipBob", kind="shipbob")
    three_pl = make_channel(tenant.account, "3PL", kind="sandbox_fulfillment")
    store = make_channel(tenant.account, "Store")
    # when
    jobs_ensure(tenant.account)
    # then
    assert job_types_of(shipbob) >= SHIPMENT_JOBS
    assert job_types_of(three_pl) >= SHIPMENT_JOBS
    assert not SHIPMENT_JOBS & job_types_of(store)
    account_jobs = RecurringJob.objects.filter(account=tenant.account, channel__isnull=True)
    assert set(account_jobs.values_list("job_type", flat=True)) >= SHIPMENT_JOBS
    assert set(
        RecurringJob.objects.filter(job_type__in=SHIPMENT_JOBS).values_list("period", flat=True)
    ) == {"none"}
    assert [c.label for c in sync_choices(SYSTEM, three_pl) if c.job_type in SHIPMENT_JOBS] == [
        "Send Shipments",
        "Import Shipments",
    ]


def test_the_job_type_specs():
    send, imports = JOB_TYPES[JobType.SEND_SHIPMENTS], JOB_TYPES[JobType.IMPORT_SHIPMENTS]
    assert (send.label, send.capability, send.resumes_after_stop) == (
        "Send Shipments",
        "export_orders",
        True,
    )
    assert (imports.label, imports.capability, imports.resumes_after_stop) == (
        "Import Shipments",
        "import_shipments",
        False,
    )


def test_a_send_run_whose_worker_died_is_followed_by_a_new_one(tenant):
    # given a Send Shipments run that stopped beating
    channel = make_channel(tenant.account, "3PL", kind="sandbox_fulfillment")
    job = shipment_job(channel, JobType.SEND_SHIPMENTS)
    run = work_run_queue(job, channel, "Shipments")
    stale = timezone.now() - timedelta(hours=1)
    JobRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=stale)
    # when
    recovered = runs_recover_stale()
    # then
    job.refresh_from_db()
    assert recovered == 1
    assert JobRun.objects.get(pk=run.pk).status == RunStatus.FAILED
    assert job.active_run_id not in (None, run.pk)
    assert job.active_run.status == RunStatus.QUEUED
