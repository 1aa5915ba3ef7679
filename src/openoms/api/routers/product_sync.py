"""Run a channel's product sync now: Import Products from the master, Export Products to others.

The same runs as the channel's recurring jobs; each leaves an Event in the account's log.
"""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Router

from openoms.api.routers.channels import ChannelId, request_channel
from openoms.api.schemas.channels import ProductExportOut, ProductImportOut
from openoms.api.schemas.common import error_responses
from openoms.sync.services.product_sync import product_export_run, product_import_run

router = Router(tags=["Channels"])

SYNC_ERRORS = error_responses(401, 403, 404, 409, 413, 422)


@router.post(
    "/{channel_id}/product-import",
    response={200: ProductImportOut, **SYNC_ERRORS},
    operation_id="channels_product_import",
)
def run_product_import(request: HttpRequest, channel_id: ChannelId):
    """Import the products of the Master Product Channel into OpenOMS now; answers the counts.

    Only the Master Product Channel imports products (Account → Workflow Settings): on any other
    channel, when OpenOMS is the Master Product Source, or for a kind that cannot import
    products, it is 409 `conflict` with the reason, and nothing changes. SKUs the master lists
    twice are skipped. A disabled master imports nothing: `refused_reason` says so.
    """
    actor, channel = request_channel(request, channel_id)
    return asdict(product_import_run(actor=actor, channel=channel))


@router.post(
    "/{channel_id}/product-export",
    response={200: ProductExportOut, **SYNC_ERRORS},
    operation_id="channels_product_export",
)
def run_product_export(request: HttpRequest, channel_id: ChannelId):
    """Send the account's active products to the channel now; answers how many SKUs it got.

    The Master Product Channel (products come from it) and kinds that cannot export products are
    409 `conflict` with the reason. A disabled channel receives nothing (`sent`: 0, and a Warning
    in the Events log).
    """
    actor, channel = request_channel(request, channel_id)
    return {"sent": product_export_run(actor=actor, channel=channel)}
