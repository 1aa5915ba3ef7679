"""Writing the audit trail (called inside the transaction of the change it records)."""

from __future__ import annotations

from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, AuditAction, AuditEntry, Organization


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    organization: Organization,
    account: Account | None = None,
    field: str = "",
    field_label: str = "",
    old_value: str = "",
    new_value: str = "",
) -> AuditEntry:
    """Store one audit entry; ``old_value``/``new_value`` are what a person reads."""
    return AuditEntry.objects.create(
        organization=organization,
        account=account,
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        field=field,
        field_label=field_label,
        old_value=old_value,
        new_value=new_value,
    )
