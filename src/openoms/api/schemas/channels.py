"""Channels, their SKU mappings and product sync runs: request and response shapes.

Credentials are never part of any shape here: they are set and replaced in the web UI only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.channels.kinds import FULFILLMENT, KINDS, SALES, Capability
from openoms.channels.services.sku_mappings import MAX_CHANNEL_SKU

ChannelTypeCode = Literal[SALES, FULFILLMENT]
KindCode = Literal[tuple(KINDS)]
CapabilityCode = Literal[tuple(Capability)]


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


class FulfillmentChannelOut(ChannelOut):
    """A fulfillment channel, with the physical warehouses it serves."""

    type: Literal[FULFILLMENT]
    warehouses: list[str] = Field(description="The codes of the warehouses it serves.")


ChannelDetailOut = Annotated[SalesChannelOut | FulfillmentChannelOut, Field(discriminator="type")]


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


class ImportCountsOut(BaseModel):
    """How many rows of the file ended in each outcome."""

    created: int
    updated: int
    unchanged: int
    rejected: int


class ImportIssueOut(BaseModel):
    """A rejected row: its line in the file (the header is line 1) and why."""

    line: int
    reason: str


class SkuMappingImportOut(BaseModel):
    """The import's report: counts, and every rejected row."""

    counts: ImportCountsOut
    issues: list[ImportIssueOut]
    applied: bool = Field(description="True: the good rows were applied.")
    error: str | None = Field(
        description="Where the file stopped being readable CSV, when it did part-way: the rows "
        "of the batches (50,000 rows each) before it were applied; null otherwise."
    )


class TranslationOut(BaseModel):
    """The OpenOMS SKU a channel SKU stands for."""

    channel_sku: str
    sku: str


class ProductImportOut(BaseModel):
    """What an Import Products run did, per SKU of the master channel's catalog."""

    created: int
    updated: int
    unchanged: int
    skipped: int = Field(
        description="SKUs listed twice by the master, or not valid; each one "
        "has a Warning in the Events log."
    )
    refused_reason: str | None = Field(
        description="Why nothing was imported although the run was allowed (a disabled master "
        "channel, a kind without a connector yet, the channel failing); null when it ran."
    )


class ProductExportOut(BaseModel):
    """What an Export Products run sent."""

    sent: int = Field(description="How many SKUs (variants of active products) the channel got.")
