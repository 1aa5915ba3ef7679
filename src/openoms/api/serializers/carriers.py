"""Carriers and carrier mappings to the API's JSON."""

from __future__ import annotations

from typing import Any

from openoms.channels.carrier_models import Carrier, CarrierMapping


def carrier_out(carrier: Carrier) -> dict[str, Any]:
    """A carrier with its services (prefetched by the selector)."""
    return {
        "code": carrier.code,
        "name": carrier.name,
        "services": [{"code": s.code, "name": s.name} for s in carrier.services.all()],
        "updated_at": carrier.updated_at,
    }


def carrier_mapping_out(mapping: CarrierMapping) -> dict[str, Any]:
    return {
        "id": mapping.pk,
        "carrier_channel_code": mapping.carrier_channel_code,
        "service_channel_code": mapping.service_channel_code,
        "carrier_code": mapping.carrier.code,
        "service_code": mapping.service.code if mapping.service else None,
        "is_primary": mapping.is_primary,
        "updated_at": mapping.updated_at,
    }
