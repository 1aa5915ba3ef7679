"""Sign-in throttling, per account e-mail and per network address, fair to everyone else.

Two separate limits within the lock window (``OPENOMS_LOGIN_LOCK_SECONDS``):

- **per e-mail** (``OPENOMS_LOGIN_MAX_FAILURES``): that many failures for one e-mail lock that
  e-mail, from every address, password unchecked: guessing one account's password stops.
- **per address** (``OPENOMS_LOGIN_ADDRESS_MAX_FAILURES``): that many failures from one address
  (across e-mails: password spraying) lock the address *only for e-mails that failed recently
  themselves* (or, for an unknown or wrong pair, after the password is checked and fails). An
  e-mail without recent failures still gets its password checked from a locked address, so one
  user's failures never lock another user out, even when a proxy gives everyone one address.

The web view asks ``login_lock`` before checking a password, and ``login_address_lock_seconds``
after a failure, to say which limit applies. See docs/operations.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from openoms.tenancy.models import LoginFailure

BY_EMAIL = "email"
BY_ADDRESS = "address"


@dataclass(frozen=True)
class LoginLock:
    """Why a sign-in is refused before its password is checked: which limit, for how long."""

    scope: str  # BY_EMAIL or BY_ADDRESS
    seconds: int


def _normal(email: str) -> str:
    return email.strip().lower()[:254]


def _since():
    return timezone.now() - timedelta(seconds=settings.OPENOMS_LOGIN_LOCK_SECONDS)


def _lock_seconds(failures, cap: int) -> int:
    """Seconds until fewer than ``cap`` of ``failures`` stay in the window; 0 when already so."""
    if cap <= 0:
        return 0
    rows = list(failures.order_by("-created_at").values_list("created_at", flat=True)[:cap])
    if len(rows) < cap:
        return 0
    unlock_at = rows[-1] + timedelta(seconds=settings.OPENOMS_LOGIN_LOCK_SECONDS)
    return max(1, math.ceil((unlock_at - timezone.now()).total_seconds()))


def login_email_lock_seconds(*, email: str) -> int:
    """Seconds until this e-mail may try again (too many recent failures); 0 when it may."""
    failures = LoginFailure.objects.filter(email=_normal(email), created_at__gte=_since())
    return _lock_seconds(failures, settings.OPENOMS_LOGIN_MAX_FAILURES)


def login_address_lock_seconds(*, ip_address: str) -> int:
    """Seconds until this address stops being locked for failing e-mails; 0 when it is not."""
    failures = LoginFailure.objects.filter(ip_address=ip_address[:64], created_at__gte=_since())
    return _lock_seconds(failures, settings.OPENOMS_LOGIN_ADDRESS_MAX_FAILURES)


def login_lock(*, email: str, ip_address: str) -> LoginLock | None:
    """Why a sign-in must be refused before its password is checked, or None to check it.

    The e-mail's own limit first; then the address's, which refuses only an e-mail that has
    recent failures of its own.
    """
    seconds = login_email_lock_seconds(email=email)
    if seconds:
        return LoginLock(BY_EMAIL, seconds)
    seconds = login_address_lock_seconds(ip_address=ip_address)
    if seconds and _has_recent_failures(email):
        return LoginLock(BY_ADDRESS, seconds)
    return None


def _has_recent_failures(email: str) -> bool:
    return LoginFailure.objects.filter(email=_normal(email), created_at__gte=_since()).exists()


def login_failure_record(*, email: str, ip_address: str) -> None:
    LoginFailure.objects.create(email=_normal(email), ip_address=ip_address[:64])


def login_failures_clear(*, email: str) -> None:
    """Forget an e-mail's failures after it signs in successfully."""
    LoginFailure.objects.filter(email=_normal(email)).delete()


def login_failures_prune() -> int:
    """Delete failures older than the lock window; returns how many went."""
    deleted, _ = LoginFailure.objects.filter(created_at__lt=_since()).delete()
    return deleted
