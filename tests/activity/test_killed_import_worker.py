"""A real ``openoms worker`` killed with SIGKILL in the middle of a 200,000-row inventory levels
import (PostgreSQL): the import keeps exactly the batches it committed, is failed with its applied
count once its heartbeat is older than the (short) timeout, and running the file again in a
restarted worker gives exactly the file's levels, with a ledger that adds up.
"""

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.activity.imports import file_import_rerun, file_imports_recover_stale
from openoms.activity.models import Event, EventLevel, FileImport, ImportStatus
from openoms.catalog.models import Product, ProductVariant
from openoms.inventory.imports import inventory_import_start
from openoms.inventory.models import InventoryLevel
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_warehouse
from tests.processes import SHARED_DATABASE, wait_for, worker_process

pytestmark = SHARED_DATABASE

WAREHOUSES = 20
SKUS = 10_000  # 20 x 10,000 = 200,000 rows
STALE_SECONDS = 5  # longer than a batch of 10,000 rows takes on a busy CI machine


def quantity(w: int, n: int) -> int:
    return (n * 7 + w) % 50 + 1


@pytest.fixture
def levels_file(tenant, tmp_path):
    """The account's 20 warehouses and 10,000 SKUs, and a file setting all 200,000 levels;
    returns (path, the file's levels as {(warehouse id, variant id): total})."""
    account = tenant.account
    warehouses = [make_warehouse(tenant.organization, f"W{w:02}") for w in range(WAREHOUSES)]
    enable(account, *warehouses)
    product = Product.objects.create(account=account, name="Many")
    ProductVariant.objects.bulk_create(
        (ProductVariant(account=account, product=product, sku=f"S{n:05}") for n in range(SKUS)),
        batch_size=5000,
    )
    variants = dict(ProductVariant.objects.filter(account=account).values_list("sku", "pk"))
    path = tmp_path / "IL_Inventory_Levels.csv"
    expected = {}
    with path.open("w") as out:
        out.write("Warehouse,SKU,Quantity\n")
        for w, warehouse in enumerate(warehouses):
            for n in range(SKUS):
                out.write(f"{warehouse.code},S{n:05},{quantity(w, n)}\n")
                expected[(warehouse.pk, variants[f"S{n:05}"])] = quantity(w, n)
    return path, expected


@pytest.fixture
def start_worker(tmp_path) -> Iterator[Callable[[str], subprocess.Popen]]:
    """``start_worker(name)``: a real worker (``tests.processes.worker_process``), killed at the
    end if still alive."""
    with ExitStack() as stack:
        yield lambda name: stack.enter_context(worker_process(tmp_path, name))


def levels(account) -> dict:
    rows = InventoryLevel.objects.filter(account=account)
    return {
        (w, v): total for w, v, total in rows.values_list("warehouse_id", "variant_id", "total")
    }


def test_a_killed_import_is_failed_with_its_count_and_running_it_again_is_exact(
    tenant, levels_file, start_worker, settings
):
    # given: the import runs in a real worker
    settings.OPENOMS_IMPORT_STALE_SECONDS = STALE_SECONDS
    path, expected = levels_file
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    first = start_worker("first")
    with path.open("rb") as upload:
        file_import = inventory_import_start(actor=actor, account=tenant.account, upload=upload)

    def some_batches_committed() -> bool:
        file_import.refresh_from_db()
        return file_import.rows_processed >= 20_000

    wait_for(some_batches_committed, timeout=60)
    # when: the worker dies in the middle of the file
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    file_import.refresh_from_db()
    applied = file_import.rows_processed
    # then: what it committed is exactly its processed rows, and it still looks running
    assert file_import.status == ImportStatus.RUNNING
    assert 20_000 <= applied < len(expected)
    assert applied % 10_000 == 0
    assert InventoryLevel.objects.filter(account=tenant.account).count() == applied
    assert file_import.created_count == applied
    assert file_imports_recover_stale() == 0
    # when: its heartbeat has been silent for longer than the timeout
    silent_until = file_import.heartbeat_at + timedelta(seconds=STALE_SECONDS + 0.2)
    time.sleep(max(0.0, (silent_until - timezone.now()).total_seconds()))
    recovered = file_imports_recover_stale()
    # then: failed once, saying how many rows were applied
    file_import.refresh_from_db()
    assert (recovered, file_import.status) == (1, ImportStatus.FAILED)
    assert f"{applied:,} rows were processed before it stopped ({applied:,} applied" in (
        file_import.error
    )
    event = Event.objects.get(entity_type="import", entity_id=str(file_import.pk))
    assert event.level == EventLevel.ERROR
    assert f"{applied:,} rows were processed" in event.message
    # when: a restarted worker runs the file again
    start_worker("second")
    again = file_import_rerun(actor=actor, account=tenant.account, pk=file_import.pk)

    def finished() -> bool:
        again.refresh_from_db()
        return again.is_finished

    wait_for(finished, timeout=90)
    # then: exactly the file's levels, and every level equals the sum of its movements
    assert (again.status, again.rows_processed, again.rejected_count) == (
        ImportStatus.SUCCEEDED,
        len(expected),
        0,
    )
    assert (again.created_count, again.unchanged_count) == (len(expected) - applied, applied)
    assert levels(tenant.account) == expected
    assert ledger_mismatches(account=tenant.account) == []
    assert FileImport.objects.get(pk=file_import.pk).status == ImportStatus.FAILED
