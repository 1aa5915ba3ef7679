"""A channel's carrier mappings: how the channel spells the carriers and services of the list.

Many-to-one: several channel code pairs may map to one carrier/service. At most one mapping per
target (channel, carrier, service) is primary (``PrimaryTaken`` otherwise). A channel code ending
with ``*`` is a prefix (see ``carrier_match``). The same channel code pair is mapped once per
channel (``MappingTaken``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from openoms.channels.carrier_models import (
    MAX_CHANNEL_CODE,
    Carrier,
    CarrierMapping,
    CarrierService,
)
from openoms.channels.models import Channel
from openoms.channels.services.carriers import clean_code
from openoms.core.errors import InvalidValue, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

MANAGE = Perm.SKU_MAPPINGS_MANAGE


class MappingTaken(ValidationFailed):
    """The channel maps that carrier/service channel code pair already."""

    code = "carrier_mapping_exists"
    http_status = 409


class PrimaryTaken(ValidationFailed):
    """Another mapping of the channel is primary for the same carrier/service already."""

    code = "primary_taken"
    http_status = 409


@dataclass(frozen=True)
class MappingValues:
    """A mapping's values, cleaned and resolved against the account's carrier list."""

    carrier_channel_code: str
    service_channel_code: str
    carrier: Carrier
    service: CarrierService | None
    is_primary: bool


def target_label(carrier: Carrier, service: CarrierService | None) -> str:
    return f"{carrier.code}/{service.code}" if service else f"{carrier.code} (no service)"


def clean_channel_codes(carrier_code: object, service_code: object) -> tuple[str, str]:
    """The channel's carrier code (required) and service code (may be empty), trimmed; raises
    ``ValidationFailed`` naming each bad one."""
    errors, codes = {}, []
    for field, raw, required in (
        ("carrier_channel_code", carrier_code, True),
        ("service_channel_code", service_code, False),
    ):
        label = field.replace("_", " ")
        try:
            if not required and not (isinstance(raw, str) and raw.strip()):
                codes.append("")
            else:
                codes.append(clean_code(raw, label, limit=MAX_CHANNEL_CODE))
        except InvalidValue as exc:
            errors[field] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    return codes[0], codes[1]


def resolve_target(
    account: Account, carrier_code: object, service_code: object
) -> tuple[Carrier, CarrierService | None]:
    """The carrier and service of the account's list these system codes name (``service_code``
    empty: none), else ``ValidationFailed`` on ``carrier_code`` or ``service_code``."""
    code = carrier_code.strip() if isinstance(carrier_code, str) else ""
    carrier = Carrier.objects.filter(account=account, code=code).first() if code else None
    if carrier is None:
        reason = f"Unknown carrier code {code!r}." if code else "The carrier code is required."
        raise ValidationFailed({"carrier_code": reason})
    wanted = service_code.strip() if isinstance(service_code, str) else ""
    if not wanted:
        return carrier, None
    service = carrier.services.filter(code=wanted).first()
    if service is None:
        raise ValidationFailed(
            {"service_code": f"Carrier {carrier.code!r} has no service {wanted!r}."}
        )
    return carrier, service


def mapping_values(
    account: Account,
    *,
    carrier_channel_code: object,
    service_channel_code: object,
    carrier_code: object,
    service_code: object,
    is_primary: bool,
) -> MappingValues:
    """Every field checked; the errors of all of them at once."""
    errors: dict[str, str] = {}
    codes = target = None
    try:
        codes = clean_channel_codes(carrier_channel_code, service_channel_code)
    except ValidationFailed as exc:
        errors |= exc.errors
    try:
        target = resolve_target(account, carrier_code, service_code)
    except ValidationFailed as exc:
        errors |= exc.errors
    if errors:
        raise ValidationFailed(errors)
    return MappingValues(*codes, *target, bool(is_primary))


def primary_holder(
    channel: Channel, values: MappingValues, exclude_pk: int | None = None
) -> CarrierMapping | None:
    """The mapping of ``channel`` that is primary for ``values``' target already, if any."""
    rows = CarrierMapping.objects.filter(
        channel=channel, carrier=values.carrier, service=values.service, is_primary=True
    )
    return rows.exclude(pk=exclude_pk).first() if exclude_pk else rows.first()


def primary_refusal(values: MappingValues, holder: CarrierMapping) -> PrimaryTaken:
    target = target_label(values.carrier, values.service)
    held = f"{holder.carrier_channel_code}/{holder.service_channel_code}".rstrip("/")
    return PrimaryTaken(
        {"is_primary": f"{target} has a primary mapping already ({held}); only one may be."},
        message=f"{target} has a primary mapping already.",
    )


def _check_primary(channel: Channel, values: MappingValues, exclude_pk: int | None) -> None:
    if values.is_primary:
        holder = primary_holder(channel, values, exclude_pk)
        if holder is not None:
            raise primary_refusal(values, holder)


def _taken(values: MappingValues) -> MappingTaken:
    pair = f"{values.carrier_channel_code}/{values.service_channel_code}".rstrip("/")
    return MappingTaken(
        {"carrier_channel_code": f"The channel codes {pair} are mapped already: edit that one."},
        message=f"The channel codes {pair} are mapped already.",
    )


def _save(mapping: CarrierMapping, values: MappingValues) -> CarrierMapping:
    """Write ``values`` into ``mapping``; the unique constraints decide between concurrent
    writes (the loser gets the same refusal as a sequential one)."""
    for field in ("carrier_channel_code", "service_channel_code", "carrier", "service"):
        setattr(mapping, field, getattr(values, field))
    mapping.is_primary = values.is_primary
    try:
        with transaction.atomic():
            mapping.save()
    except IntegrityError:
        if values.is_primary and primary_holder(mapping.channel, values, mapping.pk):
            raise primary_refusal(values, primary_holder(mapping.channel, values)) from None
        raise _taken(values) from None
    return mapping


def _require(actor: Actor, channel: Channel) -> None:
    actor.require_account(channel.account)
    actor.require(MANAGE)


@transaction.atomic
def carrier_mapping_create(*, actor: Actor, channel: Channel, **fields) -> CarrierMapping:
    """Map a channel code pair to a carrier/service of the list (fields: see
    ``mapping_values``). The pair mapped already: ``MappingTaken``; a second primary for the
    same target: ``PrimaryTaken``; both 409, nothing changed."""
    _require(actor, channel)
    values = mapping_values(channel.account, **fields)
    pair = (values.carrier_channel_code, values.service_channel_code)
    if CarrierMapping.objects.filter(
        channel=channel, carrier_channel_code=pair[0], service_channel_code=pair[1]
    ).exists():
        raise _taken(values)
    _check_primary(channel, values, None)
    return _save(CarrierMapping(account_id=channel.account_id, channel=channel), values)


@transaction.atomic
def carrier_mapping_update(*, actor: Actor, mapping: CarrierMapping, **fields) -> CarrierMapping:
    """Change a mapping's codes, target or primary flag, with the rules of the create."""
    channel = mapping.channel
    _require(actor, channel)
    values = mapping_values(channel.account, **fields)
    taken = (
        CarrierMapping.objects.filter(
            channel=channel,
            carrier_channel_code=values.carrier_channel_code,
            service_channel_code=values.service_channel_code,
        )
        .exclude(pk=mapping.pk)
        .exists()
    )
    if taken:
        raise _taken(values)
    _check_primary(channel, values, mapping.pk)
    return _save(mapping, values)


@transaction.atomic
def carrier_mapping_delete(*, actor: Actor, mapping: CarrierMapping) -> None:
    _require(actor, mapping.channel)
    mapping.delete()
