"""Background work of automation: executing one job run (enqueued by the scheduler or Run now).

Delivering the task twice is harmless: the run is claimed (queued → running) by one execution.
"""

from __future__ import annotations

from django_tasks import task

from openoms.automation.services.runs import run_execute


@task()
def job_run_task(run_id: int) -> str:
    """Execute job run ``run_id``; returns how it ended ("" when it was no longer queued)."""
    return run_execute(run_id)
