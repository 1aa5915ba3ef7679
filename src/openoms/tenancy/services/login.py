"""Sign-in throttling: too many recent failures for one e-mail, or from one address, lock it."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from openoms.tenancy.models import LoginFailure

# One address may fail this many times more than one e-mail before it is locked too
# (an office behind one address is many people).
ADDRESS_FACTOR = 4


def login_lock_seconds(*, email: str, ip_address: str) -> int:
    """Seconds until sign-in is allowed again for this e-mail/address; 0 when it is allowed."""
    window = timedelta(seconds=settings.OPENOMS_LOGIN_LOCK_SECONDS)
    since = timezone.now() - window
    limit = settings.OPENOMS_LOGIN_MAX_FAILURES
    recent = LoginFailure.objects.filter(created_at__gte=since)
    by_email = recent.filter(email=email.strip().lower()).order_by("-created_at")
    by_address = recent.filter(ip_address=ip_address).order_by("-created_at")
    for failures, cap in ((by_email, limit), (by_address, limit * ADDRESS_FACTOR)):
        rows = list(failures.values_list("created_at", flat=True)[:cap])
        if len(rows) >= cap:
            unlock_at = rows[-1] + window
            return max(1, math.ceil((unlock_at - timezone.now()).total_seconds()))
    return 0


def login_failure_record(*, email: str, ip_address: str) -> None:
    LoginFailure.objects.create(email=email.strip().lower()[:254], ip_address=ip_address[:64])


def login_failures_clear(*, email: str) -> None:
    """Forget an e-mail's failures after it signs in successfully."""
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


def login_failures_prune() -> int:
    """Delete failures older than the lock window; returns how many went."""
    since = timezone.now() - timedelta(seconds=settings.OPENOMS_LOGIN_LOCK_SECONDS)
    deleted, _ = LoginFailure.objects.filter(created_at__lt=since).delete()
    return deleted
