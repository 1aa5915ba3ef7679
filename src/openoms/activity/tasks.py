"""Background work of activity: running a queued file import, whatever its kind.

Enqueued by name through ``core.task_queue`` by ``file_import_start`` (and ``file_import_rerun``);
running it twice is harmless (a run claims the queued import first, and a second delivery finds it
already taken).
"""

from __future__ import annotations

from django_tasks import task

from openoms.activity.import_runner import file_import_run
from openoms.activity.imports import FILE_IMPORT_TASK
from openoms.core import task_queue


@task()
def file_import_task(file_import_id: int) -> int:
    """Import the stored file of that FileImport with its kind's writer; returns its id."""
    return file_import_run(file_import_id).pk


def register_tasks() -> None:
    task_queue.register(FILE_IMPORT_TASK, file_import_task)
