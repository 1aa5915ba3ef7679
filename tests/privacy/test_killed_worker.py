"""A real ``openoms worker`` killed with SIGKILL in the middle of a PII Redaction run
(PostgreSQL): each batch it committed is whole (orders and their events redacted together), the
rest is untouched, and once the stopped run is recovered, the next run redacts exactly the rest;
a run after that redacts nothing."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import job_run_now, run_execute, runs_recover_stale
from openoms.orders.models import OrderSource, OrderStatus, SalesOrder, SalesOrderLine
from openoms.privacy.scrub import MARKER
from openoms.tenancy.actor import Actor
from tests.inventory.stock import make_variants
from tests.privacy.conftest import retention
from tests.processes import SHARED_DATABASE, wait_for, worker_process

pytestmark = SHARED_DATABASE

ORDERS = 4000
BATCH = 10
STALE_SECONDS = 2


def name(n: int) -> str:
    return f"Killtest Customer {n:05}"


@pytest.fixture
def due_orders(tenant):
    """``ORDERS`` cancelled manual orders 30 days old, each with an event naming its customer;
    the account keeps 10 days."""
    account = tenant.account
    retention(account, 10)
    tee = make_variants(account, "TEE")["TEE"]
    old = timezone.now() - timedelta(days=30)
    orders = SalesOrder.objects.bulk_create(
        SalesOrder(
            account=account,
            order_number=f"K-{n:05}",
            order_date=old,
            status=OrderStatus.CANCELLED,
            source=OrderSource.MANUAL,
            customer_name=name(n),
            email=f"killtest{n:05}@example.net",
            ship_to={"name": name(n), "address1": f"{n} Killtest Avenue", "city": "Sigkillton"},
        )
        for n in range(ORDERS)
    )
    SalesOrderLine.objects.bulk_create(
        SalesOrderLine(order=o, line_number=1, variant=tee, sku="TEE", quantity=3) for o in orders
    )
    Event.objects.bulk_create(
        Event(
            account=account,
            message=f"Order {o.order_number} cancelled: {o.customer_name} asked",
            entity_type="sales_order",
            entity_id=str(o.pk),
        )
        for o in orders
    )
    jobs_ensure(account)
    return RecurringJob.objects.get(account=account, channel=None, job_type="pii_redaction")


def redacted_count() -> int:
    return SalesOrder.objects.filter(redacted_at__isnull=False).count()


def assert_whole_batches() -> int:
    """Every order is either redacted with its event, or untouched with its event; → redacted."""
    untouched = SalesOrder.objects.filter(redacted_at__isnull=True)
    redacted = SalesOrder.objects.filter(redacted_at__isnull=False)
    assert not untouched.filter(customer_name=MARKER).exists()
    assert redacted.exclude(customer_name=MARKER).count() == 0
    assert redacted.exclude(ship_to__city=MARKER).count() == 0
    naming = Event.objects.filter(message__contains="Killtest Customer").count()
    assert naming == untouched.count()
    assert SalesOrderLine.objects.filter(quantity=3).count() == ORDERS
    return redacted.count()


def test_a_run_killed_mid_redaction_is_completed_by_the_next_run(due_orders, tmp_path, settings):
    # given: a worker redacting batches of 10
    settings.OPENOMS_JOB_STALE_SECONDS = STALE_SECONDS
    env = {"OPENOMS_PII_REDACTION_BATCH": str(BATCH), "OPENOMS_JOB_HEARTBEAT_SECONDS": "0.5"}
    with worker_process(tmp_path, **env) as worker:
        run = job_run_now(actor=Actor.system("test"), job=due_orders)
        # when: it is killed once some batches are committed
        wait_for(lambda: redacted_count() >= BATCH, timeout=60)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    # then: part is redacted, in whole batches; the rest untouched
    first = assert_whole_batches()
    assert BATCH <= first < ORDERS
    assert first % BATCH == 0
    # when: the stopped run is recovered and the job runs again
    time.sleep(STALE_SECONDS + 0.5)
    assert runs_recover_stale() == 1
    assert JobRun.objects.get(pk=run.pk).status == RunStatus.FAILED
    again = job_run_now(actor=Actor.system("test"), job=due_orders)
    run_execute(again.pk)
    # then: it redacted exactly the rest
    again = JobRun.objects.get(pk=again.pk)
    assert again.status == RunStatus.SUCCEEDED
    assert again.counts["redacted"] == ORDERS - first
    assert assert_whole_batches() == ORDERS
    # and a run after that redacts nothing
    third = job_run_now(actor=Actor.system("test"), job=due_orders)
    run_execute(third.pk)
    assert JobRun.objects.get(pk=third.pk).counts["redacted"] == 0
