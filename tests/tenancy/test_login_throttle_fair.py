"""Sign-in throttling is fair: one user's (or an attacker's) failures never lock another user out.

Per e-mail and per address are separate limits with messages saying which; a locked address
refuses only e-mails that failed recently, so a correct password of an e-mail without failures
signs in, even behind a proxy that gives everyone the same address.
"""

import pytest

from openoms.tenancy.models import LoginFailure
from openoms.tenancy.roles import Role
from tests.factories import PASSWORD

OFFICE = "198.51.100.7"
ELSEWHERE = "203.0.113.20"
ADDRESS_LOCKED = "Too many failed sign-ins from your network address"
EMAIL_LOCKED = "Too many failed sign-ins for this e-mail. Try again in 15 minutes."
WRONG = "E-mail or password is incorrect."


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.OPENOMS_LOGIN_MAX_FAILURES = 5
    settings.OPENOMS_LOGIN_ADDRESS_MAX_FAILURES = 20
    settings.OPENOMS_LOGIN_LOCK_SECONDS = 900


def sign_in(client, email, password, address=OFFICE, **headers):
    return client.post(
        "/login/", {"email": email, "password": password}, REMOTE_ADDR=address, headers=headers
    )


def spray(client, address=OFFICE, count=20, **headers):
    """``count`` failed sign-ins from ``address``, four per e-mail (none of them locks)."""
    for number in range(count):
        response = sign_in(client, f"victim{number // 4}@example.com", "guess", address, **headers)
        assert response.status_code == 200


def signed_in_as(client, response, user) -> bool:
    return response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


def test_a_correct_password_signs_in_from_an_address_where_others_failed_20_times(client, tenant):
    # given: 20 failures from the office address, the limit of the address
    spray(client)
    user = tenant.user(Role.ACCOUNT_USER)
    # when
    response = sign_in(client, user.email, PASSWORD)
    # then
    assert signed_in_as(client, response, user)


def test_behind_a_proxy_one_users_failures_do_not_lock_a_colleague_out(client, tenant, settings):
    # given: everyone arrives through one proxy; a colleague fails 20 times on their own e-mail
    settings.OPENOMS_CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = {"X-Forwarded-For": OFFICE}
    colleague = tenant.user(Role.ACCOUNT_ADMINISTRATOR)
    for _ in range(20):
        sign_in(client, colleague.email, "typo", "10.0.0.1", **proxy)
    user = tenant.user(Role.ACCOUNT_USER)
    # when
    refused = sign_in(client, colleague.email, PASSWORD, "10.0.0.1", **proxy)
    response = sign_in(client, user.email, PASSWORD, "10.0.0.1", **proxy)
    # then: the colleague's own e-mail is locked, the user signs in
    assert EMAIL_LOCKED in refused.content.decode()
    assert LoginFailure.objects.filter(ip_address=OFFICE).count() == 5
    assert signed_in_as(client, response, user)


def test_a_locked_address_refuses_an_email_that_failed_there_with_a_message_about_the_address(
    client, tenant
):
    # given: the user mistyped once, then the address reached its limit
    user = tenant.user(Role.ACCOUNT_USER)
    sign_in(client, user.email, "typo")
    spray(client, count=19)
    # when
    refused = sign_in(client, user.email, PASSWORD)
    elsewhere = sign_in(client, user.email, PASSWORD, ELSEWHERE)
    # then
    assert refused.status_code == 200
    assert ADDRESS_LOCKED in refused.content.decode()
    assert "Try again in 15 minutes." in refused.content.decode()
    assert EMAIL_LOCKED not in refused.content.decode()
    assert signed_in_as(client, elsewhere, user)


def test_a_wrong_password_at_a_locked_address_says_both_and_then_locks_that_email(client, tenant):
    # given
    spray(client)
    user = tenant.user(Role.ACCOUNT_USER)
    # when
    first = sign_in(client, user.email, "wrong").content.decode()
    second = sign_in(client, user.email, PASSWORD).content.decode()
    unknown = sign_in(client, "nobody@example.com", "x").content.decode()
    # then: a known and an unknown e-mail read the same
    assert WRONG in first and ADDRESS_LOCKED in first
    assert WRONG not in second and ADDRESS_LOCKED in second
    assert WRONG in unknown and ADDRESS_LOCKED in unknown
    assert LoginFailure.objects.filter(email=user.email).count() == 1


def test_the_email_limit_applies_from_every_address_and_only_to_that_email(client, tenant):
    # given: five failures for one e-mail, from five addresses
    owner, user = tenant.user(Role.ORGANIZATION_OWNER), tenant.user(Role.ACCOUNT_USER)
    for number in range(5):
        sign_in(client, owner.email, "wrong", f"192.0.2.{number}")
    # when
    refused = sign_in(client, owner.email, PASSWORD, ELSEWHERE)
    response = sign_in(client, user.email, PASSWORD, "192.0.2.0")
    # then
    assert EMAIL_LOCKED in refused.content.decode()
    assert ADDRESS_LOCKED not in refused.content.decode()
    assert signed_in_as(client, response, user)


def test_below_the_address_limit_nothing_is_said_about_the_address(client, tenant):
    # given
    spray(client, count=18)
    # when
    response = sign_in(client, "nobody@example.com", "x")
    # then
    assert WRONG in response.content.decode()
    assert ADDRESS_LOCKED not in response.content.decode()
