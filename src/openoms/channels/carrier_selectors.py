"""Carrier reads, scoped to the actor's account: another account's carrier is "not found"."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from openoms.channels.carrier_models import Carrier, CarrierMapping, CarrierService
from openoms.channels.models import Channel
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm


def carriers(actor: Actor, account: Account, *, q: str = "") -> QuerySet[Carrier]:
    """The account's carriers by code, each with its services (prefetched, by code); ``q``
    searches carrier and service codes and names."""
    actor.require_account(account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = Carrier.objects.filter(account=account)
    text = q.strip()
    if text:
        rows = rows.filter(
            Q(code__icontains=text)
            | Q(name__icontains=text)
            | Q(services__code__icontains=text)
            | Q(services__name__icontains=text)
        ).distinct()
    services = Prefetch("services", queryset=CarrierService.objects.order_by("code"))
    return rows.prefetch_related(services).order_by("code")


def carrier_get(actor: Actor, account: Account, code: str) -> Carrier:
    """The account's carrier of that code (exactly), or ``NotFound``."""
    carrier = carriers(actor, account).filter(code=code).select_related("account").first()
    if carrier is None:
        raise NotFound(f"Carrier {code!r} not found.")
    return carrier


def carrier_get_by_id(actor: Actor, account: Account, pk: int) -> Carrier:
    carrier = carriers(actor, account).filter(pk=pk).select_related("account").first()
    if carrier is None:
        raise NotFound("Carrier not found.")
    return carrier


def carrier_service_get(
    carrier: Carrier, *, code: str | None = None, pk: int | None = None
) -> CarrierService:
    """The service of a carrier read through ``carrier_get``, by code (exactly) or by id, or
    ``NotFound``."""
    found = [
        service
        for service in carrier.services.all()
        if (code is not None and service.code == code) or (pk is not None and service.pk == pk)
    ]
    if not found:
        raise NotFound(f"Carrier {carrier.code!r} has no service {code or pk!r}.")
    found[0].carrier = carrier
    return found[0]


def carrier_mappings(actor: Actor, channel: Channel, *, q: str = "") -> QuerySet[CarrierMapping]:
    """A channel's carrier mappings by channel codes; ``q`` searches channel and system codes."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = CarrierMapping.objects.filter(channel=channel).select_related("carrier", "service")
    text = q.strip()
    if text:
        rows = rows.filter(
            Q(carrier_channel_code__icontains=text)
            | Q(service_channel_code__icontains=text)
            | Q(carrier__code__icontains=text)
            | Q(service__code__icontains=text)
        )
    return rows.order_by("carrier_channel_code", "service_channel_code", "pk")


def carrier_mapping_get(actor: Actor, channel: Channel, pk: int) -> CarrierMapping:
    mapping = carrier_mappings(actor, channel).filter(pk=pk).first()
    if mapping is None:
        raise NotFound("Carrier mapping not found.")
    return mapping


def carrier_choices(actor: Actor, account: Account) -> list[tuple[str, str, list[str]]]:
    """(code, name, service codes) of every carrier, for the mapping form's dropdowns."""
    return [
        (carrier.code, carrier.name, [service.code for service in carrier.services.all()])
        for carrier in carriers(actor, account)
    ]
