"""Writes that must happen together: an account or a channel and its recurring job rows; a
channel page's one Save (settings, served warehouses and job periods, all or nothing).

The pages, the API, the demo and the commands create accounts and channels through these, so a
new account or beta channel has every job row (with its default period) the moment it exists,
in the same transaction, and no page or GET endpoint ever needs to write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from openoms.automation.models import RecurringJob
from openoms.automation.services.jobs import jobs_change, jobs_ensure
from openoms.channels.models import Channel
from openoms.channels.services.channels import (
    channel_create,
    channel_served_warehouses_set,
    channel_update,
)
from openoms.core.errors import ValidationFailed
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


@dataclass
class ChannelSettingsSave:
    """What ``channel_settings_save`` did: the jobs it changed, or every refusal (by field, by
    job id), in which case nothing was saved."""

    jobs_changed: list[RecurringJob] = field(default_factory=list)
    field_errors: dict[str, str] = field(default_factory=dict)
    job_errors: dict[int, str] = field(default_factory=dict)

    @property
    def saved(self) -> bool:
        return not (self.field_errors or self.job_errors)


def channel_settings_save(
    *,
    actor: Actor,
    channel: Channel,
    values: dict | None = None,
    served_codes: list[str] | None = None,
    jobs: list[RecurringJob] | None = None,
    wanted_jobs: dict[int, tuple[str, bool]] | None = None,
) -> ChannelSettingsSave:
    """The one Save of a channel page, all or nothing: its settings (``values``, as
    ``channel_change`` takes them), the warehouses a 3PL serves (``served_codes``) and, while the
    channel is and stays beta, its jobs' periods (``wanted_jobs`` by id, among ``jobs``). Every
    refusal of every part is returned, and then nothing is saved."""
    result = ChannelSettingsSave()
    stays_beta = channel.is_beta if values is None else bool(values.get("is_beta", True))
    with transaction.atomic():
        if values is not None:
            result.field_errors |= _refusals(
                lambda: channel_change(actor=actor, channel=channel, values=values)
            )
        if served_codes is not None:
            result.field_errors |= _refusals(
                lambda: channel_served_warehouses_set(
                    actor=actor, channel=channel, warehouse_codes=served_codes
                )
            )
        if wanted_jobs is not None and channel.is_beta and stays_beta:
            changes = jobs_change(actor=actor, jobs=jobs or [], wanted=wanted_jobs)
            result.jobs_changed, result.job_errors = changes.saved, changes.errors
        if not result.saved:
            transaction.set_rollback(True)
    return result


def _refusals(write) -> dict[str, str]:
    """Run ``write`` in a savepoint; → its field refusals (none when it succeeded)."""
    try:
        with transaction.atomic():
            write()
    except ValidationFailed as exc:
        return dict(exc.errors)
    return {}
