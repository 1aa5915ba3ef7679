"""The one Save of a channel page: what the form posts, for ``channel_settings_save`` (Main
Settings, Advanced Settings and, on a beta channel, the Other System Settings job periods, saved
together or not at all), and the message that says what was saved.

Only the parts the user may change are sent: the channel's settings (with, on a beta sales
channel, its inventory synchronization, ``sync.services.inventory_settings``) with Channels
manage, the job periods with Automation manage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.sync.services.inventory_settings import (
    InventoryWanted,
    PreviewRequired,
    channel_page_settings_save,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm
from openoms.web.channel_forms import ChannelSettingsForm
from openoms.web.channel_scope import ChannelScope
from openoms.web.job_rows import channel_jobs, describe, posted_jobs

CONFIRM_PREVIEW = "confirm_inventory_preview"  # the preview's "Confirm and save" button


@dataclass
class PageSave:
    """What a Save did: the job changes saved and the notices of the inventory settings (the
    mode Duplicate SKU switched), or the refusals or the inventory preview to confirm (nothing
    saved then)."""

    job_changes: list[str] = field(default_factory=list)
    field_errors: dict[str, str] = field(default_factory=dict)
    job_errors: dict[int, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    preview: PreviewRequired | None = None

    @property
    def saved(self) -> bool:
        return not (self.field_errors or self.job_errors) and self.preview is None

    def message(self) -> str:
        if not self.job_changes:
            return "Channel settings saved."
        count = len(self.job_changes)
        changes = f"{count} job change{'' if count == 1 else 's'}"
        return f"Channel settings saved, with {changes}: {'; '.join(self.job_changes)}."


def channel_page_save(actor: Actor, scope: ChannelScope, form: ChannelSettingsForm) -> PageSave:
    """Save what the actor may change on the page, in one transaction (the service's)."""
    channel = scope.channel
    values = served = found = wanted = None
    inventory = InventoryWanted()
    if actor.can(Perm.CHANNELS_MANAGE):
        values = form.values(channel.kind_spec)
        inventory = form.inventory_wanted()
        if scope.is_sales:
            values["pii_retention_days"] = form.text("pii_retention_days").strip()
        else:
            served = form.served_codes()
    if actor.can(Perm.AUTOMATION_MANAGE) and channel.is_beta:
        found = channel_jobs(actor, scope)
        wanted = posted_jobs(found, form.data)
    together = channel_page_settings_save(
        actor=actor,
        channel=channel,
        wanted=inventory,
        confirm=bool(form.data.get(CONFIRM_PREVIEW)),
        values=values,
        served_codes=served,
        jobs=found,
        wanted_jobs=wanted,
    )
    result = together.other
    return PageSave(
        [describe(job) for job in result.jobs_changed] if together.saved else [],
        together.field_errors,
        result.job_errors,
        together.notices,
        together.preview,
    )
