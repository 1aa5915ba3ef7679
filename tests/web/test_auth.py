"""Sign-in (with throttling), sign-out, password change and the login requirement."""

from __future__ import annotations

from django.conf import settings

from openoms.tenancy.models import LoginFailure
from openoms.tenancy.roles import Role
from tests.factories import PASSWORD


def test_login_with_the_right_password_signs_in_and_goes_home(client, tenant):
    # given
    user = tenant.user(Role.ACCOUNT_ADMINISTRATOR)
    # when
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_is_case_insensitive_on_the_email_and_clears_failures(client, tenant):
    # given
    user = tenant.user(Role.SUPERVISOR)
    client.post("/login/", {"email": user.email, "password": "wrong"})
    # when
    response = client.post("/login/", {"email": user.email.upper(), "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert LoginFailure.objects.filter(email=user.email).count() == 0


def test_login_with_a_wrong_password_shows_the_generic_error(client, tenant):
    # given
    user = tenant.user(Role.ACCOUNT_USER)
    # when
    response = client.post("/login/", {"email": user.email, "password": "wrong"})
    # then
    assert response.status_code == 200
    assert "E-mail or password is incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(email=user.email).count() == 1


def test_login_of_an_unknown_email_shows_the_same_generic_error(client, tenant):
    # when
    response = client.post("/login/", {"email": "nobody@example.com", "password": "x"})
    # then
    assert "E-mail or password is incorrect." in response.content.decode()


def test_login_is_throttled_after_too_many_failures_even_with_the_right_password(client, tenant):
    # given
    user = tenant.user(Role.ORGANIZATION_OWNER)
    for _ in range(settings.OPENOMS_LOGIN_MAX_FAILURES):
        client.post("/login/", {"email": user.email, "password": "wrong"})
    # when
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    # then
    assert response.status_code == 200
    assert (
        "Too many failed sign-ins for this e-mail. Try again in 15 minutes."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_login_below_the_failure_limit_still_works(client, tenant):
    # given
    user = tenant.user(Role.ORGANIZATION_OWNER)
    for _ in range(settings.OPENOMS_LOGIN_MAX_FAILURES - 1):
        client.post("/login/", {"email": user.email, "password": "wrong"})
    # when
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_redirects_to_a_safe_next_url_only(client, tenant):
    # given
    user = tenant.user(Role.ORGANIZATION_OWNER)
    # when
    outside = client.post(
        "/login/", {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    client.logout()
    inside = client.post(
        "/login/", {"email": user.email, "password": PASSWORD, "next": "/organizations/"}
    )
    # then
    assert outside.url == "/"
    assert inside.url == "/organizations/"


def test_pages_require_sign_in(client, tenant):
    # when
    response = client.get("/settings/account/")
    # then
    assert response.status_code == 302
    assert response.url == "/login/?next=/settings/account/"


def test_logout_by_post_signs_out(login, tenant):
    # given
    client = login(tenant.user(Role.SUPERVISOR))
    # when
    response = client.post("/logout/")
    # then
    assert response.status_code == 302
    assert response.url == "/login/"
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_refused(login, tenant):
    # given
    client = login(tenant.user(Role.SUPERVISOR))
    # when
    response = client.get("/logout/")
    # then
    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_password_change_sets_the_new_password(login, tenant):
    # given
    user = tenant.user(Role.ACCOUNT_USER)
    client = login(user)
    new = "a-much-better-passphrase-42"
    # when
    response = client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    # then
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_change_with_a_wrong_old_password_shows_the_error(login, tenant):
    # given
    client = login(tenant.user(Role.ACCOUNT_USER))
    # when
    response = client.post(
        "/password/change/",
        {
            "old_password": "nope",
            "new_password1": "x-Long-enough-1",
            "new_password2": "x-Long-enough-1",
        },
    )
    # then
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_failures_are_recorded_against_the_proxy_header_when_configured(client, tenant, settings):
    # given a reverse proxy that appends the client address to X-Forwarded-For
    settings.OPENOMS_CLIENT_IP_HEADER = "X-Forwarded-For"
    # when a sign-in fails through it
    client.post(
        "/login/",
        {"email": "someone@example.com", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
    )
    # then the last hop is the recorded address, not the proxy's own
    assert list(LoginFailure.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]


def test_failures_use_the_socket_address_without_a_configured_header(client, tenant, settings):
    # given no proxy header is trusted
    settings.OPENOMS_CLIENT_IP_HEADER = ""
    # when a forged header comes along
    client.post(
        "/login/",
        {"email": "someone@example.com", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    # then it is ignored
    assert list(LoginFailure.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]
