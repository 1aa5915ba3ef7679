"""Product sync, the works of the one pipeline (``sync/pipeline.py``): Import Products from the
Master Product Channel, Export Products to the others.

Seed 000 and spec §3.8: when a channel is the account's Master Product Source, its catalog is
imported into OpenOMS (only from that channel) and OpenOMS exports products to the other
channels; when OpenOMS is the source, no channel imports and every channel that can receives
the export. SKUs listed more than once by the master are skipped, with one Warning each. The
pipeline checks these rules, the gate (a disabled channel, Authorization Refresh None) and the
connector before a body runs, and records its summary as an Event.

The network is read before the write transaction; the write locks the channel, so two runs of
one channel never interleave, and checks the rule again (the source may have changed).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from openoms.activity.models import EventLevel
from openoms.activity.services import EventDraft, event_record_many
from openoms.automation.handlers import RunOutcome
from openoms.automation.models import RunStatus
from openoms.catalog.models import ProductStatus, ProductVariant
from openoms.catalog.services.master_products import (
    MasterVariant,
    MasterWriteResult,
    master_products_write,
)
from openoms.channels.master_product import product_import_refusal
from openoms.channels.models import Channel
from openoms.connectors.base import ProductSource, ProductTarget
from openoms.connectors.types import ProductData
from openoms.core.errors import Conflict
from openoms.sync.pipeline import WorkContext
from openoms.tenancy.actor import Actor


def product_import(work: WorkContext) -> RunOutcome:
    """Import the master channel's catalog into OpenOMS (the Import Products work).

    The network is read first; the write locks the channel and checks seed 000's rule again
    (the Master Product Channel may have moved meanwhile: ``Conflict``).
    """
    source: ProductSource = work.connector
    products = list(source.fetch_products())
    with transaction.atomic():
        channel = Channel.objects.select_for_update(of=("self",)).select_related("account")
        channel = channel.get(pk=work.channel.pk)
        if reason := product_import_refusal(channel):
            raise Conflict(reason)
        written = master_products_write(
            actor=work.actor, account=channel.account, variants=[_master(p) for p in products]
        )
        _record_skips(work.actor, channel, written)
    counts = {
        "created": written.created,
        "updated": written.updated,
        "unchanged": written.unchanged,
        "skipped": written.skipped,
    }
    return RunOutcome(RunStatus.SUCCEEDED, counts, _summary(channel, written))


def product_export(work: WorkContext) -> RunOutcome:
    """Push the account's active products to the channel (the Export Products work)."""
    target: ProductTarget = work.connector
    count = target.push_products(_active_products(work.channel))
    summary = f"Export Products to {work.channel.name}: {count} SKUs sent."
    return RunOutcome(RunStatus.SUCCEEDED if count else RunStatus.SKIPPED, {"sent": count}, summary)


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
