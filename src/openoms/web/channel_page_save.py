"""The one Save of a channel page: Main Settings, Advanced Settings and, on a beta channel, the
Other System Settings job periods, saved together or not at all.

Each part goes through its own service (``channel_change``, ``channel_served_warehouses_set``,
``job_update`` per changed job); any refusal rolls every part back and is shown inline, on its
field or next to its job's row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from openoms.automation.services.setup import channel_change
from openoms.channels.services.channels import channel_served_warehouses_set
from openoms.core.errors import ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm
from openoms.web.channel_forms import ChannelSettingsForm
from openoms.web.channel_scope import ChannelScope
from openoms.web.job_rows import channel_jobs, jobs_save


@dataclass
class PageSave:
    """What a Save did: the job changes saved, or the refusals (nothing saved then)."""

    job_changes: list[str] = field(default_factory=list)
    field_errors: dict[str, str] = field(default_factory=dict)
    job_errors: dict[int, str] = field(default_factory=dict)

    @property
    def saved(self) -> bool:
        return not (self.field_errors or self.job_errors)

    def message(self) -> str:
        if not self.job_changes:
            return "Channel settings saved."
        count = len(self.job_changes)
        changes = f"{count} job change{'' if count == 1 else 's'}"
        return f"Channel settings saved, with {changes}: {'; '.join(self.job_changes)}."


def _channel_steps(
    actor: Actor, scope: ChannelScope, form: ChannelSettingsForm, values: dict
) -> list[Callable]:
    channel = scope.channel
    if scope.is_sales:
        values["pii_retention_days"] = form.text("pii_retention_days").strip()
        return [lambda: channel_change(actor=actor, channel=channel, values=values)]
    codes = form.served_codes()
    return [
        lambda: channel_change(actor=actor, channel=channel, values=values),
        lambda: channel_served_warehouses_set(actor=actor, channel=channel, warehouse_codes=codes),
    ]


def _run_steps(steps: list[Callable]) -> dict[str, str]:
    """Run each step in a savepoint; → every field error of every step."""
    errors: dict[str, str] = {}
    for step in steps:
        try:
            with transaction.atomic():
                step()
        except ValidationFailed as exc:
            errors.update(exc.errors)
    return errors


def channel_page_save(actor: Actor, scope: ChannelScope, form: ChannelSettingsForm) -> PageSave:
    """Save the parts of the page the actor may change, in one transaction: the channel's
    settings (Channels manage), then its posted job rows (Automation manage; a beta channel
    that stays beta). Rolled back whole when any part is refused."""
    result = PageSave()
    stays_beta = scope.channel.is_beta
    with transaction.atomic():
        if actor.can(Perm.CHANNELS_MANAGE):
            values = form.values(scope.channel.kind_spec)
            stays_beta = values["is_beta"]
            result.field_errors = _run_steps(_channel_steps(actor, scope, form, values))
        if actor.can(Perm.AUTOMATION_MANAGE) and scope.channel.is_beta and stays_beta:
            jobs = jobs_save(actor, channel_jobs(actor, scope), form.data)
            result.job_changes, result.job_errors = jobs.saved, jobs.errors
        if not result.saved:
            transaction.set_rollback(True)
    return result
