"""Web UI fixtures: sign a role of ``tenant`` in, with the account selected in the header."""

from __future__ import annotations

import pytest

from openoms.tenancy.roles import ORGANIZATION_ROLES, Role
from openoms.web.middleware import SESSION_ACCOUNT_KEY

SETTINGS_URL = "/settings/account/"


def select_account(client, account) -> None:
    session = client.session
    session[SESSION_ACCOUNT_KEY] = account.pk
    session.save()


@pytest.fixture
def signed_in(login, tenant):
    """``signed_in(role)``: that role's user of ``tenant`` signed in, ``tenant.account`` selected."""

    def _signed_in(role: Role | str, *, select: bool = True):
        client = login(tenant.user(role))
        if select and Role(role) in ORGANIZATION_ROLES:
            select_account(client, tenant.account)
        return client

    return _signed_in


def settings_post(account, **changes) -> dict[str, str]:
    """The settings form as a browser posts it for ``account``, with ``changes`` applied."""
    from openoms.tenancy.account_settings import SETTINGS
    from openoms.web.forms import setting_initial

    data = {s.name: setting_initial(s, account) for s in SETTINGS if s.name != "license_type"}
    data.update({name: str(value) for name, value in changes.items()})
    return data
