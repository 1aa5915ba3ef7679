"""Background work of the product sync: Import Products and Export Products of one channel.

The automation issue schedules these (a channel's Import/Export Products job periods). A run
loads the channel by id and calls the service as the system; both runs are idempotent (an
import of an unchanged catalog reports every SKU unchanged). A refused run (e.g. the channel is
no longer the Master Product Channel) leaves an Error event, as nobody sees its exception.
"""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from openoms.activity.models import EventLevel
from openoms.activity.services import event_record
from openoms.channels.models import Channel
from openoms.core.errors import Conflict
from openoms.sync.services.product_sync import product_export_run, product_import_run
from openoms.tenancy.actor import Actor

JOB_ACTOR_LABEL = "Recurring job"


@task()
def product_import_task(channel_id: int) -> dict:
    """Import Products from that channel; returns the counts (or why nothing ran)."""
    channel = Channel.objects.select_related("account").filter(pk=channel_id).first()
    if channel is None:
        return {"refused_reason": "The channel no longer exists."}
    try:
        result = product_import_run(actor=Actor.system(JOB_ACTOR_LABEL), channel=channel)
    except Conflict as exc:
        _refused(channel, "Import Products", exc.message)
        return {"refused_reason": exc.message}
    return asdict(result)


@task()
def product_export_task(channel_id: int) -> dict:
    """Export Products to that channel; returns how many SKUs it received (or why none)."""
    channel = Channel.objects.select_related("account").filter(pk=channel_id).first()
    if channel is None:
        return {"refused_reason": "The channel no longer exists."}
    try:
        sent = product_export_run(actor=Actor.system(JOB_ACTOR_LABEL), channel=channel)
    except Conflict as exc:
        _refused(channel, "Export Products", exc.message)
        return {"refused_reason": exc.message}
    return {"sent": sent}


def _refused(channel: Channel, job: str, reason: str) -> None:
    event_record(
        account=channel.account,
        level=EventLevel.ERROR,
        message=f"{job} on {channel.name} did not run: {reason}",
        entity_type="channel",
        entity_id=str(channel.pk),
        entity_label=channel.name,
        channel_id=channel.pk,
        actor_label=JOB_ACTOR_LABEL,
    )
