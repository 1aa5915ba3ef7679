"""API key authentication: the ``X-API-Key`` header, checked by the tenancy service.

A key acts for its own account only (``Actor.for_api_key``). The raw key is never logged or echoed:
error messages do not repeat it and ``redact`` scrubs it from anything written to the log.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyHeader

from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, ApiKey
from openoms.tenancy.selectors import account_get
from openoms.tenancy.services.api_keys import api_key_authenticate

API_KEY_HEADER = "X-API-Key"
REDACTED = "[redacted]"
_CACHED_KEY = "_openoms_api_key"


class ApiKeyMissing(AuthenticationError):
    """No ``X-API-Key`` header (or an empty one)."""

    code = "missing_api_key"

    def __init__(self) -> None:
        super().__init__(401, f"Send your API key in the {API_KEY_HEADER} header.")


class ApiKeyInvalid(AuthenticationError):
    """The key is unknown or revoked; which one is not said."""

    code = "invalid_api_key"

    def __init__(self) -> None:
        super().__init__(401, "The API key is not valid: it is unknown or has been revoked.")


class ApiKeyAuth(APIKeyHeader):
    """The ``X-API-Key`` header holding an account's API key (create one in Account settings)."""

    param_name = API_KEY_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey:
        if not (key or "").strip():
            raise ApiKeyMissing()
        api_key = request_api_key(request)
        if api_key is None:
            raise ApiKeyInvalid()
        return api_key


def request_api_key(request: HttpRequest) -> ApiKey | None:
    """The request's valid API key, or None; looked up once per request, however often asked.

    The idempotency layer needs the account before the API authenticates the request itself.
    """
    if not hasattr(request, _CACHED_KEY):
        raw = request.headers.get(API_KEY_HEADER) or ""
        valid_text = raw.strip() and raw.isascii() and raw.isprintable()  # keys are URL-safe ASCII
        setattr(request, _CACHED_KEY, api_key_authenticate(raw) if valid_text else None)
    return getattr(request, _CACHED_KEY)


def request_actor(request: HttpRequest) -> Actor:
    """The actor of an authenticated request: its API key, for the key's account."""
    return Actor.for_api_key(request.auth)


def request_tenant(request: HttpRequest) -> tuple[Actor, Account]:
    """The request's actor and the account it acts for (read through the tenancy selector)."""
    actor = request_actor(request)
    return actor, account_get(actor, pk=actor.account_id)


def redact(text: str, request: HttpRequest) -> str:
    """``text`` with the request's raw API key (if any) replaced, for logs."""
    raw = request.headers.get(API_KEY_HEADER) or ""
    for secret in {raw, raw.strip()}:
        if secret:
            text = text.replace(secret, REDACTED)
    return text
