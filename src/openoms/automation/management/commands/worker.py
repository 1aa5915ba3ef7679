"""``openoms worker``: runs background tasks from the task queue (django-tasks database backend),
beside ``scheduler``, which enqueues the due recurring jobs.

Every option of ``db_worker`` applies, e.g. ``--batch`` to drain the queue and exit. For scale-out
on Redis, see docs/operations.md.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run a background worker that executes queued OpenOMS tasks."
