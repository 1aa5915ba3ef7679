"""SKU mappings: the translator between a channel's SKUs and OpenOMS variants (seed 003)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping
from openoms.core.errors import Conflict, InvalidValue, NotFound, ValidationFailed
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


class SkuAlreadyMapped(ValidationFailed):
    """A create for a channel SKU the channel has a mapping for already (edit that one instead)."""

    code = "sku_already_mapped"
    http_status = 409


@transaction.atomic
def sku_mapping_create(*, actor: Actor, channel: Channel, channel_sku: str, sku: str) -> SkuMapping:
    """Map a channel SKU that has no mapping yet; an already mapped one is ``SkuAlreadyMapped``.

    The one rule for the web form and the API: the unique constraint decides, so of two
    concurrent creates exactly one succeeds and the other gets the same refusal.
    """
    clean, variant = _checked(actor, channel, channel_sku, sku)
    mapping = _insert(channel, clean, variant)
    if mapping is None:
        taken = SkuMapping.objects.filter(channel=channel, channel_sku=clean).first()
        target = f" (to {taken.variant.sku})" if taken is not None else ""
        raise SkuAlreadyMapped(
            {"channel_sku": f"{clean} is already mapped{target}: edit that mapping instead."},
            message=f"The channel SKU {clean!r} is already mapped.",
        )
    return mapping


@transaction.atomic
def sku_mapping_update(*, actor: Actor, channel: Channel, channel_sku: str, sku: str) -> SkuMapping:
    """Point the existing mapping of ``channel_sku`` at ``sku``; ``NotFound`` when it has none."""
    clean, variant = _checked(actor, channel, channel_sku, sku)
    mapping = _locked(channel, clean)
    if mapping is None:
        raise NotFound(f"No mapping for channel SKU {clean!r}.")
    return _repoint(mapping, variant)


@transaction.atomic
def sku_mapping_save(
    *, actor: Actor, channel: Channel, channel_sku: str, sku: str
) -> tuple[SkuMapping, bool]:
    """Create the mapping of ``channel_sku``, or point the existing one at ``sku``.

    Returns ``(mapping, created)``; of concurrent saves of a new channel SKU exactly one is
    ``created``.
    """
    clean, variant = _checked(actor, channel, channel_sku, sku)
    mapping = _insert(channel, clean, variant)
    if mapping is not None:
        return mapping, True
    mapping = _locked(channel, clean)
    if mapping is None:  # deleted between the refused insert and the lock
        raise Conflict(f"The mapping of channel SKU {clean!r} was just deleted; retry.")
    return _repoint(mapping, variant), False


def _checked(actor: Actor, channel: Channel, channel_sku: object, sku: object):
    """The cleaned channel SKU and the variant of ``sku``, once the actor may manage mappings."""
    _require(actor, channel)
    try:
        clean = clean_channel_sku(channel_sku)
    except InvalidValue as exc:
        raise ValidationFailed({"channel_sku": str(exc)}) from exc
    return clean, _variant(channel, sku)


def _insert(channel: Channel, channel_sku: str, variant: ProductVariant) -> SkuMapping | None:
    """The new mapping, or None when the channel SKU is mapped already (unique constraint)."""
    try:
        with transaction.atomic():
            return SkuMapping.objects.create(
                account_id=channel.account_id,
                channel=channel,
                channel_sku=channel_sku,
                variant=variant,
            )
    except IntegrityError:
        return None


def _locked(channel: Channel, channel_sku: str) -> SkuMapping | None:
    return (
        SkuMapping.objects.select_for_update()
        .filter(channel=channel, channel_sku=channel_sku)
        .first()
    )


def _repoint(mapping: SkuMapping, variant: ProductVariant) -> SkuMapping:
    mapping.variant = variant
    mapping.save(update_fields=["variant", "updated_at"])
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
