"""The Master Product Channel: a setting of the account page stored on the channels, and the rule
of seed 000 that only the master channel may import products.

Registered into tenancy's settings declaration at start-up (like the Default Warehouse), so the
account page, the API and the change history treat it as one more setting. Values are channel ids.
"""

from __future__ import annotations

from openoms.activity.models import EventLevel
from openoms.activity.services import event_record
from openoms.channels.kinds import KINDS, Capability
from openoms.channels.models import Channel
from openoms.tenancy.account_settings import (
    MASTER_PRODUCT_CHANNEL,
    REFERENCE,
    TAB_WORKFLOW,
    Setting,
    register_setting,
    register_settings_check,
)
from openoms.tenancy.models import Account, MasterProductSource

TYPE_OF_SOURCE = {
    MasterProductSource.SALES_CHANNEL: "sales",
    MasterProductSource.FULFILLMENT_CHANNEL: "fulfillment",
}


def _importing_channels(account: Account):
    codes = [code for code, kind in KINDS.items() if kind.can(Capability.IMPORT_PRODUCTS)]
    return Channel.objects.filter(account=account, kind__in=codes).order_by("type", "name")


def master_channel_choices(account: Account) -> list[tuple[str, str]]:
    """Channels that can import products; disabled ones stay selectable, with the suffix."""
    return [
        (str(c.pk), f"{c.display_name} — {c.get_type_display()}")
        for c in _importing_channels(account)
    ]


def read_master(account: Account) -> str | None:
    pk = Channel.objects.filter(account=account, is_product_master=True).values_list(
        "pk", flat=True
    )
    first = pk.first()
    return str(first) if first is not None else None


def write_master(account: Account, value: object) -> None:
    """Move the master flag, and say in the Events log where Import Products may now run."""
    before = Channel.objects.filter(account=account, is_product_master=True).first()
    Channel.objects.filter(account=account, is_product_master=True).update(is_product_master=False)
    after = None
    if value:
        after = Channel.objects.filter(account=account, pk=int(str(value))).first()
        Channel.objects.filter(account=account, pk=int(str(value))).update(is_product_master=True)
    if before != after:
        _record_master_moved(account, before, after)


def _record_master_moved(account: Account, before: Channel | None, after: Channel | None) -> None:
    if after is not None:
        message = f"Import Products is now allowed only on {after.display_name}."
    else:
        message = "Import Products is no longer allowed on any channel: OpenOMS is the source."
    if before is not None:
        message += f" {before.display_name} no longer imports products."
    channel = after or before
    event_record(
        account=account,
        level=EventLevel.INFO,
        message=message,
        entity_type="channel",
        entity_id=str(channel.pk) if channel else "",
        entity_label=channel.name if channel else "",
        channel_id=channel.pk if channel else None,
    )


def check_master(account: Account, after: dict[str, object]) -> dict[str, str]:
    """The channel must match the source: a sales channel for Sales Channel, and so on."""
    source = after.get("master_product_source")
    chosen = after.get(MASTER_PRODUCT_CHANNEL)
    if source == MasterProductSource.OPENOMS:
        if chosen:
            return {MASTER_PRODUCT_CHANNEL: "Leave it empty: OpenOMS is the Master Product Source."}
        return {}
    wanted = TYPE_OF_SOURCE[source]
    label = "sales" if wanted == "sales" else "fulfillment"
    channel = (
        Channel.objects.filter(account=account, pk=int(str(chosen))).first() if chosen else None
    )
    if channel is None or channel.type != wanted:
        return {
            MASTER_PRODUCT_CHANNEL: f"Choose the Master Product Channel among the account's "
            f"{label} channels that can import products."
            + (
                ""
                if _importing_channels(account).filter(type=wanted).exists()
                else f" This account has none yet: add one under {label.title()} Channels first."
            )
        }
    return {}


MASTER_PRODUCT_CHANNEL_SETTING = Setting(
    name=MASTER_PRODUCT_CHANNEL,
    label="Master Product Channel",
    tab=TAB_WORKFLOW,
    help=(
        "The channel products are imported from when a channel is the Master Product Source. "
        "Only channels that can import products are offered. A disabled channel can be chosen, "
        "but no product data syncs from it while it is disabled."
    ),
    kind=REFERENCE,
    api_path=(MASTER_PRODUCT_CHANNEL,),
    account_choices=master_channel_choices,
    read=read_master,
    write=write_master,
)


def register_master_product_setting() -> None:
    register_setting(MASTER_PRODUCT_CHANNEL_SETTING, after="master_product_source")
    register_settings_check(check_master)


OPENOMS_IS_SOURCE = (
    "OpenOMS is this account's Master Product Source: products are created in OpenOMS and "
    "exported to the channels, never imported."
)


MASTER_NAME_CACHE = "_master_product_channel_name"


def product_import_refusal(channel: Channel) -> str | None:
    """Why Import Products may not run on ``channel`` (seed 000), or None when it may."""
    account = channel.account
    if not channel.kind_spec.can(Capability.IMPORT_PRODUCTS):
        return f"{channel.kind_spec.label} channels cannot import products."
    if account.master_product_source == MasterProductSource.OPENOMS:
        return OPENOMS_IS_SOURCE
    if not channel.is_product_master:
        master = master_display_name(account)
        where = f" ({master})" if master else ""
        return f"Only the Master Product Channel{where} imports products (Account → Workflow Settings)."
    return None


def master_display_name(account: Account) -> str | None:
    """The display name of the account's Master Product Channel (None: none is set), read once
    per ``account`` object: the rows of a page that share their account share the lookup."""
    if MASTER_NAME_CACHE not in account.__dict__:
        master = Channel.objects.filter(account=account, is_product_master=True).first()
        account.__dict__[MASTER_NAME_CACHE] = master.display_name if master else None
    return account.__dict__[MASTER_NAME_CACHE]


def product_export_refusal(channel: Channel) -> str | None:
    """Why Export Products may not run on ``channel``, or None when it may."""
    if not channel.kind_spec.can(Capability.EXPORT_PRODUCTS):
        return f"{channel.kind_spec.label} channels cannot export products."
    if channel.is_product_master:
        return (
            f"{channel.name} is the Master Product Channel: products are imported from it, "
            "never exported to it."
        )
    return None
