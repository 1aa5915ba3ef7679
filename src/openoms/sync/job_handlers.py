"""What the channel jobs do (registered with automation in ``SyncConfig.ready``): Authorization
Refresh, Import Products and Export Products. Each handler works on one channel of a run and
returns its counts; a refusal (e.g. the channel is no longer the Master Product Channel) stops
the run with an Error that says why.
"""

from __future__ import annotations

from datetime import UTC

from openoms.activity.models import EventLevel
from openoms.automation.handlers import JobFailed, RunContext, RunOutcome, register_job_handler
from openoms.automation.job_types import JobType
from openoms.automation.models import RunStatus
from openoms.channels.events import channel_event
from openoms.connectors.base import AuthorizationRefresher, ConnectorError
from openoms.connectors.registry import connector_for
from openoms.core.errors import Conflict
from openoms.sync.services.product_sync import product_export_run, product_import_run


def import_products(context: RunContext) -> RunOutcome:
    try:
        result = product_import_run(actor=context.actor, channel=context.channel)
    except Conflict as exc:
        raise JobFailed(exc.message) from exc
    if result.refused_reason:
        status = RunStatus.SKIPPED if not context.channel.is_enabled else RunStatus.FAILED
        return RunOutcome(status, summary=result.refused_reason)
    counts = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
    }
    return RunOutcome(RunStatus.SUCCEEDED, counts, _counted("Imported", counts))


def export_products(context: RunContext) -> RunOutcome:
    try:
        sent = product_export_run(actor=context.actor, channel=context.channel)
    except Conflict as exc:
        raise JobFailed(exc.message) from exc
    status = RunStatus.SUCCEEDED if sent else RunStatus.SKIPPED
    return RunOutcome(status, {"sent": sent}, f"{sent} SKUs sent to {context.channel.name}.")


def refresh_authorization(context: RunContext) -> RunOutcome:
    channel = context.channel
    if not channel.is_enabled:
        return _note(
            context,
            EventLevel.WARNING,
            f"Channel {channel.name} is disabled: its authorization was not refreshed.",
            RunStatus.SKIPPED,
        )
    connector = connector_for(channel.kind, channel.credentials, f"channel {channel.pk}")
    if not isinstance(connector, AuthorizationRefresher):
        return _note(
            context,
            EventLevel.WARNING,
            f"The {channel.kind_spec.label} connector "
            "arrives in a later release: nothing was refreshed.",
            RunStatus.SKIPPED,
        )
    try:
        expires = connector.refresh_authorization()
    except ConnectorError as exc:
        raise JobFailed(
            f"Refreshing the authorization of {channel.name} failed: {exc.message}"
        ) from exc
    until = (
        "does not expire"
        if expires is None
        else f"is valid until {expires.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    )
    message = f"Authorization of {channel.name} refreshed: the token {until}."
    return _note(context, EventLevel.INFO, message, RunStatus.SUCCEEDED, {"refreshed": 1})


def _note(context, level, message, status, counts=None) -> RunOutcome:
    channel_event(context.channel, level, message, context.actor.label)
    return RunOutcome(status, counts or {}, message)


def _counted(verb: str, counts: dict[str, int]) -> str:
    return f"{verb}: " + ", ".join(f"{value} {key}" for key, value in counts.items()) + "."


def register_job_handlers() -> None:
    register_job_handler(JobType.AUTHORIZATION_REFRESH, refresh_authorization)
    register_job_handler(JobType.IMPORT_PRODUCTS, import_products)
    register_job_handler(JobType.EXPORT_PRODUCTS, export_products)
