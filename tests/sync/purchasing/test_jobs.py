"""The two purchase order job types: every fulfillment channel (ShipBob, the sandbox 3PL) gets
them with no period, a store does not; both resume at once after their worker died; the
channel's Sync menu offers both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.automation.job_types import JOB_TYPES, JobType
from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import runs_recover_stale
from openoms.sync.pipeline import sync_choices
from openoms.sync.services.work_queue import channel_job, work_run_queue
from tests.sync.conftest import make_channel
from tests.sync.runs import SYSTEM

pytestmark = pytest.mark.django_db
PO_JOBS = {"send_purchase_orders", "import_receipts"}


def job_types_of(channel) -> set[str]:
    return set(RecurringJob.objects.filter(channel=channel).values_list("job_type", flat=True))


def test_fulfillment_channels_get_the_purchase_order_jobs_and_stores_do_not(tenant):
    # given
    shipbob = make_channel(tenant.account, "ShipBob", kind="shipbob")
    three_pl = make_channel(tenant.account, "3PL", kind="sandbox_fulfillment")
    store = make_channel(tenant.account, "Store")
    # when
    jobs_ensure(tenant.account)
    # then
    assert job_types_of(shipbob) >= PO_JOBS
    assert job_types_of(three_pl) >= PO_JOBS
    assert not PO_JOBS & job_types_of(store)
    assert set(
        RecurringJob.objects.filter(job_type__in=PO_JOBS).values_list("period", flat=True)
    ) == {"none"}
    assert [c.label for c in sync_choices(SYSTEM, three_pl) if c.job_type in PO_JOBS] == [
        "Send Purchase Orders",
        "Import Receipts",
    ]
    assert [c.refusal for c in sync_choices(SYSTEM, shipbob) if c.job_type in PO_JOBS] == ["", ""]


def test_the_job_type_specs():
    send, imports = JOB_TYPES[JobType.SEND_PURCHASE_ORDERS], JOB_TYPES[JobType.IMPORT_RECEIPTS]
    assert (send.label, send.capability, send.resumes_after_stop) == (
        "Send Purchase Orders",
        "export_purchase_orders",
        True,
    )
    assert (imports.label, imports.capability, imports.resumes_after_stop) == (
        "Import Receipts",
        "import_receipts",
        True,
    )


@pytest.mark.parametrize("job_type", sorted(PO_JOBS))
def test_a_run_whose_worker_died_is_followed_by_a_new_one(tenant, job_type):
    # given a run that stopped beating
    channel = make_channel(tenant.account, "3PL", kind="sandbox_fulfillment")
    job = channel_job(channel, job_type)
    run = work_run_queue(job, channel, "Purchase orders")
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
