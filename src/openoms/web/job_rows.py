"""The rows of the recurring-job tables: a beta channel's Other System Settings (seed 004) and the
account's Recurring Jobs tab. Each row is one job: its Main Job Period dropdown (only the periods
the job may take), its Enabled box, its last run (with a link) and when it runs next.

``jobs_save`` applies a posted table job by job through ``job_update``, so a refused job keeps
its stored values and says why next to its row while the other rows are saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Max

from openoms.automation.job_types import JOB_TYPES
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.periods import NONE, PERIOD_LABELS, period_choices
from openoms.automation.selectors import account_runs, jobs
from openoms.automation.services.execution import job_targets
from openoms.automation.services.jobs import job_periods, jobs_change, product_job_refusal
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.web.channel_scope import ChannelScope

SECTION = "other-system-settings"  # the anchor of a channel's Other System Settings

# What a row's "Next run" says instead of a time.
WILL_NOT_RUN = "will not run"
PAUSED = "paused"
CHANNEL_DISABLED = "will not run (channel disabled)"


@dataclass(frozen=True)
class JobRow:
    """One job as its row shows it. ``locked_reason``: why the job may not be scheduled now
    (a product job that disagrees with the Master Product Source); its dropdown then offers
    only None (and the current period, so that it can be set to None)."""

    job: RecurringJob
    choices: list[tuple[str, str]]
    locked_reason: str = ""
    error: str = ""
    last_run: JobRun | None = None
    applies_to: list[str] | None = None

    @property
    def label(self) -> str:
        return self.job.spec.label

    @property
    def help(self) -> str:
        return self.job.spec.help

    @property
    def period_field(self) -> str:
        return f"job-{self.job.pk}-period"

    @property
    def enabled_field(self) -> str:
        return f"job-{self.job.pk}-enabled"

    @property
    def period_locked(self) -> bool:
        """The dropdown is disabled: a locked job that is already None can take nothing else."""
        return bool(self.locked_reason) and self.job.period == NONE

    @property
    def next_run_note(self) -> str:
        """Why the job has no next run ("" when it has one: ``job.next_run_at``)."""
        job = self.job
        if job.period == NONE:
            return WILL_NOT_RUN
        if not job.enabled:
            return PAUSED
        if job.channel_id and not job.channel.is_enabled:
            return CHANNEL_DISABLED
        return ""


@dataclass
class SaveResult:
    """What a Save did: one line per changed job, and the refusals by job id."""

    saved: list[str] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)

    def message(self) -> str:
        count = len(self.saved)
        return f"Saved {count} change{'' if count == 1 else 's'}: {'; '.join(self.saved)}."


def _choices(job: RecurringJob, locked_reason: str) -> list[tuple[str, str]]:
    offered = job_periods(job)
    if locked_reason:
        offered = tuple(code for code in offered if code in (NONE, job.period))
    if job.period not in offered:
        offered = (job.period, *offered)
    return period_choices(offered)


def latest_runs(actor: Actor, account: Account, rows: list[RecurringJob]) -> dict[int, JobRun]:
    """The newest run of each job (queued and running ones included), in two queries."""
    runs = account_runs(actor, account).filter(job_id__in=[job.pk for job in rows]).order_by()
    newest = runs.values("job_id").annotate(newest=Max("id")).values_list("newest", flat=True)
    return {run.job_id: run for run in runs.filter(pk__in=list(newest))}


def targets(job: RecurringJob) -> list[str]:
    """The stable channels an account job runs for, by name (the executor's own rule)."""
    channels = job_targets(job)
    return [channel.display_name for channel in channels if channel is not None]


def job_rows(
    actor: Actor,
    account: Account,
    found: list[RecurringJob],
    errors: dict[int, str] | None = None,
    *,
    with_targets: bool = False,
) -> list[JobRow]:
    """The rows of ``found`` (jobs of ``account``), with each refusal of a Save by job id."""
    errors = errors or {}
    last = latest_runs(actor, account, found)
    rows = []
    for job in found:
        job.account = account  # one account object: its master is looked up once
        if job.channel_id:
            job.channel.account = account
        reason = product_job_refusal(job) or ""
        rows.append(
            JobRow(
                job=job,
                choices=_choices(job, reason),
                locked_reason=reason,
                error=errors.get(job.pk, ""),
                last_run=last.get(job.pk),
                applies_to=targets(job) if with_targets and job.spec.channel_level else None,
            )
        )
    return rows


def describe(job: RecurringJob) -> str:
    """ "Export Products → Hourly" (with " (paused)" when it is)."""
    paused = "" if job.enabled else " (paused)"
    return f"{job.spec.label} → {PERIOD_LABELS[job.period]}{paused}"


def posted_jobs(found: list[RecurringJob], data) -> dict[int, tuple[str, bool]]:
    """The (period, enabled) posted for each job of ``found`` that the form holds (``job`` lists
    them). A disabled dropdown posts nothing: its period stays."""
    posted = set(data.getlist("job"))
    return {
        job.pk: (data.get(f"job-{job.pk}-period") or job.period, f"job-{job.pk}-enabled" in data)
        for job in found
        if str(job.pk) in posted
    }


def jobs_save(actor: Actor, found: list[RecurringJob], data) -> SaveResult:
    """Apply the posted table job by job (``jobs_change``): a refused job keeps its row and
    reason, the others are saved. Jobs not in ``found`` (e.g. another tenant's ids) are ignored."""
    changes = jobs_change(actor=actor, jobs=found, wanted=posted_jobs(found, data))
    return SaveResult([describe(job) for job in changes.saved], changes.errors)


def channel_jobs(actor: Actor, scope: ChannelScope) -> list[RecurringJob]:
    """A beta channel's jobs in page order (Authorization Refresh, Import/Export Products, …)."""
    order = list(JOB_TYPES)
    found = jobs(actor, scope.channel.account, scope="channel", channel_id=scope.channel.pk)
    return sorted(found, key=lambda job: order.index(job.job_type))


def account_jobs(actor: Actor, account: Account) -> list[RecurringJob]:
    """The account-scope jobs (those of its stable channels), in job-type order."""
    order = list(JOB_TYPES)
    return sorted(jobs(actor, account, scope="account"), key=lambda j: order.index(j.job_type))


def beta_channel_jobs(actor: Actor, account: Account) -> list[RecurringJob]:
    """The jobs of the account's beta channels (read-only on the Recurring Jobs tab)."""
    order = list(JOB_TYPES)
    found = jobs(actor, account, scope="channel").filter(channel__is_beta=True)
    return sorted(found, key=lambda j: (j.channel.name, order.index(j.job_type)))


def flash_save(request, result: SaveResult) -> None:
    """The messages of a Save: what was saved, or that nothing changed (refusals show by row)."""
    if result.saved:
        messages.success(request, result.message())
    elif not result.errors:
        messages.info(request, "Nothing changed.")
    if result.errors:
        count = len(result.errors)
        messages.error(
            request, f"{count} job{'' if count == 1 else 's'} could not be changed: see below."
        )


COUNT_TONES = {"created": "green", "sent": "green", "refreshed": "green", "updated": "blue"}
COUNT_TONES |= {"unchanged": "grey", "skipped": "amber", "channels skipped": "amber"}


def run_counts(run: JobRun) -> list[tuple[str, int, str]]:
    """The run's counts as (label, value, tone) for its count boxes (e.g. created 12)."""
    return [(label, value, COUNT_TONES.get(label, "blue")) for label, value in run.counts.items()]
