"""Carriers (the account's master list) and channel carrier mappings: request and response shapes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.channels.carrier_models import MAX_CHANNEL_CODE, MAX_CODE, MAX_NAME


class CarrierServiceOut(BaseModel):
    """A service level of a carrier."""

    code: str
    name: str


class CarrierOut(BaseModel):
    """A carrier of the account's list, with its services by code."""

    code: str = Field(description="As orders and mappings name it; special characters kept.")
    name: str
    services: list[CarrierServiceOut]
    updated_at: UtcDatetime


CarrierPageOut = page_schema(CarrierOut, "CarrierPageOut")


class CarrierServiceIn(BaseModel):
    """A new service of a carrier."""

    model_config = ConfigDict(extra="forbid")

    code: StrictStr = Field(max_length=MAX_CODE + 100, description="Trimmed; 1 to 60 characters.")
    name: StrictStr = Field(max_length=MAX_NAME + 100, description="1 to 120 characters.")


class CarrierIn(BaseModel):
    """A new carrier, optionally with its services."""

    model_config = ConfigDict(extra="forbid")

    code: StrictStr = Field(max_length=MAX_CODE + 100, description="Trimmed; 1 to 60 characters.")
    name: StrictStr = Field(max_length=MAX_NAME + 100, description="1 to 120 characters.")
    services: list[CarrierServiceIn] = Field(default_factory=list, max_length=500)


class NameIn(BaseModel):
    """A new name (codes never change)."""

    model_config = ConfigDict(extra="forbid")

    name: StrictStr = Field(max_length=MAX_NAME + 100, description="1 to 120 characters.")


class CarrierMappingOut(BaseModel):
    """How the channel spells a carrier (and service) of the list."""

    id: int
    carrier_channel_code: str = Field(description='Ending with "*": a prefix (wildcard).')
    service_channel_code: str = Field(description="Empty: orders without a service code.")
    carrier_code: str
    service_code: str | None = Field(description="null: the carrier without a service.")
    is_primary: bool
    updated_at: UtcDatetime


CarrierMappingPageOut = page_schema(CarrierMappingOut, "CarrierMappingPageOut")


class CarrierMappingIn(BaseModel):
    """A mapping of channel codes to a carrier/service of the account's list."""

    model_config = ConfigDict(extra="forbid")

    carrier_channel_code: StrictStr = Field(
        max_length=MAX_CHANNEL_CODE + 100,
        description='The channel\'s carrier code; ending with "*" it matches as a prefix.',
    )
    service_channel_code: StrictStr = Field(
        "",
        max_length=MAX_CHANNEL_CODE + 100,
        description='The channel\'s service code; empty matches orders without one, "*" any.',
    )
    carrier_code: StrictStr = Field(max_length=MAX_CODE + 100)
    service_code: StrictStr | None = Field(
        None, max_length=MAX_CODE + 100, description="null or empty: the carrier alone."
    )
    is_primary: StrictBool = Field(
        False, description="The mapping whose codes OpenOMS sends to the channel; one per target."
    )


class CarrierMappingPatchIn(BaseModel):
    """What `PATCH` may change; a field left out keeps its value."""

    model_config = ConfigDict(extra="forbid")

    carrier_channel_code: StrictStr = Field(None, max_length=MAX_CHANNEL_CODE + 100)
    service_channel_code: StrictStr = Field(None, max_length=MAX_CHANNEL_CODE + 100)
    carrier_code: StrictStr = Field(None, max_length=MAX_CODE + 100)
    service_code: StrictStr | None = Field(None, max_length=MAX_CODE + 100)
    is_primary: StrictBool = None
