"""The one adapter over the task backend, pinned to the installed django-tasks-db: the batch
INSERT writes exactly the row the backend's own ``enqueue`` writes."""

from importlib.metadata import version

from django_tasks_db.models import DBTaskResult

from openoms.automation.services.runs import JOB_RUN_TASK
from openoms.core import task_queue

FIELDS = ("args_kwargs", "priority", "task_path", "queue_name", "run_after", "backend_name")


def test_the_adapter_is_pinned_to_the_installed_backend():
    assert version("django-tasks-db").startswith(f"{task_queue.PINNED_VERSION}.")


def test_a_batch_writes_the_rows_the_backend_writes_one_by_one(db):
    # given the backend's own row for run 41
    task_queue.enqueue(JOB_RUN_TASK, 41)
    own = DBTaskResult.objects.values(*FIELDS).get()
    # when the batch writes runs 41 and 42
    task_queue.enqueue_many(JOB_RUN_TASK, [(41,), (42,)])
    # then
    rows = list(DBTaskResult.objects.values(*FIELDS))
    forty_two = own | {"args_kwargs": {"args": [42], "kwargs": {}}}
    assert sorted(rows, key=str) == sorted([own, own, forty_two], key=str)
    assert len(set(DBTaskResult.objects.values_list("id", flat=True))) == 3
