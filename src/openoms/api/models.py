"""What the API stores for itself: the first response to each ``Idempotency-Key``."""

from django.db import models


class IdempotencyKey(models.Model):
    """A key an account sent with a POST, PUT or PATCH, and the first response it got.

    The row is inserted in the request's own transaction, before the endpoint runs, and committed
    with its changes, ``status_code`` and ``body``; a request that fails (5xx) or whose server dies
    leaves no row, so its retry runs. ``openoms.api.idempotency`` tells a retry that comes while the
    first request runs that it is still in progress.
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
