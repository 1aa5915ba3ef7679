from datetime import timedelta

from django.utils import timezone

from openoms.tenancy.models import LoginFailure
from openoms.tenancy.services.login import (
    login_address_lock_seconds,
    login_email_lock_seconds,
    login_failure_record,
    login_failures_clear,
    login_failures_prune,
)


def login_lock_seconds(*, email: str, ip_address: str) -> int:
    """The e-mail's lock (the address's is in test_login_throttle_fair.py)."""
    return login_email_lock_seconds(email=email)


def test_locks_after_the_configured_failures(db, settings):
    # given
    settings.OPENOMS_LOGIN_MAX_FAILURES = 3
    settings.OPENOMS_LOGIN_LOCK_SECONDS = 600
    for _ in range(2):
        login_failure_record(email="a@example.com", ip_address="10.0.0.1")
    # then two failures do not lock
    assert login_lock_seconds(email="a@example.com", ip_address="10.0.0.1") == 0
    # when a third failure comes
    login_failure_record(email="A@example.com ", ip_address="10.0.0.1")
    # then the e-mail is locked for about the window, another e-mail is not
    assert 590 <= login_lock_seconds(email="a@example.com", ip_address="10.0.0.2") <= 600
    assert login_lock_seconds(email="b@example.com", ip_address="10.0.0.2") == 0


def test_an_address_is_locked_after_many_failures_across_emails(db, settings):
    # given
    settings.OPENOMS_LOGIN_ADDRESS_MAX_FAILURES = 8
    for i in range(8):
        login_failure_record(email=f"user{i}@example.com", ip_address="192.0.2.9")
    # when / then
    assert login_address_lock_seconds(ip_address="192.0.2.9") > 0
    assert login_address_lock_seconds(ip_address="192.0.2.10") == 0


def test_old_failures_expire_and_success_clears(db, settings):
    # given
    settings.OPENOMS_LOGIN_MAX_FAILURES = 2
    settings.OPENOMS_LOGIN_LOCK_SECONDS = 60
    for _ in range(2):
        login_failure_record(email="a@example.com", ip_address="10.0.0.1")
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    # then expired failures do not lock, and prune removes them
    assert login_lock_seconds(email="a@example.com", ip_address="10.0.0.1") == 0
    assert login_failures_prune() == 2
    # when new failures are followed by a success
    for _ in range(2):
        login_failure_record(email="a@example.com", ip_address="10.0.0.1")
    login_failures_clear(email="a@example.com")
    # then
    assert login_lock_seconds(email="a@example.com", ip_address="10.0.0.1") == 0
