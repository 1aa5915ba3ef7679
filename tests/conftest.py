"""Shared fixtures: two tenants (ours and another organization's), signed-in clients, API keys."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, Tenant, make_api_key, make_tenant
from tests.live_server_serial import serial_live_server_on_sqlite


@pytest.fixture(autouse=True, scope="session")
def _serial_live_server_on_sqlite():
    serial_live_server_on_sqlite()  # before the live server starts (tests/live_server_serial.py)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_coalescing_window(settings):
    """Outbox rows are due at once (tests/sync/outbox/test_window.py tests the window)."""
    settings.OPENOMS_PUSH_WINDOW_SECONDS = 0


@pytest.fixture
def tenant(db) -> Tenant:
    """Our organization: accounts ``account`` and ``second_account``, one user per role."""
    return make_tenant("Acme")


@pytest.fixture
def other_tenant(db) -> Tenant:
    """Another organization whose rows must stay invisible and untouchable."""
    return make_tenant("Globex")


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as that user and returns the client."""

    def _login(user):
        assert client.login(username=user.email, password=PASSWORD)
        return client

    return _login


@pytest.fixture
def api_key(tenant) -> str:
    """A raw API key of ``tenant.account``."""
    return make_api_key(tenant.account)


@pytest.fixture
def other_api_key(other_tenant) -> str:
    return make_api_key(other_tenant.account)
