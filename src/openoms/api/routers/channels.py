"""Sales and fulfillment channels: read them and translate a channel SKU.

Channels and their credentials are created and changed in the web UI only.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from openoms.api.auth import request_tenant
from openoms.api.errors import error_response
from openoms.api.schemas.channels import (
    ChannelDetailOut,
    ChannelOut,
    ChannelTypeCode,
    ChannelUpdatedOut,
    ChannelUpdateIn,
    TranslationOut,
)
from openoms.api.schemas.common import PathId, error_responses
from openoms.api.serializers.channels import channel_detail_out, channel_out
from openoms.channels.kinds import SALES
from openoms.channels.models import Channel
from openoms.channels.selectors import (
    channel_get,
    channels,
    served_warehouse_codes,
    warehouse_mappings,
)
from openoms.channels.services.sku_mappings import MAX_CHANNEL_SKU, sku_translate
from openoms.core.errors import ValidationFailed
from openoms.sync.services.inventory_settings import (
    InventorySettingRefused,
    InventoryWanted,
    channel_settings_update,
)
from openoms.tenancy.actor import Actor

router = Router(tags=["Channels"])

ChannelId = Annotated[PathId, Path()]


class ChannelFilters(Schema):
    type: ChannelTypeCode | None = Field(None, description="Only sales or only fulfillment.")


class TranslateQuery(Schema):
    channel_sku: str = Field(
        min_length=1, max_length=MAX_CHANNEL_SKU, description="The SKU as the channel spells it."
    )


def request_channel(request: HttpRequest, channel_id: int) -> tuple[Actor, Channel]:
    """The request's actor and the channel ``channel_id`` of its account (else 404)."""
    actor, account = request_tenant(request)
    return actor, channel_get(actor, account, channel_id)


@router.get(
    "",
    response={200: list[ChannelOut], **error_responses(401, 403, 422)},
    operation_id="channels_list",
)
def list_channels(request: HttpRequest, filters: Query[ChannelFilters]):
    """The account's channels: fulfillment, then sales, each by name.

    Not paginated (an account has few). Disabled channels are listed too (`is_enabled`: false,
    `display_name` ending with " (disabled)"). Credentials are never returned.
    """
    actor, account = request_tenant(request)
    return [channel_out(channel) for channel in channels(actor, account, type=filters.type)]


@router.get(
    "/{channel_id}",
    response={200: ChannelDetailOut, **error_responses(401, 403, 404, 422)},
    operation_id="channels_get",
)
def get_channel(request: HttpRequest, channel_id: ChannelId):
    """One channel: a sales channel with its `warehouse_mappings`, a fulfillment channel with
    the `warehouses` it serves. Another account's channel is 404 not_found."""
    actor, channel = request_channel(request, channel_id)
    return _detail(actor, channel)


@router.patch(
    "/{channel_id}",
    response={200: ChannelUpdatedOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="channels_update",
)
def update_channel(request: HttpRequest, channel_id: ChannelId, payload: ChannelUpdateIn):
    """Change the channel's name, Enabled, Beta/Stable, PII retention days (sales channels),
    API base URL or, on a beta sales channel, its inventory synchronization
    (`inventory_sync_mode`, `update_duplicate_skus`); fields left out keep their values, and
    all the changes are saved together or not at all. Rules as on its page: a name the account
    already uses, `http://` to anything but this machine, or a retention outside 1 to 36,500
    days is a 422 naming the field, and nothing changes. A channel made beta gets its own
    recurring jobs at once. Needs the Channels manage permission.

    Inventory synchronization (seed 002), 422 with the reason as `code`:
    `stable_channel_follows_account` (a stable sales channel follows the account's Enable
    Inventory Real-Time Updates), `not_a_sales_channel`, `duplicate_skus_unsupported` (only
    Shopify can turn `update_duplicate_skus` on),
    `duplicate_skus_require_sync_with_fulfillment_channel` (another mode while duplicates stay
    on: turn them off first or in the same request). Turning `update_duplicate_skus` on switches
    the mode to `sync_with_fulfillment_channel`; `notices` says so, with the overselling
    warning. Leaving `do_not_sync` for a sending mode without `confirm`: true is a 409
    `confirmation_required` whose `preview` is the dry run, and nothing changes: `checked`
    (listing and location pairs compared), `changes` and `to_zero` (rows `channel_sku`,
    `location`, `listing_ref`, `known`: what the channel holds as last sent or read,
    `available`: what would be sent), `unchanged`, `unknown` (never sent nor read) and `note`.
    A switch into a sending mode sends at once what the channel missed meanwhile."""
    actor, channel = request_channel(request, channel_id)
    values = payload.model_dump(exclude_unset=True)
    wanted = InventoryWanted(
        values.pop("inventory_sync_mode", None), values.pop("update_duplicate_skus", None)
    )
    confirm = bool(values.pop("confirm", False))
    together = channel_settings_update(
        actor=actor, channel=channel, values=values, wanted=wanted, confirm=confirm
    )
    if together.field_errors:
        if together.code:
            raise InventorySettingRefused(together.field_errors, together.code)
        raise ValidationFailed(together.field_errors)
    if together.preview is not None:
        preview = asdict(together.preview.preview)
        return error_response(409, together.preview.code, together.preview.message, preview=preview)
    saved = channel_get(actor, channel.account, channel.pk)
    return _detail(actor, saved) | {"notices": together.notices}


def _detail(actor: Actor, channel: Channel) -> dict:
    if channel.type == SALES:
        return channel_detail_out(channel, mappings=warehouse_mappings(actor, channel))
    return channel_detail_out(channel, served=served_warehouse_codes(actor, channel))


@router.get(
    "/{channel_id}/translate",
    response={200: TranslationOut, **error_responses(401, 403, 404, 422)},
    operation_id="channels_translate_sku",
)
def translate_sku(request: HttpRequest, channel_id: ChannelId, query: Query[TranslateQuery]):
    """The OpenOMS SKU a channel SKU stands for, as orders and inventory sync translate it.

    Its mapping if it has one; else the OpenOMS SKU spelled exactly the same; else 422
    `unknown_sku` naming the channel and the SKU.
    """
    _, channel = request_channel(request, channel_id)
    variant = sku_translate(channel=channel, channel_sku=query.channel_sku)
    return {"channel_sku": query.channel_sku, "sku": variant.sku}
