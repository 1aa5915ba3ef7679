"""Channels: create, edit (credentials kept unless replaced), enable/disable, served warehouses."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from openoms.channels.base_url import clean_base_url
from openoms.channels.kinds import FULFILLMENT, KINDS
from openoms.channels.models import Channel, ChannelWarehouse
from openoms.core.errors import InvalidValue, ValidationFailed
from openoms.inventory.models import AccountWarehouse, WarehouseKind
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.tenancy.setting_values import MAX_RETENTION_DAYS


def _clean_name(account: Account, name: object, exclude: int | None = None) -> str:
    value = str(name or "").strip()
    if not value or len(value) > 120 or not value.isprintable():
        raise ValidationFailed({"name": "Enter a name of 1 to 120 printable characters."})
    taken = Channel.objects.filter(account=account, name__iexact=value).exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed({"name": "The account already has a channel with this name."})
    return value


def _clean_credentials(kind_code: str, given: dict, stored: dict | None) -> dict:
    """Every field of the kind; a secret left empty keeps the stored one."""
    errors: dict[str, str] = {}
    result: dict[str, str] = {}
    for field in KINDS[kind_code].credentials:
        value = str(given.get(field.name) or "").strip()
        if not value and field.secret and stored and stored.get(field.name):
            value = stored[field.name]
        if not value and field.required:
            errors[f"credentials.{field.name}"] = f"{field.label} is required."
        elif len(value) > 500 or not value.isprintable():
            errors[f"credentials.{field.name}"] = f"{field.label} is not valid."
        elif value and field.number_max is not None and not _in_range(value, field.number_max):
            errors[f"credentials.{field.name}"] = (
                f"{field.label} must be a number from 0 to {field.number_max:g}."
            )
        if value:
            result[field.name] = value
    if errors:
        raise ValidationFailed(errors)
    return result


def _in_range(value: str, maximum: float) -> bool:
    try:
        return 0 <= float(value) <= maximum
    except ValueError:
        return False


def _clean_days(raw: object) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        days = int(str(raw))
    except ValueError as exc:
        raise InvalidValue("Enter a whole number of days, or leave it empty.") from exc
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise InvalidValue(f"Enter 1 to {MAX_RETENTION_DAYS} days, or leave it empty.")
    return days


def _retention(channel: Channel, raw: object) -> int | None:
    """A sales channel's PII retention days (``ValidationFailed`` on the field otherwise): a
    fulfillment channel has none, its orders come from the sales channels."""
    try:
        days = _clean_days(raw)
    except InvalidValue as exc:
        raise ValidationFailed({"pii_retention_days": str(exc)}) from exc
    if days is not None and channel.type == FULFILLMENT:
        raise ValidationFailed(
            {
                "pii_retention_days": "Only sales channels have a PII retention: the orders "
                "a fulfillment channel ships follow their own sales channel's."
            }
        )
    return days


@transaction.atomic
def channel_create(
    *,
    actor: Actor,
    account: Account,
    type: str,
    kind: str,
    name: str,
    credentials: dict,
    is_enabled: bool = True,
    is_beta: bool = True,
) -> Channel:
    """A new sales or fulfillment channel of a kind that fits its type."""
    actor.require_account(account)
    actor.require(Perm.CHANNELS_MANAGE)
    spec = KINDS.get(kind)
    if spec is None or spec.channel_type != type:
        offered = ", ".join(k.code for k in KINDS.values() if k.channel_type == type)
        raise ValidationFailed({"kind": f"Choose one of the {type} channel kinds: {offered}."})
    channel = Channel(
        account=account,
        type=type,
        kind=kind,
        name=_clean_name(account, name),
        credentials=_clean_credentials(kind, credentials or {}, None),
        is_enabled=bool(is_enabled),
        is_beta=bool(is_beta),
    )
    try:
        with transaction.atomic():
            channel.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            {"name": "The account already has a channel with this name."}
        ) from exc
    return channel


@transaction.atomic
def channel_update(*, actor: Actor, channel: Channel, values: dict) -> Channel:
    """Change any of name, is_enabled, is_beta, credentials (secrets kept when left empty),
    api_base_url (``channels.base_url``) and, on sales channels, pii_retention_days (the
    channel's own setting wins over the account's)."""
    channel = Channel.objects.select_for_update().select_related("account").get(pk=channel.pk)
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_MANAGE)
    if "name" in values:
        channel.name = _clean_name(channel.account, values["name"], exclude=channel.pk)
    for flag in ("is_enabled", "is_beta"):
        if flag in values:
            setattr(channel, flag, bool(values[flag]))
    if "credentials" in values:
        channel.credentials = _clean_credentials(
            channel.kind, values["credentials"] or {}, channel.credentials
        )
    if "api_base_url" in values:
        try:
            channel.api_base_url = clean_base_url(values["api_base_url"])
        except InvalidValue as exc:
            raise ValidationFailed({"api_base_url": str(exc)}) from exc
    if "pii_retention_days" in values:
        channel.pii_retention_days = _retention(channel, values["pii_retention_days"])
    channel.save()
    return channel


@transaction.atomic
def channel_served_warehouses_set(
    *, actor: Actor, channel: Channel, warehouse_codes: Iterable[str]
) -> list[str]:
    """The physical warehouses (enabled for the account) a fulfillment channel serves."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_MANAGE)
    if channel.type != FULFILLMENT:
        raise ValidationFailed({"warehouses": "Only fulfillment channels serve warehouses."})
    wanted = sorted({str(c).strip().upper() for c in warehouse_codes if str(c).strip()})
    enabled = {
        row.warehouse.code: row.warehouse
        for row in AccountWarehouse.objects.filter(
            account=channel.account, warehouse__kind=WarehouseKind.PHYSICAL
        ).select_related("warehouse")
    }
    unknown = [code for code in wanted if code not in enabled]
    if unknown:
        raise ValidationFailed(
            {
                "warehouses": f"Not an enabled physical warehouse of the account: {', '.join(unknown)}."
            }
        )
    ChannelWarehouse.objects.filter(channel=channel).delete()
    ChannelWarehouse.objects.bulk_create(
        ChannelWarehouse(channel=channel, warehouse=enabled[code]) for code in wanted
    )
    return wanted


def channel_credentials_renew(channel: Channel, credentials: dict) -> None:
    """Store credentials a connector renewed (a new access token and when it expires), as they
    came: no actor, the channel's connector asks. Committed at once, so a run that fails later
    keeps the new token; encrypted at rest like every credential."""
    with transaction.atomic():
        stored = Channel.objects.select_for_update().get(pk=channel.pk)
        stored.credentials = dict(credentials)
        stored.save(update_fields=["credentials"])
    channel.credentials = dict(credentials)
