"""A task that does nothing, for measuring the task queue itself (``bench/scheduler.py``).

Imported as ``noop_tasks`` by the benchmark (this folder is its ``sys.path[0]``) and by the
workers it starts (this folder on their ``PYTHONPATH``), so both name the task the same way.
"""

from django_tasks import task


@task()
def noop() -> None:
    """Return at once: what is left is the cost of enqueuing, claiming and finishing a task."""
