"""The product sync tasks (scheduled by the automation issue): counts, refusals as events."""

from openoms.catalog.models import ProductVariant
from openoms.sync.tasks import product_export_task, product_import_task
from tests.sync.conftest import event_lines, make_channel


def test_the_import_task_imports_from_the_master(tenant, master):
    # when
    outcome = product_import_task.call(master.pk)
    # then
    assert outcome == {
        "created": 25,
        "updated": 0,
        "unchanged": 0,
        "skipped": 2,
        "refused_reason": None,
    }
    assert event_lines(tenant.account)[-1] == (
        "info",
        "Import Products from Demo Store: 25 created, 0 updated, 0 unchanged, 2 skipped.",
    )


def test_a_refused_import_task_leaves_an_error_event(tenant, master):
    # given
    other = make_channel(tenant.account, "Other Store")
    # when
    outcome = product_import_task.call(other.pk)
    # then
    reason = "Only the Master Product Channel (Demo Store) imports products (Account → Workflow Settings)."
    assert outcome == {"refused_reason": reason}
    assert not ProductVariant.objects.exists()
    assert event_lines(tenant.account)[-1] == (
        "error",
        f"Import Products on Other Store did not run: {reason}",
    )


def test_the_export_task_and_a_missing_channel(tenant, store):
    # when
    sent = product_export_task.call(store.pk)
    gone = product_import_task.call(store.pk + 1000)
    # then
    assert sent == {"sent": 0}
    assert gone == {"refused_reason": "The channel no longer exists."}
    assert event_lines(tenant.account) == [("info", "Export Products to Demo Store: 0 SKUs sent.")]
