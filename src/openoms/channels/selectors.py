"""Channel reads, scoped to the actor's account: another account's channel is "not found"."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm


def channels(actor: Actor, account: Account, *, type: str | None = None) -> QuerySet[Channel]:
    actor.require_account(account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = Channel.objects.filter(account=account)
    return rows.filter(type=type) if type else rows


def channel_get(actor: Actor, account: Account, pk: int, *, type: str | None = None) -> Channel:
    channel = channels(actor, account, type=type).filter(pk=pk).select_related("account").first()
    if channel is None:
        raise NotFound("Channel not found.")
    return channel


def sku_mappings(actor: Actor, channel: Channel, *, q: str = "") -> QuerySet[SkuMapping]:
    """A channel's SKU mappings, searchable by channel SKU or OpenOMS SKU."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = SkuMapping.objects.filter(channel=channel).select_related("variant__product")
    if q.strip():
        rows = rows.filter(
            Q(channel_sku__icontains=q.strip()) | Q(variant__sku__icontains=q.strip())
        )
    return rows.order_by("channel_sku")


def warehouse_mappings(actor: Actor, channel: Channel) -> QuerySet[WarehouseMapping]:
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    return WarehouseMapping.objects.filter(channel=channel).select_related("warehouse")


def served_warehouse_codes(actor: Actor, channel: Channel) -> list[str]:
    """The physical warehouses a fulfillment channel serves, by code."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = channel.served_warehouses.select_related("warehouse").order_by("warehouse__code")
    return [row.warehouse.code for row in rows]


def master_channel(actor: Actor, account: Account) -> Channel | None:
    """The account's Master Product Channel, if a channel is the Master Product Source."""
    return channels(actor, account).filter(is_product_master=True).first()
