"""The processes an operator runs, end to end: ``openoms scheduler --once`` enqueues the due jobs,
``openoms worker --batch`` runs them, and each run ends succeeded with its events.

Every step runs in its own process against one database, so the rows are set up and read back by
small scripts too. On PostgreSQL that database is the test database; on SQLite (whose test
database lives in memory, in this process) it is a fresh file, migrated by ``openoms migrate``.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

OPENOMS = [sys.executable, "-m", "openoms.cli"]

# An account with a beta sandbox store and a stable one: the beta channel's own Authorization
# Refresh job and the account's (which works on the stable channel) are both due now (and the
# account's PII Redaction, not reported here).
SETUP = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from openoms.automation.models import RecurringJob
    from openoms.automation.services.jobs import jobs_ensure
    from openoms.channels.services.channels import channel_create
    from openoms.tenancy.actor import Actor
    from openoms.tenancy.models import Account, Organization

    org = Organization.objects.create(name="Relay Group", code="RELAY-GROUP")
    account = Account.objects.create(organization=org, name="Relay", code="RELAY")
    for name, beta in (("Beta store", True), ("Main store", False)):
        channel_create(actor=Actor.system("test"), account=account, type="sales",
                       kind="sandbox_sales", name=name, credentials={"store_name": name},
                       is_beta=beta)
    jobs_ensure(account)
    due = RecurringJob.objects.filter(
        account=account, next_run_at__isnull=False, job_type="authorization_refresh"
    )
    print(json.dumps({job.channel.name if job.channel else "account": job.pk for job in due}))
    """
)

# Each job, its runs (with their events and the task that ran them), and its clock.
REPORT = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django_tasks_db.models import DBTaskResult
    from openoms.activity.models import Event
    from openoms.automation.models import RecurringJob

    def runs(job):
        tasks = {row.args_kwargs["args"][0]: row.status for row in DBTaskResult.objects.all()}
        return [
            {
                "status": run.status,
                "counts": run.counts,
                "task": tasks.get(run.pk),
                "events": [
                    [event.level, event.message.split(":")[0]]
                    for event in Event.objects.filter(run_id=run.pk)
                ],
                "clock_moved_s": (job.next_run_at - run.due_at).total_seconds(),
            }
            for run in job.runs.all()
        ]

    report = {}
    for name, pk in json.loads(sys.argv[1]).items():
        job = RecurringJob.objects.get(pk=pk)
        report[name] = {
            "active_run": job.active_run_id,
            "succeeded_once": job.last_success_at is not None,
            "runs": runs(job),
        }
    print(json.dumps(report))
    """
)


@pytest.fixture
def database_env(tmp_path) -> dict:
    """A child process's environment on a database every process shares."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENOMS_")}
    env.update(
        DJANGO_SETTINGS_MODULE="openoms.config.settings",
        OPENOMS_DATA_DIR=str(tmp_path),
        OPENOMS_SECRET_KEY="test-secret-" + "x" * 40,
        OPENOMS_LOG_LEVEL="WARNING",
    )
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["OPENOMS_DATABASE_URL"] = (
            f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        env["OPENOMS_DATABASE_URL"] = f"sqlite:///{Path(tmp_path) / 'shared.sqlite3'}"
        run(env, *OPENOMS, "migrate")
    return env


def run(env: dict, *command: str) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done


def last_json(done: subprocess.CompletedProcess) -> dict:
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_scheduler_once_then_worker_batch_runs_the_due_jobs_to_success(database_env):
    # given
    jobs = last_json(run(database_env, sys.executable, "-c", SETUP))
    assert set(jobs) == {"account", "Beta store"}
    # when
    scheduler = run(database_env, *OPENOMS, "scheduler", "--once")
    worker = run(database_env, *OPENOMS, "worker", "--batch", "--no-startup-delay")
    # then
    # (the account's PII Redaction, daily by default, is due too)
    assert scheduler.stdout.strip() == "Enqueued 3 due job(s); recovered 0 stopped run(s)."
    assert worker.returncode == 0
    report = last_json(run(database_env, sys.executable, "-c", REPORT, json.dumps(jobs)))
    for name, store in (("account", "Main store"), ("Beta store", "Beta store")):
        assert report[name] == {
            "active_run": None,
            "succeeded_once": True,
            "runs": [
                {
                    "status": "succeeded",
                    "counts": {"refreshed": 1},
                    "task": "SUCCESSFUL",
                    "events": [["info", f"Authorization of {store} refreshed"]],
                    "clock_moved_s": 12 * 3600.0,
                }
            ],
        }
