"""Authentication by the X-API-Key header; the raw key never reaches a log or a response."""

import logging

import pytest
from django.utils import timezone

from openoms.tenancy.actor import Actor
from openoms.tenancy.models import ApiKey
from openoms.tenancy.services.api_keys import api_key_revoke
from tests.api.helpers import api_get, api_patch, error, key_prefix

INVALID = error("invalid_api_key", "The API key is not valid: it is unknown or has been revoked.")


@pytest.mark.parametrize("path", ["/account", "/account/history"])
def test_missing_key_is_401_missing_api_key(client, tenant, path):
    # when
    response = api_get(client, path, None)

    # then
    assert response.status_code == 401
    assert response.json() == error("missing_api_key", "Send your API key in the X-API-Key header.")
    assert response["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'


def test_empty_key_counts_as_missing(client, tenant):
    # when
    response = api_get(client, "/account", "  ")

    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_api_key"


@pytest.mark.parametrize(
    "garbage", ["nonsense", "oms_deadbeef_xyz", "oms__", "é" * 20, "oms_\x00_abc", "oms_é_x"]
)
def test_garbage_key_is_401_invalid_api_key(client, tenant, garbage):
    # when
    response = client.get("/api/v2/account", HTTP_X_API_KEY=garbage)

    # then
    assert response.status_code == 401
    assert response.json() == INVALID


def test_key_with_a_wrong_secret_is_401(client, tenant, api_key):
    # given: the right prefix, another secret
    forged = f"{key_prefix(api_key)}_{'A' * 43}"

    # when
    response = api_get(client, "/account", forged)

    # then
    assert response.status_code == 401
    assert response.json() == INVALID


def test_revoked_key_is_401_and_cannot_write(client, tenant, api_key):
    # given
    key = ApiKey.objects.get(prefix=key_prefix(api_key))
    api_key_revoke(actor=Actor.system(), api_key=key)

    # when
    read = api_get(client, "/account", api_key)
    write = api_patch(client, {"timezone": "Europe/Paris"}, api_key)

    # then
    assert (read.status_code, write.status_code) == (401, 401)
    assert read.json() == INVALID
    tenant.account.refresh_from_db()
    assert tenant.account.timezone == "UTC"


def test_a_call_sets_the_keys_last_used_time(client, tenant, api_key):
    # given
    key = ApiKey.objects.get(prefix=key_prefix(api_key))
    assert key.last_used_at is None
    started = timezone.now()

    # when
    api_get(client, "/account", api_key)

    # then
    key.refresh_from_db()
    assert started <= key.last_used_at <= timezone.now()


def _logged_text(caplog) -> str:
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), str(record.args), str(record.exc_text), str(record.exc_info)]
    return "\n".join(parts)


def test_the_raw_key_is_never_logged_or_echoed_on_401(client, tenant, api_key, caplog):
    # given
    caplog.set_level(logging.DEBUG)
    ApiKey.objects.filter(prefix=key_prefix(api_key)).update(revoked_at=timezone.now())

    # when
    response = api_get(client, "/account", api_key)

    # then
    assert response.status_code == 401
    assert caplog.records  # Django logs the 401 itself
    assert api_key not in _logged_text(caplog)
    assert api_key not in response.content.decode()


def test_unexpected_error_is_500_json_logged_with_traceback_but_not_the_key(
    client, tenant, api_key, caplog, monkeypatch
):
    # given: a bug whose message even contains the key
    def broken(*args, **kwargs):
        raise RuntimeError(f"boom while reading with {api_key}")

    monkeypatch.setattr("openoms.api.routers.account.account_view", broken)
    caplog.set_level(logging.DEBUG)

    # when
    response = api_get(client, "/account", api_key)

    # then
    assert response.status_code == 500
    assert response.json() == error(
        "internal_error", "Something went wrong on our side. Try again later."
    )
    logged = _logged_text(caplog)
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: boom while reading with [redacted]" in logged
    assert api_key not in logged
    assert "X-API-Key" not in logged and "HTTP_X_API_KEY" not in logged


def test_error_inside_authentication_is_500_json_without_the_key(
    client, tenant, api_key, caplog, monkeypatch
):
    # given
    def broken(raw_key):
        raise RuntimeError(f"database gone while checking {raw_key}")

    monkeypatch.setattr("openoms.api.auth.api_key_authenticate", broken)
    caplog.set_level(logging.DEBUG)

    # when
    response = api_get(client, "/account", api_key)

    # then
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert api_key not in _logged_text(caplog)
    assert api_key not in response.content.decode()
