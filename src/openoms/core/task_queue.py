"""The one adapter between OpenOMS and its task backend (Django's Tasks API).

Services enqueue by a task's registered name (``register`` from the owning app's ``ready()``,
so a service never imports its own task module: no service↔task import cycle), through
``enqueue`` and ``enqueue_many`` only. On the database backend
(django-tasks-db, the default) a task row is written in the caller's transaction, so a run and
its task exist together or not at all; other backends (Redis/RQ) are enqueued after commit.
``enqueue_many`` writes many task rows in one INSERT, exactly as the backend's own ``enqueue``
writes one (``DatabaseBackend._task_to_db_task`` of django-tasks-db 0.13, which pyproject pins;
``tests/automation/test_task_queue.py`` compares the two rows field by field, so an upgrade that
changes them fails there first).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult, get_date_max

PINNED_VERSION = "0.13"

_TASKS: dict[str, Task] = {}


def register(name: str, task: Task) -> None:
    """Make ``task`` enqueueable as ``name`` (once, from the owning app's ``ready()``)."""
    _TASKS[name] = task


def enqueue(name: str, *args, run_after: datetime | None = None) -> None:
    """Enqueue task ``name`` with ``args``, no earlier than ``run_after`` when the backend can
    defer."""
    task = _TASKS[name]
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    if is_database_backend(task):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))


def enqueue_many(name: str, calls: Sequence[tuple]) -> None:
    """Enqueue task ``name`` once for each ``args`` of ``calls`` (the scheduler's batch)."""
    task = _TASKS[name]
    if not is_database_backend(task):
        for args in calls:
            enqueue(name, *args)
        return
    backend = task.get_backend()
    DBTaskResult.objects.bulk_create(
        [
            DBTaskResult(
                id=backend._get_id(),
                args_kwargs={"args": list(args), "kwargs": {}},
                priority=task.priority,
                task_path=task.module_path,
                queue_name=task.queue_name,
                run_after=get_date_max(),  # "no delay", as the backend's pre_save sets it
                backend_name=backend.alias,
            )
            for args in calls
        ]
    )


def is_database_backend(task: Task) -> bool:
    return type(task.get_backend()).__module__.startswith("django_tasks_db")
