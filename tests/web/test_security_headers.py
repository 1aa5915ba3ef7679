"""Security headers: a Content-Security-Policy everywhere, ``no-store`` on what a signed-in user or
an API key sees, ``Secure`` cookies over HTTPS (directly or behind a proxy that says so)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import openoms.web
from openoms.config.security_headers import CONTENT_SECURITY_POLICY
from openoms.tenancy.roles import Role
from tests.factories import PASSWORD, make_api_key

TEMPLATES = Path(openoms.web.__file__).parent / "templates"
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


def test_the_policy_allows_only_the_sites_own_assets():
    # when / then
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["style-src"].startswith("'self' 'sha256-")
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_no_template_has_an_inline_script_style_or_handler():
    # when
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in INLINE.finditer(path.read_text())
    ]
    # then: everything the policy would block lives in static files instead
    assert found == []


def test_signed_in_pages_carry_the_policy_and_are_not_stored(login, tenant):
    # given
    client = login(tenant.user(Role.ACCOUNT_USER))
    # when
    responses = [client.get(url) for url in ("/", "/products/", "/products/export/")]
    # then
    assert [r.status_code for r in responses] == [200, 200, 200]
    for response in responses:
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_carries_the_policy(client, db):
    # when
    response = client.get("/login/")
    # then
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_answers_are_not_stored(client, tenant):
    # given
    key = make_api_key(tenant.account)
    # when
    response = client.get("/api/v2/account", headers={"X-API-Key": key})
    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def sign_in(client, user, **extra):
    return client.post("/login/", {"email": user.email, "password": PASSWORD}, **extra)


@pytest.mark.parametrize("secure", [True, False])
def test_cookies_are_secure_exactly_when_the_request_is_https(client, tenant, secure):
    # when
    response = sign_in(client, tenant.user(Role.ACCOUNT_USER), secure=secure)
    # then
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is (True if secure else "")
    assert response.cookies["csrftoken"]["secure"] is (True if secure else "")


def test_behind_a_tls_proxy_the_configured_header_makes_cookies_secure(client, tenant, settings):
    # given: the proxy terminates TLS and says so in X-Forwarded-Proto
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    user = tenant.user(Role.ACCOUNT_USER)
    # when
    proxied = sign_in(client, user, headers={"X-Forwarded-Proto": "https"})
    # then
    assert proxied.cookies["sessionid"]["secure"] is True


def test_the_proxy_header_and_hsts_come_from_the_environment(tmp_path):
    # given
    env = {
        "OPENOMS_DATA_DIR": str(tmp_path),
        "OPENOMS_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "OPENOMS_HSTS_SECONDS": "31536000",
        "PATH": "/usr/bin:/bin",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    # when
    result = subprocess.run(
        [sys.executable, "-m", "openoms.cli", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # then
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') 31536000 False", (
        result.stderr
    )
