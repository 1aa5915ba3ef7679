"""Channels, their SKU mappings and product sync runs: request and response shapes.

Credentials are never part of any shape here: they are set and replaced in the web UI only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.channels.base_url import MAX_LENGTH as MAX_BASE_URL
from openoms.channels.kinds import FULFILLMENT, KINDS, SALES, Capability
from openoms.channels.models import InventorySyncMode
from openoms.channels.services.sku_mappings import MAX_CHANNEL_SKU
from openoms.tenancy.setting_values import MAX_RETENTION_DAYS

ChannelTypeCode = Literal[SALES, FULFILLMENT]
KindCode = Literal[tuple(KINDS)]
CapabilityCode = Literal[tuple(Capability)]
InventorySyncModeCode = Literal[tuple(InventorySyncMode.values)]
InventorySyncColumn = Literal[(*InventorySyncMode.values, "stable_real_time", "stable_off")]


PII_RETENTION_HELP = (
    "Sales channels: days after an order's date before the PII Redaction job replaces its "
    "customer's names, addresses, e-mails and phones with a marker, irreversibly. It wins over "
    "the account's `pii_retention_days` for the channel's orders; null keeps their data (the "
    "account's setting applies only to API, manual and imported orders)."
)


class ChannelOut(BaseModel):
    """A sales or fulfillment channel of the account."""

    id: int
    name: str
    display_name: str = Field(
        description='The name as pickers show it: a disabled channel ends with " (disabled)".'
    )
    type: ChannelTypeCode
    kind: KindCode = Field(description="The connector: what the channel talks to.")
    is_beta: bool = Field(
        description="Beta channels have their own automation and inventory settings; stable "
        "ones follow the account's."
    )
    is_enabled: bool
    is_product_master: bool = Field(
        description="True for the account's Master Product Channel (Account → Workflow Settings)."
    )
    capabilities: list[CapabilityCode] = Field(description="What the channel's kind can do.")
    api_base_url: str = Field(
        description="Where its connector sends calls instead of the service's own address (an "
        "emulator, a proxy); empty: the real service."
    )


class ChannelUpdateIn(BaseModel):
    """What `PATCH /channels/{id}` may change; a field left out keeps its value. Credentials are
    set in the web UI only."""

    model_config = ConfigDict(extra="forbid")

    name: StrictStr = Field(None, max_length=120)
    is_enabled: StrictBool = None
    is_beta: StrictBool = Field(
        None, description="Beta: the channel's own jobs; stable: the account's."
    )
    pii_retention_days: Annotated[StrictInt, Field(ge=1, le=MAX_RETENTION_DAYS)] | None = Field(
        None, description=PII_RETENTION_HELP + " 1 to 36,500; a fulfillment channel has none (422)."
    )
    api_base_url: StrictStr | None = Field(
        None,
        max_length=MAX_BASE_URL,
        description="https://… anywhere, or http://… on a loopback address only (127.0.0.1, ::1, "
        'localhost), e.g. an emulator; "" points the channel back at the real service.',
    )
    inventory_sync_mode: InventorySyncModeCode = Field(
        None,
        description="Beta sales channels only: Inventory Synchronization with Sales Channel. "
        "`do_not_sync` sends nothing but the channel's manual sync; `real_time` sends each change "
        "as it happens; `sync_with_fulfillment_channel` sends full values when a fulfillment "
        "channel's job or manual sync runs. Leaving `do_not_sync` for a sending mode needs "
        "`confirm`: true (else 409 with the preview).",
    )
    update_duplicate_skus: StrictBool = Field(
        None,
        description="Beta sales channels only: update every listing that shares a SKU (true) or "
        "skip them with a Warning per SKU (false). Only kinds that can (Shopify) may turn it on; "
        "turning it on switches the mode to `sync_with_fulfillment_channel` (said in `notices`).",
    )
    confirm: StrictBool = Field(
        False,
        description="True once the preview of a switch from `do_not_sync` into a sending mode "
        "was reviewed (see 409 `confirmation_required`).",
    )


class WarehouseMappingOut(BaseModel):
    """An OpenOMS warehouse feeding a location of the sales channel."""

    warehouse: str = Field(description="The warehouse's code.")
    external_id: str = Field(description="The channel's location, e.g. a Shopify location id.")


class SalesChannelOut(ChannelOut):
    """A sales channel, with the warehouses whose inventory it receives."""

    type: Literal[SALES]
    warehouse_mappings: list[WarehouseMappingOut] = Field(
        description="Only mapped warehouses are used by inventory sync."
    )
    inventory_sync_mode: InventorySyncModeCode | None = Field(
        description="A beta channel's Inventory Synchronization with Sales Channel; null on a "
        "stable channel (it follows the account's Enable Inventory Real-Time Updates)."
    )
    update_duplicate_skus: bool = Field(
        description="Duplicate SKU — update inventory when duplicate skus are found (beta only)."
    )
    pii_retention_days: int | None = Field(description=PII_RETENTION_HELP)
    inventory_sync: InventorySyncColumn = Field(
        description="The trigger table's column the channel follows: its mode (beta), or "
        "`stable_real_time` / `stable_off` (stable: the account's Enable Inventory Real-Time "
        "Updates Yes / No)."
    )


class FulfillmentChannelOut(ChannelOut):
    """A fulfillment channel, with the physical warehouses it serves."""

    type: Literal[FULFILLMENT]
    warehouses: list[str] = Field(description="The codes of the warehouses it serves.")


ChannelDetailOut = Annotated[SalesChannelOut | FulfillmentChannelOut, Field(discriminator="type")]

NOTICES = Field(
    description="What the change did beyond the fields asked, e.g. the overselling warning and "
    "the mode switched when `update_duplicate_skus` was turned on; empty when nothing more."
)


class SalesChannelUpdatedOut(SalesChannelOut):
    """A sales channel after `PATCH`, with what the change did beyond the fields asked."""

    notices: list[str] = NOTICES


class FulfillmentChannelUpdatedOut(FulfillmentChannelOut):
    """A fulfillment channel after `PATCH`."""

    notices: list[str] = NOTICES


ChannelUpdatedOut = Annotated[
    SalesChannelUpdatedOut | FulfillmentChannelUpdatedOut, Field(discriminator="type")
]


class SkuMappingOut(BaseModel):
    """A channel SKU and the OpenOMS variant it stands for."""

    channel_sku: str = Field(description="The SKU as the channel spells it.")
    sku: str = Field(description="The OpenOMS SKU.")
    product_name: str
    variant_name: str
    updated_at: UtcDatetime


SkuMappingPageOut = page_schema(SkuMappingOut, "SkuMappingPage")


class SkuMappingIn(BaseModel):
    """Map ``channel_sku`` to the variant with the OpenOMS SKU ``sku``."""

    model_config = ConfigDict(extra="forbid")

    channel_sku: StrictStr = Field(
        max_length=MAX_CHANNEL_SKU,
        description="Exactly as the channel spells it (case, spaces, quotes and commas kept); "
        "no space at either end.",
    )
    sku: StrictStr = Field(description="An OpenOMS SKU of the account, exactly.")


class SkuMappingSavedOut(SkuMappingOut):
    """The mapping after the request."""

    created: bool = Field(description="True when the mapping is new, false when it was updated.")


class TranslationOut(BaseModel):
    """The OpenOMS SKU a channel SKU stands for."""

    channel_sku: str
    sku: str
