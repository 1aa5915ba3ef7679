"""Fixtures of the redaction tests: the shop of ``tenant.account`` (builders.py), uploads in a
temporary folder, and the retention settings written directly (their pages and API have tests
of their own)."""

from __future__ import annotations

import pytest

from openoms.channels.models import Channel
from openoms.tenancy.models import Account
from tests.file_imports import uploads  # noqa: F401  (a fixture)
from tests.privacy.builders import Shop, make_shop
from tests.web.conftest import signed_in  # noqa: F401  (a fixture)


@pytest.fixture
def shop(tenant) -> Shop:
    return make_shop(tenant)


def retention(account: Account, days: int | None, **channels: int | None) -> None:
    """The account's retention and, by channel name, its sales channels'."""
    Account.objects.filter(pk=account.pk).update(pii_retention_days=days)
    account.refresh_from_db()
    for name, channel_days in channels.items():
        Channel.objects.filter(account=account, name=name).update(pii_retention_days=channel_days)
