"""Background work of activity: running a queued file import, whatever its kind.

Enqueued with ``transaction.on_commit`` by ``file_import_start`` (and ``file_import_rerun``);
running it twice is harmless (a run claims the queued import first, and a second delivery finds it
already taken).
"""

from __future__ import annotations

from django_tasks import task

from openoms.activity.import_runner import file_import_run


@task()
def file_import_task(file_import_id: int) -> int:
    """Import the stored file of that FileImport with its kind's writer; returns its id."""
    return file_import_run(file_import_id).pk
