"""``openoms scheduler``: enqueues due recurring jobs, every ``--interval`` seconds, until stopped.

Run one or several (e.g. one per host): each due job is enqueued exactly once. Each pass also
recovers runs whose worker died, and every minute it creates the job rows of accounts and
channels created or changed since (all of them at start); every hour it deletes uploaded files past
their retention (``activity.retention``) and expired sign-in failures. A lost database connection
is logged and retried, never the end of the scheduler.
"""

from __future__ import annotations

import logging
import signal
import time
from datetime import datetime

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections
from django.db.models import Q
from django.utils import timezone

from openoms.activity.imports import file_imports_recover_stale
from openoms.activity.retention import uploads_purge
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.scheduler import scheduler_tick
from openoms.tenancy.models import Account
from openoms.tenancy.services.login import login_failures_prune

ENSURE_EVERY_SECONDS = 60
PURGE_EVERY_SECONDS = 3600  # old uploaded files, expired sign-in failures
RETRY_SECONDS = 5
log = logging.getLogger(__name__)


def _ensure_jobs(changed_since: datetime | None) -> datetime:
    """Create the job rows of accounts (or their channels) changed since the last pass (all of
    them at start); → the time this pass started, for the next one."""
    started = timezone.now()
    accounts = Account.objects.all()
    if changed_since is not None:
        recent = Q(updated_at__gte=changed_since) | Q(channels__updated_at__gte=changed_since)
        accounts = accounts.filter(recent).distinct()
    for account in accounts:
        jobs_ensure(account)
    return started


class Command(BaseCommand):
    help = "Enqueue due recurring jobs (and recover runs whose worker died) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.5, help="Seconds between passes (default 0.5)."
        )
        parser.add_argument(
            "--once", action="store_true", help="Do one pass, print what it did, and exit."
        )

    def handle(self, *args, interval: float, once: bool, **options):
        self._running = True
        signal.signal(signal.SIGTERM, self._stop)
        ensured_at, changed_since = -ENSURE_EVERY_SECONDS, None
        purged_at = -PURGE_EVERY_SECONDS
        while self._running:
            try:
                if time.monotonic() - ensured_at >= ENSURE_EVERY_SECONDS:
                    changed_since = _ensure_jobs(changed_since)
                    ensured_at = time.monotonic()
                if time.monotonic() - purged_at >= PURGE_EVERY_SECONDS:
                    uploads_purge()
                    login_failures_prune()
                    purged_at = time.monotonic()
                self._report(scheduler_tick(), once)
                file_imports_recover_stale()  # imports whose worker died: failed, with an Event
            except (OperationalError, InterfaceError) as exc:
                if once:
                    raise
                log.warning("Scheduler pass failed (%s); retrying in %s s", exc, RETRY_SECONDS)
                close_old_connections()
                time.sleep(RETRY_SECONDS)
                continue
            if once:
                return
            time.sleep(interval)

    def _report(self, result, once: bool) -> None:
        if once or result.enqueued or result.recovered:
            self.stdout.write(
                f"Enqueued {result.enqueued} due job(s); recovered {result.recovered} "
                "stopped run(s)."
            )
            self.stdout.flush()

    def _stop(self, *_):
        self._running = False
