"""API keys: create (shown once), revoke, and authenticate a request."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, ApiKey, AuditAction
from openoms.tenancy.permissions import Perm
from openoms.tenancy.services.audit import audit_record

KEY_PREFIX = "oms"


def _digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def _new_raw_key() -> tuple[str, str]:
    prefix = f"{KEY_PREFIX}_{secrets.token_hex(4)}"
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def api_key_create(*, actor: Actor, account: Account, name: str) -> tuple[ApiKey, str]:
    """A new key for ``account``; returns the row and the full key, which is never shown again."""
    actor.require_account(account)
    actor.require(Perm.API_KEYS_MANAGE)
    clean_name = (name or "").strip()
    if not clean_name:
        raise ValidationFailed({"name": "Give the key a name that says who uses it."})
    if len(clean_name) > 80:
        raise ValidationFailed({"name": "Use at most 80 characters."})
    prefix, raw = _new_raw_key()
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix, raw = _new_raw_key()
    key = ApiKey.objects.create(
        account=account,
        name=clean_name,
        prefix=prefix,
        key_hash=_digest(raw),
        created_by=actor.user,
    )
    audit_record(
        actor=actor,
        action=AuditAction.API_KEY_CREATED,
        organization=account.organization,
        account=account,
        field="api_key",
        field_label="API Key",
        new_value=f"{clean_name} ({prefix}…)",
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, actor: Actor, api_key: ApiKey) -> ApiKey:
    """Revoke a key at once; it stays listed as revoked."""
    key = (
        ApiKey.objects.select_for_update()
        .select_related("account__organization")
        .get(pk=api_key.pk)
    )
    actor.require_account(key.account)
    actor.require(Perm.API_KEYS_MANAGE)
    if key.revoked_at is not None:
        raise NotFound("This API key is already revoked.")
    key.revoked_at = timezone.now()
    key.revoked_by = actor.user
    key.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action=AuditAction.API_KEY_REVOKED,
        organization=key.account.organization,
        account=key.account,
        field="api_key",
        field_label="API Key",
        old_value=f"{key.name} ({key.prefix}…)",
    )
    return key


def api_key_authenticate(raw_key: str) -> ApiKey | None:
    """The active key matching ``raw_key``, its last-used time refreshed; None when unknown."""
    raw_key = (raw_key or "").strip()
    if not raw_key.isascii() or not raw_key.isprintable():
        return None
    parts = raw_key.split("_")
    if len(parts) < 3 or parts[0] != KEY_PREFIX:
        return None
    prefix = f"{parts[0]}_{parts[1]}"
    key = (
        ApiKey.objects.select_related("account__organization")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.key_hash, _digest(raw_key)):
        return None
    now = timezone.now()
    stale = now - timedelta(seconds=settings.OPENOMS_API_KEY_TOUCH_SECONDS)
    if key.last_used_at is None or key.last_used_at < stale:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
