"""``openoms scheduler``: enqueues due recurring jobs.

Recurring jobs (their periods, runs and events) arrive with the Automation release; until then
there is nothing to schedule and the command says so instead of idling silently.
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Enqueue due recurring jobs (none exist before the Automation release)."

    def handle(self, *args, **options):
        self.stdout.write(
            "Nothing to schedule: recurring jobs arrive with the Automation release. Exiting."
        )
