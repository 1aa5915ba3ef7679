"""What the API stores for itself: the first response to each ``Idempotency-Key``."""

from django.db import models


class IdempotencyKey(models.Model):
    """A key an account sent with a POST, PUT or PATCH, and the first response it got.

    The row is inserted (and committed) before the request runs, so a concurrent retry with the
    same key finds it and is told the first request is still in progress; ``status_code`` and
    ``body`` are filled in the transaction of the request's own changes.
    """

    account = models.ForeignKey("tenancy.Account", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(null=True, help_text="Null while in progress.")
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "key"], name="idempotency_key_once")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code or 'in progress'})"
