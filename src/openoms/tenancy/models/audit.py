from django.db import models


class AuditAction(models.TextChoices):
    ACCOUNT_CREATED = "account_created", "Account created"
    SETTING_CHANGED = "setting_changed", "Setting changed"
    USER_CREATED = "user_created", "User created"
    USER_ROLE_CHANGED = "user_role_changed", "User role changed"
    API_KEY_CREATED = "api_key_created", "API key created"
    API_KEY_REVOKED = "api_key_revoked", "API key revoked"
    ORGANIZATION_RENAMED = "organization_renamed", "Organization renamed"


class AuditEntry(models.Model):
    """One recorded change: who, when, what, old value -> new value (as a person reads them).

    Tenancy records its own trail because it sits below ``activity`` in the layers (ADR 0001).
    ``account`` is empty for organization-level changes.
    """

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="audit_entries"
    )
    account = models.ForeignKey(
        "tenancy.Account",
        on_delete=models.CASCADE,
        related_name="audit_entries",
        null=True,
        blank=True,
    )
    actor = models.ForeignKey(
        "tenancy.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    field = models.CharField(max_length=60, blank=True)
    field_label = models.CharField(max_length=120, blank=True)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="audit_account_recent")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.field_label} by {self.actor_label}"
