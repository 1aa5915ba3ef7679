"""Imports whose worker died: a running import whose heartbeat went silent is failed by
``file_imports_recover_stale`` with an Error event saying how far it got; its late batches can no
longer commit; "Run again" imports the same file as a new import."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.activity.import_runner import file_import_run
from openoms.activity.imports import file_import_rerun, file_imports_recover_stale
from openoms.activity.models import Event, EventLevel, FileImport, ImportStatus
from openoms.activity.services import ImportStopped, file_import_progress, file_import_started
from openoms.core.errors import Conflict, NotFound
from openoms.inventory.imports import inventory_import_start
from openoms.inventory.models import InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.file_imports import upload
from tests.inventory.stock import levels_by_key

FILE = "Warehouse,SKU,Quantity\nA,SKU-1,5\nA,SKU-2,6\nB,SKU-1,7\n"


@pytest.fixture
def running(stock, uploads) -> FileImport:
    """An inventory levels import claimed by a worker that applied 2 of its 3 rows, then died
    (its last heartbeat 11 minutes ago)."""
    file_import = inventory_import_start(
        actor=stock.actor, account=stock.account, upload=upload(FILE, "IL_Inventory_Levels.csv")
    )
    file_import_started(file_import.pk)
    silent_since = timezone.now() - timedelta(minutes=11)
    FileImport.objects.filter(pk=file_import.pk).update(
        heartbeat_at=silent_since, rows_processed=2, created_count=1, updated_count=1
    )
    file_import.refresh_from_db()
    return file_import


def test_a_silent_running_import_is_failed_once_with_an_event_saying_how_far_it_got(running):
    # when
    recovered = file_imports_recover_stale()
    again = file_imports_recover_stale()
    # then
    running.refresh_from_db()
    assert (recovered, again) == (1, 0)
    assert running.status == ImportStatus.FAILED
    assert running.finished_at is not None
    assert running.error == (
        "The worker running this import stopped responding (last sign of life "
        f"{running.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC). 2 rows were processed before it "
        "stopped (2 applied, 0 rejected); they stay applied. Run the file again to finish it: "
        "rows already applied are reported unchanged."
    )
    events = Event.objects.filter(entity_type="import", entity_id=str(running.pk))
    assert [(e.level, e.entity_label, e.actor_label, e.message) for e in events] == [
        (
            EventLevel.ERROR,
            "IL_Inventory_Levels.csv",
            "Scheduler",
            "Import of IL_Inventory_Levels.csv stopped: its worker stopped responding. 2 rows "
            "were processed before it stopped (2 applied, 0 rejected). Run the file again to "
            "finish it.",
        )
    ]


def test_an_import_with_a_recent_heartbeat_is_left_running(running, settings):
    # given: the timeout is longer than the silence
    settings.OPENOMS_IMPORT_STALE_SECONDS = 3600
    # when
    recovered = file_imports_recover_stale()
    # then
    running.refresh_from_db()
    assert (recovered, running.status) == (0, ImportStatus.RUNNING)
    assert not Event.objects.exists()


def test_the_timeout_is_a_setting(running, settings):
    # given
    settings.OPENOMS_IMPORT_STALE_SECONDS = 60
    # when: 30 s after the last beat, then 61 s after it
    early = file_imports_recover_stale(now=running.heartbeat_at + timedelta(seconds=30))
    late = file_imports_recover_stale(now=running.heartbeat_at + timedelta(seconds=61))
    # then
    assert (early, late) == (0, 1)


def test_a_batch_that_ends_after_the_recovery_cannot_commit(running):
    # given
    file_imports_recover_stale()
    # when / then: the worker that was thought dead reports a batch
    with pytest.raises(ImportStopped):
        file_import_progress(running, processed_bytes=10, rows=1, created=1)
    running.refresh_from_db()
    assert (running.status, running.rows_processed) == (ImportStatus.FAILED, 2)


def test_run_again_imports_the_file_anew_and_gives_exactly_its_levels(running, stock):
    # given: the dead worker's run is recovered
    file_imports_recover_stale()
    # when
    again = file_import_rerun(actor=stock.actor, account=stock.account, pk=running.pk)
    done = file_import_run(again.pk)
    # then
    assert again.pk != running.pk
    assert (done.kind, done.file_name, done.status, done.rows_processed) == (
        "inventory_levels",
        "IL_Inventory_Levels.csv",
        ImportStatus.SUCCEEDED,
        3,
    )
    assert levels_by_key(stock.account) == {("A", "SKU-1"): 5, ("A", "SKU-2"): 6, ("B", "SKU-1"): 7}
    assert ledger_mismatches(account=stock.account) == []
    # and running it once more changes nothing (absolute totals)
    movements = InventoryMovement.objects.count()
    third = file_import_run(
        file_import_rerun(actor=stock.actor, account=stock.account, pk=done.pk).pk
    )
    assert (third.status, third.unchanged_count, third.created_count) == ("succeeded", 3, 0)
    assert InventoryMovement.objects.count() == movements


def test_run_again_is_refused_while_running_for_others_and_without_the_file(
    running, stock, other_tenant
):
    # when / then: still running
    with pytest.raises(Conflict, match="has not finished yet"):
        file_import_rerun(actor=stock.actor, account=stock.account, pk=running.pk)
    file_imports_recover_stale()
    # another organization's user does not see the account
    outsider = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    with pytest.raises(NotFound):
        file_import_rerun(actor=outsider, account=stock.account, pk=running.pk)
    # another account's import is not found
    with pytest.raises(NotFound):
        file_import_rerun(actor=stock.actor, account=stock.tenant.second_account, pk=running.pk)
    # the file is no longer kept
    running.refresh_from_db()
    FileImport.objects.filter(pk=running.pk).update(stored_path="/nonexistent/x.csv")
    with pytest.raises(Conflict, match="no longer kept"):
        file_import_rerun(actor=stock.actor, account=stock.account, pk=running.pk)
    assert FileImport.objects.count() == 1
