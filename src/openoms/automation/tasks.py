"""Background work of automation: executing one job run (enqueued by the scheduler, Run now or
a manual sync). Services enqueue it by name through ``core.task_queue``.

Delivering the task twice is harmless: the run is claimed (queued → running) by one execution.
"""

from __future__ import annotations

from django_tasks import task

from openoms.automation.services.runs import JOB_RUN_TASK, run_execute
from openoms.core import task_queue


@task()
def job_run_task(run_id: int) -> str:
    """Execute job run ``run_id``; returns how it ended ("" when it was no longer queued)."""
    return run_execute(run_id)


def register_tasks() -> None:
    task_queue.register(JOB_RUN_TASK, job_run_task)
