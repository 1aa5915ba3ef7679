"""Builders of the carrier tests: carriers, services and mappings written directly (like
tests/factories.py), actors, and the CSV import calls."""

from __future__ import annotations

from openoms.channels.carrier_models import Carrier, CarrierMapping, CarrierService
from openoms.channels.models import Channel
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.factories import Tenant


def make_carrier(account: Account, code: str, name: str = "", *services: str) -> Carrier:
    """A carrier with services named after their codes (``"GRND"`` → name ``"GRND service"``)."""
    carrier = Carrier.objects.create(account=account, code=code, name=name or f"{code} name")
    for service in services:
        CarrierService.objects.create(carrier=carrier, code=service, name=f"{service} service")
    return carrier


def service_of(carrier: Carrier, code: str) -> CarrierService:
    return carrier.services.get(code=code)


def make_store(account: Account, name: str = "Main store", type: str = "sales") -> Channel:
    kind = "shopify" if type == "sales" else "shipbob"
    return Channel.objects.create(account=account, type=type, kind=kind, name=name)


def map_carrier(
    channel: Channel,
    carrier_code: str,
    service_code: str,
    carrier: Carrier,
    service: str | None = None,
    *,
    primary: bool = False,
) -> CarrierMapping:
    return CarrierMapping.objects.create(
        account=channel.account,
        channel=channel,
        carrier_channel_code=carrier_code,
        service_channel_code=service_code,
        carrier=carrier,
        service=service_of(carrier, service) if service else None,
        is_primary=primary,
    )


def actor_of(tenant: Tenant, role: Role = Role.ACCOUNT_ADMINISTRATOR) -> Actor:
    return Actor.for_user(tenant.user(role))


def carriers_of(account: Account) -> dict[str, tuple[str, dict[str, str]]]:
    """{carrier code: (name, {service code: name})} of the account."""
    return {
        carrier.code: (carrier.name, {s.code: s.name for s in carrier.services.all()})
        for carrier in Carrier.objects.filter(account=account).prefetch_related("services")
    }


def mappings_of(channel: Channel) -> list[tuple[str, str, str, str | None, bool]]:
    rows = CarrierMapping.objects.filter(channel=channel).order_by(
        "carrier_channel_code", "service_channel_code"
    )
    return [
        (
            m.carrier_channel_code,
            m.service_channel_code,
            m.carrier.code,
            m.service.code if m.service else None,
            m.is_primary,
        )
        for m in rows.select_related("carrier", "service")
    ]
