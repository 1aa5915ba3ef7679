"""Manual syncs of a channel: each starts a run of the one pipeline (like the channel's Sync
menu) and answers 202 with the run; a GET of its `url` follows it to its counts and events.
`POST /channels/{id}/sync` is the channel's inventory sync (issue 13 §7)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Status

from openoms.api.routers.channels import ChannelId, request_channel
from openoms.api.schemas.automation import JobRunOut
from openoms.api.schemas.common import error_responses
from openoms.api.serializers.automation import job_run_out
from openoms.automation.job_types import JobType
from openoms.channels.kinds import SALES
from openoms.sync.pipeline import sync_start

router = Router(tags=["Channels"])

SyncCode = Literal[
    JobType.IMPORT_PRODUCTS,
    JobType.EXPORT_PRODUCTS,
    JobType.IMPORT_INVENTORY,
    JobType.EXPORT_INVENTORY,
]


@router.post(
    "/{channel_id}/sync/{sync}",
    response={202: JobRunOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="channels_sync",
)
def start_sync(request: HttpRequest, channel_id: ChannelId, sync: SyncCode):
    """Start a manual sync of the channel now: 202 with its run (`status` queued), which a
    worker executes; `GET` its `url` (`/job-runs/{id}`) for its counts once it has finished, and
    `GET /events?run_id=` for what it logged. It is a run of the channel's job (a stable
    channel: the account's job), listed with the job's runs (`trigger`: manual).

    - `import_products`: only on the Master Product Channel (seed 000); SKUs the master lists
      twice are skipped, each with a Warning.
    - `export_products`: to any channel that can take products but the master.
    - `import_inventory`: a fulfillment channel's on-hand counts into the warehouses it serves.
    - `export_inventory`: each mapped SKU's Available quantity to a sales channel's mapped
      locations.

    409 `conflict` with the reason when the sync may not run on this channel (its kind, the
    Master Product Source) or its job is already queued or running; nothing is queued then. A
    disabled channel or one whose Authorization Refresh is None is not called: the run ends
    `skipped` with a Warning saying why.
    """
    actor, channel = request_channel(request, channel_id)
    return Status(202, job_run_out(sync_start(actor=actor, channel=channel, job_type=sync)))


INVENTORY_SYNC = {SALES: JobType.EXPORT_INVENTORY}  # else (a fulfillment channel): import


@router.post(
    "/{channel_id}/sync",
    response={202: JobRunOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="channels_inventory_sync",
)
def start_inventory_sync(request: HttpRequest, channel_id: ChannelId):
    """Start the channel's manual inventory sync: 202 with its run, as
    `POST /channels/{id}/sync/{sync}` does. A sales channel runs `export_inventory` (full values
    of every mapped SKU to its mapped locations, whatever its mode: the Sales Channel Manual Sync
    row of the trigger table); a fulfillment channel runs `import_inventory` (its levels into the
    warehouses it serves, then the trigger table's Fulfillment Channel Manual Sync row decides
    what each sales channel is sent). Refusals and skips as for that endpoint."""
    _, channel = request_channel(request, channel_id)
    job_type = INVENTORY_SYNC.get(channel.type, JobType.IMPORT_INVENTORY)
    return start_sync(request, channel_id, job_type)
