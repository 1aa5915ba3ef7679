from django.db import models
from django.db.models import Q

from openoms.automation.job_types import JOB_TYPES
from openoms.automation.periods import NONE, PERIOD_LABELS

JOB_TYPE_CHOICES = [(code, spec.label) for code, spec in JOB_TYPES.items()]


class RecurringJob(models.Model):
    """One background job of an account (``channel`` empty: it runs for the account's stable
    channels) or of one beta channel: its Main Job Period, whether it is paused, and its clock.

    ``next_run_at`` is when the scheduler enqueues it next (empty when the period is None);
    ``active_run`` is the run queued or running now: while it is set, the job is not enqueued
    again, so a job never runs twice at once.
    """

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    job_type = models.CharField(max_length=40, choices=JOB_TYPE_CHOICES)
    period = models.CharField(max_length=8, choices=list(PERIOD_LABELS.items()), default=NONE)
    enabled = models.BooleanField(default=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    active_run = models.ForeignKey(
        "automation.JobRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["account_id", "channel_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "job_type"],
                condition=Q(channel__isnull=True),
                name="recurring_job_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["channel", "job_type"],
                condition=Q(channel__isnull=False),
                name="recurring_job_once_per_channel",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_run_at"],
                condition=Q(enabled=True, next_run_at__isnull=False),
                name="recurring_job_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_type} ({self.scope}) every {self.period}"

    @property
    def scope(self) -> str:
        return "account" if self.channel_id is None else "channel"

    @property
    def spec(self):
        return JOB_TYPES[self.job_type]

    @property
    def will_run(self) -> bool:
        return self.period != NONE and self.enabled


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


FINISHED = (RunStatus.SUCCEEDED, RunStatus.SKIPPED, RunStatus.FAILED)


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", "Scheduled"
    RUN_NOW = "run_now", "Run now"
    MANUAL_SYNC = "manual", "Manual sync"


class JobRun(models.Model):
    """One run of a recurring job: when it was due, started and ended, how it ended, what it
    counted (e.g. 120 created, 3 skipped), and its events (``activity.Event.run_id``).

    ``heartbeat_at`` is touched by the worker while the run is alive; a running run whose
    heartbeat is older than the stale timeout lost its worker and is marked failed. A manual
    sync of one channel (its Sync menu, the API) is a run of that channel's job (a stable
    channel: the account's job) whose ``channel`` names the one channel it works on.
    """

    job = models.ForeignKey(RecurringJob, on_delete=models.CASCADE, related_name="runs")
    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The one channel a manual sync works on (empty: the job's targets).",
    )
    job_type = models.CharField(max_length=40, choices=JOB_TYPE_CHOICES)
    trigger = models.CharField(max_length=10, choices=RunTrigger.choices)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    due_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    summary = models.TextField(blank=True)
    actor_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-enqueued_at", "-id"]
        indexes = [
            models.Index(fields=["job", "-enqueued_at"], name="job_run_recent"),
            models.Index(fields=["account", "-enqueued_at"], name="job_run_account_recent"),
            models.Index(
                fields=["heartbeat_at"],
                condition=Q(status="running"),
                name="job_run_running",
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.job_type} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
