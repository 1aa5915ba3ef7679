"""Writes that must happen together: an account or a channel and its recurring job rows.

The pages, the API, the demo and the commands create accounts and channels through these, so a
new account or beta channel has every job row (with its default period) the moment it exists,
in the same transaction, and no page or GET endpoint ever needs to write them.
"""

from __future__ import annotations

from django.db import transaction

from openoms.automation.services.jobs import jobs_ensure
from openoms.channels.models import Channel
from openoms.channels.services.channels import channel_create, channel_update
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, Organization
from openoms.tenancy.services.accounts import account_create


@transaction.atomic
def account_add(*, actor: Actor, organization: Organization, name: str) -> Account:
    """``account_create`` and the account's job rows."""
    account = account_create(actor=actor, organization=organization, name=name)
    jobs_ensure(account)
    return account


@transaction.atomic
def channel_add(*, actor: Actor, account: Account, **fields) -> Channel:
    """``channel_create`` (same fields) and, for a beta channel, its job rows."""
    channel = channel_create(actor=actor, account=account, **fields)
    jobs_ensure(account)
    return channel


@transaction.atomic
def channel_change(*, actor: Actor, channel: Channel, values: dict) -> Channel:
    """``channel_update`` and the job rows a channel that became beta needs."""
    channel = channel_update(actor=actor, channel=channel, values=values)
    jobs_ensure(channel.account)
    return channel
