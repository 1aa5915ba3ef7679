"""SKU mappings: the translator between a channel's SKUs and OpenOMS variants (seed 003)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping
from openoms.core.errors import InvalidValue, NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

MAX_CHANNEL_SKU = 255


class UnknownSku(ValidationFailed):
    """A channel SKU that is neither mapped nor an OpenOMS SKU of the account."""

    code = "unknown_sku"


def clean_channel_sku(raw: object) -> str:
    """Kept exactly as the channel spells it (case, inner spaces, quotes, commas); never empty."""
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidValue("The channel SKU is required.")
    if raw != raw.strip():
        raise InvalidValue(f"The channel SKU {raw!r} starts or ends with a space; remove it.")
    if len(raw) > MAX_CHANNEL_SKU:
        raise InvalidValue(f"The channel SKU is longer than {MAX_CHANNEL_SKU} characters.")
    if not raw.isprintable():
        raise InvalidValue("The channel SKU contains control characters.")
    return raw


def _variant(channel: Channel, sku: object) -> ProductVariant:
    variant = ProductVariant.objects.filter(account_id=channel.account_id, sku=sku).first()
    if variant is None:
        raise ValidationFailed({"sku": f"Unknown OpenOMS SKU {sku!r}."})
    return variant


def _require(actor: Actor, channel: Channel) -> None:
    actor.require_account(channel.account)
    actor.require(Perm.SKU_MAPPINGS_MANAGE)


@transaction.atomic
def sku_mapping_save(*, actor: Actor, channel: Channel, channel_sku: str, sku: str) -> SkuMapping:
    """Create the mapping of ``channel_sku``, or point the existing one at ``sku``."""
    _require(actor, channel)
    try:
        clean = clean_channel_sku(channel_sku)
    except InvalidValue as exc:
        raise ValidationFailed({"channel_sku": str(exc)}) from exc
    variant = _variant(channel, sku)
    try:
        with transaction.atomic():
            mapping, _ = SkuMapping.objects.update_or_create(
                channel=channel,
                channel_sku=clean,
                defaults={"variant": variant, "account_id": channel.account_id},
            )
    except IntegrityError as exc:
        raise ValidationFailed({"channel_sku": "This channel SKU was just mapped; retry."}) from exc
    return mapping


@transaction.atomic
def sku_mapping_delete(*, actor: Actor, channel: Channel, channel_sku: str) -> None:
    _require(actor, channel)
    deleted, _ = SkuMapping.objects.filter(channel=channel, channel_sku=channel_sku).delete()
    if not deleted:
        raise NotFound(f"No mapping for channel SKU {channel_sku!r}.")


def sku_translate(*, channel: Channel, channel_sku: str) -> ProductVariant:
    """The variant a channel SKU stands for: its mapping, else the OpenOMS SKU spelled the same.

    Used whenever an order arrives or inventory is sent or received. Anything else is an
    ``UnknownSku`` error naming the channel and the SKU.
    """
    mapping = (
        SkuMapping.objects.filter(channel=channel, channel_sku=channel_sku)
        .select_related("variant")
        .first()
    )
    if mapping is not None:
        return mapping.variant
    variant = ProductVariant.objects.filter(account_id=channel.account_id, sku=channel_sku).first()
    if variant is None:
        raise UnknownSku(
            {
                "sku": f"Unknown SKU {channel_sku!r} on channel {channel.name!r}: map it under "
                "SKU Mappings or create it in OpenOMS."
            },
            message=f"Unknown SKU {channel_sku!r} on channel {channel.name!r}.",
        )
    return variant
