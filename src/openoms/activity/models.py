from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class FileImport(models.Model):
    """An uploaded file being (or having been) imported: progress, counts, and every issue.

    The owning app (catalog, inventory, channels…) declares its ``ImportKind`` (``kind`` is its
    code) and does the work; this row is what a person watches (a progress bar from
    ``processed_bytes`` / ``total_bytes``) and reads afterwards. ``channel`` is the channel an
    import is for (SKU mappings), null for an account-level import (or once its channel is deleted). While it runs, every batch
    touches ``heartbeat_at``: a running import whose heartbeat is older than
    ``OPENOMS_IMPORT_STALE_SECONDS`` lost its worker (see ``file_imports_recover_stale``).
    """

    account = models.ForeignKey(
        "tenancy.Account", on_delete=models.CASCADE, related_name="file_imports"
    )
    kind = models.CharField(max_length=40)
    channel = models.ForeignKey(
        "channels.Channel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="file_imports",
    )
    file_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_bytes = models.BigIntegerField(default=0)
    processed_bytes = models.BigIntegerField(default=0)
    rows_processed = models.BigIntegerField(default=0)
    created_count = models.BigIntegerField(default=0)
    updated_count = models.BigIntegerField(default=0)
    unchanged_count = models.BigIntegerField(default=0)
    rejected_count = models.BigIntegerField(default=0)
    warning_count = models.BigIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the whole file failed, if it did.")
    created_by = models.ForeignKey(
        "tenancy.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "kind", "-created_at"], name="import_account_recent"),
            models.Index(fields=["status", "heartbeat_at"], name="import_running_beat"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} import of {self.file_name} ({self.status})"

    @property
    def progress_percent(self) -> int:
        if self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED):
            return 100
        if not self.total_bytes:
            return 0
        return min(99, int(self.processed_bytes * 100 / self.total_bytes))

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)


class IssueSeverity(models.TextChoices):
    ERROR = "error", "Rejected"
    WARNING = "warning", "Warning"


class FileImportIssue(models.Model):
    """One rejected or warned row of an import: its line number and the reason, for a person."""

    file_import = models.ForeignKey(FileImport, on_delete=models.CASCADE, related_name="issues")
    line = models.BigIntegerField()
    severity = models.CharField(max_length=10, choices=IssueSeverity.choices)
    reason = models.CharField(max_length=500)
    row_excerpt = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["line", "id"]
        indexes = [models.Index(fields=["file_import", "line"], name="import_issue_line")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class EventLevel(models.TextChoices):
    """The message types of the Events log (techOMS: Info, Warning, Error, Fatal)."""

    INFO = "info", "Info"
    WARNING = "warning", "Warning"
    ERROR = "error", "Error"
    FATAL = "fatal", "Fatal"


class Event(models.Model):
    """One line of an account's Events log: what a process did or could not do, for a person.

    Info: running as expected. Warning: something was skipped, the process went on. Error: the
    process stopped (missing data, channel unreachable). Fatal: unexpected, retried later.
    The entity is linked by type and id (any app may write events, activity imports none of them);
    ``channel_id`` is a plain integer for the same reason, and so is ``run_id``: the job run
    (automation) that wrote the event, set by ``event_run_scope`` around the run.
    """

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10, choices=EventLevel.choices, default=EventLevel.INFO)
    message = models.TextField()
    entity_type = models.CharField(max_length=40, blank=True, help_text="e.g. channel, sku")
    entity_id = models.CharField(max_length=255, blank=True)
    entity_label = models.CharField(max_length=255, blank=True)
    channel_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    run_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["run_id"], name="event_run"),
            models.Index(fields=["account", "-created_at"], name="event_account_recent"),
            models.Index(
                fields=["account", "channel_id", "-created_at"], name="event_channel_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.message[:80]}"
