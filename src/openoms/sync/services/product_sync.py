"""Product sync: Import Products from the Master Product Channel, Export Products to the others.

Seed 000 and spec §3.8: when a channel is the account's Master Product Source, its catalog is
imported into OpenOMS (only from that channel) and OpenOMS exports products to the other
channels; when OpenOMS is the source, no channel imports and every channel that can receives
the export. A disabled master syncs nothing (a Warning says so); SKUs listed more than once by
the master are skipped, with one Warning each. A channel whose Authorization Refresh is None is
never called (seed 004). Every run ends with an Event a person can read.

The network is read before the write transaction; the write locks the channel, so two runs of
one channel never interleave, and checks the refusal again (the source may have changed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from openoms.activity.models import EventLevel
from openoms.activity.services import EventDraft, event_record_many
from openoms.automation.selectors import channel_calls_refusal
from openoms.catalog.models import ProductStatus, ProductVariant
from openoms.catalog.services.master_products import (
    MasterVariant,
    MasterWriteResult,
    master_products_write,
)
from openoms.channels.events import channel_event
from openoms.channels.master_product import product_export_refusal, product_import_refusal
from openoms.channels.models import Channel
from openoms.connectors.base import ConnectorError, ProductSource, ProductTarget
from openoms.connectors.registry import connector_for
from openoms.connectors.types import ProductData
from openoms.core.errors import Conflict, NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


@dataclass(frozen=True)
class ProductSyncResult:
    """What an Import Products run did, per SKU of the master's catalog.

    ``refused_reason`` says why nothing was imported although the run was allowed (a disabled
    master, a kind without a connector yet, the channel failing); it is also in the Events log.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    refused_reason: str | None = None


def product_import_run(*, actor: Actor, channel: Channel) -> ProductSyncResult:
    """Import the master channel's catalog into OpenOMS (see the module docstring).

    Refused (``Conflict`` with the reason) unless ``channel`` is the account's Master Product
    Channel and its kind can import products.
    """
    channel = _checked(actor, channel, product_import_refusal)
    if not channel.is_enabled:
        return _nothing_imported(actor, channel, EventLevel.WARNING, _disabled(channel, "imported"))
    if calls_refusal := channel_calls_refusal(channel):
        return _nothing_imported(actor, channel, EventLevel.WARNING, _skipped(calls_refusal))
    source = connector_for(channel.kind, channel.credentials, _ref(channel))
    if not isinstance(source, ProductSource):
        return _nothing_imported(
            actor, channel, EventLevel.ERROR, _no_connector(channel, "imported")
        )
    try:
        products = list(source.fetch_products())
    except ConnectorError as exc:
        reason = f"Import Products from {channel.name} failed: {exc.message} Nothing was imported."
        return _nothing_imported(actor, channel, EventLevel.ERROR, reason)
    return _write(actor, channel, products)


def product_export_run(*, actor: Actor, channel: Channel) -> int:
    """Push the account's active products to ``channel``; returns how many SKUs it received.

    Refused (``Conflict``) when the kind cannot export products or ``channel`` is the Master
    Product Channel (products come from it). A disabled channel receives nothing (a Warning).
    """
    channel = _checked(actor, channel, product_export_refusal)
    if not channel.is_enabled:
        _event(actor, channel, EventLevel.WARNING, _disabled(channel, "exported"))
        return 0
    if calls_refusal := channel_calls_refusal(channel):
        _event(actor, channel, EventLevel.WARNING, _skipped(calls_refusal))
        return 0
    target = connector_for(channel.kind, channel.credentials, _ref(channel))
    if not isinstance(target, ProductTarget):
        _event(actor, channel, EventLevel.ERROR, _no_connector(channel, "exported"))
        return 0
    try:
        count = target.push_products(_active_products(channel))
    except ConnectorError as exc:
        message = f"Export Products to {channel.name} failed: {exc.message}"
        _event(actor, channel, EventLevel.ERROR, message)
        return 0
    _event(
        actor, channel, EventLevel.INFO, f"Export Products to {channel.name}: {count} SKUs sent."
    )
    return count


def _checked(actor: Actor, channel: Channel, refusal, *, lock: bool = False) -> Channel:
    """The channel as stored now (with its account), once the actor may sync it."""
    rows = Channel.objects.select_related("account")
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(pk=channel.pk).first()
    if found is None or not actor.sees_account(found.account):
        raise NotFound("Channel not found.")
    actor.require(Perm.CATALOG_EDIT)
    reason = refusal(found)
    if reason:
        raise Conflict(reason)
    return found


def _write(actor: Actor, channel: Channel, products: list[ProductData]) -> ProductSyncResult:
    with transaction.atomic():
        channel = _checked(actor, channel, product_import_refusal, lock=True)
        if not channel.is_enabled:
            reason = _disabled(channel, "imported")
            return _nothing_imported(actor, channel, EventLevel.WARNING, reason)
        written = master_products_write(
            actor=actor, account=channel.account, variants=[_master(p) for p in products]
        )
        _record_skips(actor, channel, written)
        _event(actor, channel, EventLevel.INFO, _summary(channel, written))
    return ProductSyncResult(written.created, written.updated, written.unchanged, written.skipped)


def _master(product: ProductData) -> MasterVariant:
    return MasterVariant(
        group=product.group,
        sku=product.sku,
        product_name=product.name,
        description=product.description,
        variant_name=product.variant_name,
        barcode=product.barcode,
        weight_g=product.weight_g,
        length_mm=product.length_mm,
        width_mm=product.width_mm,
        height_mm=product.height_mm,
        price=product.price,
    )


def _record_skips(actor: Actor, channel: Channel, written: MasterWriteResult) -> None:
    skips = [
        (sku, f"Duplicate SKU {sku} in the master catalog: skipped.")
        for sku in written.duplicate_skus
    ]
    skips += [
        (sku, f"SKU {sku} of the master catalog was skipped: {reason}")
        for sku, reason in written.rejected
    ]
    drafts = [
        EventDraft(EventLevel.WARNING, message, "sku", sku, sku, channel.pk, actor.label)
        for sku, message in skips
    ]
    event_record_many(account=channel.account, drafts=drafts)


def _summary(channel: Channel, written: MasterWriteResult) -> str:
    return (
        f"Import Products from {channel.name}: {written.created} created, {written.updated} "
        f"updated, {written.unchanged} unchanged, {written.skipped} skipped."
    )


def _nothing_imported(actor: Actor, channel: Channel, level: str, reason: str) -> ProductSyncResult:
    _event(actor, channel, level, reason)
    return ProductSyncResult(refused_reason=reason)


def _event(actor: Actor, channel: Channel, level: str, message: str) -> None:
    channel_event(channel, level, message, actor.label)


def _disabled(channel: Channel, done: str) -> str:
    return f"Channel {channel.name} is disabled: no product data was {done}."


def _skipped(calls_refusal: str) -> str:
    return f"Nothing was synchronized: {calls_refusal}"


def _no_connector(channel: Channel, done: str) -> str:
    return (
        f"The {channel.kind_spec.label} connector arrives in a later release: nothing was {done}."
    )


def _ref(channel: Channel) -> str:
    return f"channel {channel.pk}"


def _active_products(channel: Channel) -> Iterator[ProductData]:
    """The account's variants of active products, streamed, as the connectors' DTO."""
    variants = (
        ProductVariant.objects.filter(account=channel.account, product__status=ProductStatus.ACTIVE)
        .select_related("product")
        .order_by("product__name", "product_id", "sku")
        .iterator(chunk_size=2000)
    )
    for variant in variants:
        yield ProductData(
            sku=variant.sku,
            name=variant.product.name,
            variant_name=variant.name,
            description=variant.product.description,
            barcode=variant.barcode,
            weight_g=variant.weight_g,
            price=variant.price,
            length_mm=variant.length_mm,
            width_mm=variant.width_mm,
            height_mm=variant.height_mm,
            product_ref=str(variant.product_id),
        )
