"""Demo recurring jobs: periods on the beta channels and on the account (for its stable store),
Authorization Refresh = None on the disabled legacy store, and a first run of each scheduled job
so the Recurring Jobs tab, the runs and the Events page have something to show at once.

Only an account whose job rows did not exist yet is set up (seed-demo stays idempotent).
"""

from __future__ import annotations

from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.jobs import job_update
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

# account code -> [(channel name or None for the account, job type, period)]
PERIODS = {
    "NORTHWIND-APPAREL": [
        ("Northwind Online Store", "authorization_refresh", "12h"),
        ("Northwind Online Store", "export_products", "1h"),
        ("Northwind Online Store", "export_inventory", "15m"),
        ("Northwind 3PL (sandbox)", "import_inventory", "30m"),
        ("Legacy Wholesale Portal", "authorization_refresh", "none"),
    ],
    "NORTHWIND-HOME": [
        (None, "export_products", "4h"),
        (None, "export_inventory", "1h"),
        ("West Coast 3PL (sandbox)", "import_inventory", "1h"),
    ],
}
FIRST_RUNS = {"authorization_refresh", "import_inventory", "export_products", "export_inventory"}


def seed_jobs(actor: Actor, accounts: list[Account]) -> None:
    for account in accounts:
        if JobRun.objects.filter(account=account, job_type__in=FIRST_RUNS).exists():
            continue  # seeded before (its first runs exist): seed-demo is idempotent
        for channel_name, job_type, period in PERIODS.get(account.code, []):
            job = (
                RecurringJob.objects.select_related("account", "channel").get(
                    account=account, channel__name=channel_name, job_type=job_type
                )
                if channel_name
                else RecurringJob.objects.select_related("account").get(
                    account=account, channel=None, job_type=job_type
                )
            )
            job = job_update(actor=actor, job=job, period=period)
            if job.will_run and job_type in FIRST_RUNS:
                run_execute(job_run_now(actor=actor, job=job).pk)
