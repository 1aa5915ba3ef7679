"""Seed 002's settings of a beta sales channel: *Inventory Synchronization with Sales Channel*
(the mode) and *Duplicate SKU — update inventory when duplicate skus are found*, with their rules.
The channel page (with the page's other settings, all or nothing) and ``PATCH /channels/{id}``
both change them here.

The rules:
- Only beta sales channels have them: a stable sales channel follows the account's *Enable
  Inventory Real-Time Updates*, a fulfillment channel receives no inventory.
- Duplicate SKU can be turned on only where the kind can update every listing sharing a SKU
  (``Kind.updates_duplicate_skus``: Shopify). Turning it on switches the mode to *Synchronize With
  Fulfillment Channel* (the seed article), and says so. While it stays on, another mode is
  refused: deltas to listings that share a SKU would oversell; turn it off first (or in the same
  change).
- Switching from *Do not Synchronize* into a sending mode first needs the preview confirmed
  (ADR 0004 decision 9): without ``confirm`` nothing changes and ``PreviewRequired`` carries what
  would be sent (``sync.selectors.outbox.inventory_preview``).
- Any switch into a sending mode sends at once what the channel missed (``outbox_catch_up``:
  fulls where Available differs from the last value sent), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from openoms.activity.models import EventLevel
from openoms.automation.services.setup import channel_change, channel_settings_save
from openoms.channels.events import channel_event
from openoms.channels.kinds import KINDS, SALES
from openoms.channels.models import Channel, InventorySyncMode
from openoms.core.errors import ConfirmationRequired, ValidationFailed
from openoms.sync.selectors.outbox import inventory_preview
from openoms.sync.services.outbox import outbox_catch_up, outbox_discard
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

MODE, DUPLICATES = "inventory_sync_mode", "update_duplicate_skus"
DO_NOT_SYNC = InventorySyncMode.DO_NOT_SYNC.value
SYNC_WITH_FC = InventorySyncMode.SYNC_WITH_FULFILLMENT_CHANNEL.value
SENDING_MODES = frozenset(InventorySyncMode.values) - {DO_NOT_SYNC}
MODE_LABELS = dict(InventorySyncMode.choices)
OVERSELLING_WARNING = (
    "Updating every listing that shares a SKU may lead to overselling: when one of them sells, "
    "its duplicates may show the old quantity until the next inventory synchronization corrects "
    "them."
)

# Machine-readable reasons of a refusal (the API's error ``code``).
STABLE_CHANNEL = "stable_channel_follows_account"
NOT_SALES_CHANNEL = "not_a_sales_channel"
DUPLICATES_UNSUPPORTED = "duplicate_skus_unsupported"
DUPLICATES_NEED_FC = "duplicate_skus_require_sync_with_fulfillment_channel"
INVALID_VALUE = "validation_error"


class InventorySettingRefused(ValidationFailed):
    """A refused change of the mode or Duplicate SKU; ``code`` says why, for programs."""

    def __init__(self, errors: dict[str, str], code: str):
        super().__init__(errors, "The inventory synchronization settings cannot be changed so.")
        self.code = code


class PreviewRequired(ConfirmationRequired):
    """Switching into a sending mode needs the preview confirmed; ``preview`` is the dry run."""

    def __init__(self, message: str, preview: object):
        super().__init__(message, field=MODE)
        self.preview = preview


@dataclass(frozen=True)
class InventoryWanted:
    """What a request asks: a mode and/or Duplicate SKU (None: keep it)."""

    mode: str | None = None
    update_duplicate_skus: bool | None = None

    @property
    def given(self) -> bool:
        return self.mode is not None or self.update_duplicate_skus is not None


@dataclass(frozen=True)
class InventorySettingsChange:
    """The settings before and after a change, and what it did beyond the values asked."""

    mode_before: str
    mode: str
    duplicates_before: bool
    duplicates: bool
    notices: tuple[str, ...] = ()

    @property
    def starts_sending(self) -> bool:
        """True when the mode changed into one that sends (the catch-up was queued)."""
        return self.mode != self.mode_before and self.mode in SENDING_MODES


def settings_refusal(channel: Channel) -> tuple[str, str] | None:
    """Why ``channel`` has no mode and Duplicate SKU of its own (reason code, sentence), or None
    for a beta sales channel."""
    if channel.type != SALES:
        return NOT_SALES_CHANNEL, (
            "A fulfillment channel receives no inventory: these are settings of a sales channel."
        )
    if not channel.is_beta:
        return STABLE_CHANNEL, (
            "A stable sales channel follows the account's Enable Inventory Real-Time Updates; "
            "make it beta to choose its own inventory synchronization."
        )
    return None


def duplicates_refusal(kind_code: str) -> str | None:
    """Why a channel of this kind cannot turn Duplicate SKU on, or None when it can."""
    kind = KINDS[kind_code]
    if kind.updates_duplicate_skus:
        return None
    capable = ", ".join(k.label for k in KINDS.values() if k.updates_duplicate_skus)
    return (
        f"{kind.label} channels cannot update listings that share a SKU yet; only {capable} "
        "can. Duplicate SKUs are skipped, with a Warning per SKU."
    )


def _planned(channel: Channel, wanted: InventoryWanted) -> InventorySettingsChange:
    """The settings ``wanted`` leads to under the rules, or ``InventorySettingRefused``."""
    if refusal := settings_refusal(channel):
        code, reason = refusal
        fields = [
            name
            for name, value in ((MODE, wanted.mode), (DUPLICATES, wanted.update_duplicate_skus))
            if value is not None
        ]
        raise InventorySettingRefused(dict.fromkeys(fields, reason), code)
    mode = channel.inventory_sync_mode if wanted.mode is None else wanted.mode
    if mode not in MODE_LABELS:
        choices = ", ".join(MODE_LABELS.values())
        raise InventorySettingRefused({MODE: f"Choose one of: {choices}."}, INVALID_VALUE)
    before = channel.update_duplicate_skus
    duplicates = before if wanted.update_duplicate_skus is None else wanted.update_duplicate_skus
    notices: list[str] = []
    if duplicates and not before:
        if reason := duplicates_refusal(channel.kind):
            raise InventorySettingRefused({DUPLICATES: reason}, DUPLICATES_UNSUPPORTED)
        notices.append(OVERSELLING_WARNING)
        # The page's script picks the mode before Save: the switch is told against the
        # saved mode too, so the page says it as the API does.
        switched = mode if mode != SYNC_WITH_FC else channel.inventory_sync_mode
        if switched != SYNC_WITH_FC:
            notices.append(
                f"Duplicate SKU is on, so Inventory Synchronization with Sales Channel was "
                f"switched from {MODE_LABELS[switched]} to "
                f"{MODE_LABELS[SYNC_WITH_FC]}."
            )
            mode = SYNC_WITH_FC
    elif duplicates and mode != SYNC_WITH_FC:
        raise InventorySettingRefused(
            {
                MODE: f"While Duplicate SKU is Yes the mode stays {MODE_LABELS[SYNC_WITH_FC]} "
                "(deltas to listings sharing a SKU would oversell): set Duplicate SKU to No "
                "first, or in the same change."
            },
            DUPLICATES_NEED_FC,
        )
    return InventorySettingsChange(
        channel.inventory_sync_mode, mode, before, duplicates, tuple(notices)
    )


@transaction.atomic
def inventory_settings_change(
    *, actor: Actor, channel: Channel, wanted: InventoryWanted, confirm: bool = False
) -> InventorySettingsChange:
    """Change the mode and/or Duplicate SKU of ``channel`` under the rules (module docstring).

    ``InventorySettingRefused`` (a ``ValidationFailed`` by field, with a reason ``code``) when a
    rule refuses; ``PreviewRequired`` when leaving *Do not Synchronize* is not ``confirm``-ed;
    nothing changes then. Each change is an Info event of the channel; a switch into a sending
    mode queues the catch-up."""
    channel = Channel.objects.select_for_update().select_related("account").get(pk=channel.pk)
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_MANAGE)
    change = _planned(channel, wanted)
    if change.mode_before == DO_NOT_SYNC and change.starts_sending and not confirm:
        raise PreviewRequired(
            f"Switching {channel.name} from {MODE_LABELS[DO_NOT_SYNC]} to "
            f"{MODE_LABELS[change.mode]} sends OpenOMS's Available quantities to the channel: "
            "review what would change, then confirm.",
            inventory_preview(actor, channel),
        )
    if (change.mode, change.duplicates) == (change.mode_before, change.duplicates_before):
        return change
    channel.inventory_sync_mode, channel.update_duplicate_skus = change.mode, change.duplicates
    channel.save(update_fields=[MODE, DUPLICATES, "updated_at"])
    channel_event(channel, EventLevel.INFO, _described(channel, change), actor.label)
    if change.starts_sending:
        outbox_catch_up(channel)
    elif change.mode == DO_NOT_SYNC and change.mode_before != DO_NOT_SYNC:
        outbox_discard(channel)
    return change


def _described(channel: Channel, change: InventorySettingsChange) -> str:
    parts = []
    if change.mode != change.mode_before:
        parts.append(
            f"Inventory Synchronization with Sales Channel changed from "
            f"{MODE_LABELS[change.mode_before]} to {MODE_LABELS[change.mode]}"
        )
    if change.duplicates != change.duplicates_before:
        parts.append(f"Duplicate SKU changed to {'Yes' if change.duplicates else 'No'}")
    return f"{'; '.join(parts)} on {channel.name}."


@dataclass(frozen=True)
class SavedTogether:
    """What a save of the inventory settings with other settings did: the inventory change (None
    when none was asked or nothing was saved), the refusals by field with the inventory refusal's
    reason ``code``, or the preview to confirm; ``other`` is what the other settings' save
    returned. Nothing is saved unless ``saved``."""

    inventory: InventorySettingsChange | None
    field_errors: dict[str, str]
    code: str
    preview: PreviewRequired | None
    other: object
    other_refused: bool

    @property
    def saved(self) -> bool:
        return not (self.field_errors or self.other_refused) and self.preview is None

    @property
    def notices(self) -> list[str]:
        return list(self.inventory.notices) if self.inventory else []


def saved_together(
    *,
    actor: Actor,
    channel: Channel,
    wanted: InventoryWanted,
    confirm: bool,
    other: Callable[[], tuple[object, dict[str, str], bool]],
) -> SavedTogether:
    """Change the inventory settings and run ``other`` (the other settings' save → its result,
    its field refusals, whether it refused anything) in one transaction, all or nothing. The
    inventory settings go first, so they are judged on the channel as it was. Every refusal of
    both is returned; the preview only when nothing was refused."""
    errors: dict[str, str] = {}
    change = preview = None
    code = ""
    with transaction.atomic():
        if wanted.given:
            try:
                with transaction.atomic():
                    change = inventory_settings_change(
                        actor=actor, channel=channel, wanted=wanted, confirm=confirm
                    )
            except ValidationFailed as exc:
                errors, code = dict(exc.errors), exc.code
            except PreviewRequired as exc:
                preview = exc
        result, other_errors, refused = other()
        errors |= other_errors
        refused = refused or bool(other_errors)
        if errors or refused:
            preview = None
        if errors or refused or preview is not None:
            change = None
            transaction.set_rollback(True)
    return SavedTogether(change, errors, code, preview, result, refused)


def channel_page_settings_save(
    *, actor: Actor, channel: Channel, wanted: InventoryWanted, confirm: bool, **settings
) -> SavedTogether:
    """A channel page's one Save: the inventory settings and ``channel_settings_save(**settings)``
    (Main and Advanced Settings, served warehouses, job periods), all or nothing; ``other`` is
    the ``ChannelSettingsSave``."""

    def other():
        result = channel_settings_save(actor=actor, channel=channel, **settings)
        return result, result.field_errors, not result.saved

    return saved_together(actor=actor, channel=channel, wanted=wanted, confirm=confirm, other=other)


def channel_settings_update(
    *, actor: Actor, channel: Channel, values: dict, wanted: InventoryWanted, confirm: bool
) -> SavedTogether:
    """``PATCH /channels/{id}``: the inventory settings and ``channel_change(values)`` together,
    all or nothing; ``other`` is the channel as saved (None when refused or not asked)."""

    def other():
        if not values:
            return None, {}, False
        try:
            with transaction.atomic():
                return channel_change(actor=actor, channel=channel, values=values), {}, False
        except ValidationFailed as exc:
            return None, dict(exc.errors), True

    return saved_together(actor=actor, channel=channel, wanted=wanted, confirm=confirm, other=other)
