"""What the inventory jobs do (registered with automation in ``SyncConfig.ready``): Import
Inventory from a fulfillment channel and Export Inventory to a sales channel.

Each handler works on one channel of a run. A channel that may not be called (disabled,
Authorization Refresh None, a kind whose connector comes later) is skipped with a Warning; a
channel set up too little (no served warehouse, no warehouse mapping) or failing stops the run
with an Error that says why (``JobFailed``).
"""

from __future__ import annotations

from openoms.automation.handlers import JobFailed, RunContext, RunOutcome, register_job_handler
from openoms.automation.job_types import JobType
from openoms.automation.models import RunStatus
from openoms.connectors.base import ConnectorError
from openoms.core.errors import Conflict
from openoms.sync.services.inventory_jobs import inventory_export_run, inventory_import_run


def import_inventory(context: RunContext) -> RunOutcome:
    """Set the channel's served warehouses' levels to the 3PL's counts."""
    try:
        result = inventory_import_run(actor=context.actor, channel=context.channel)
    except (Conflict, ConnectorError) as exc:
        raise JobFailed(exc.message) from exc
    if result.skipped_reason:
        return RunOutcome(RunStatus.SKIPPED, summary=result.skipped_reason)
    return RunOutcome(RunStatus.SUCCEEDED, result.counts(), result.summary)


def export_inventory(context: RunContext) -> RunOutcome:
    """Send the channel the quantities it may sell at each of its mapped locations."""
    try:
        result = inventory_export_run(actor=context.actor, channel=context.channel)
    except (Conflict, ConnectorError) as exc:
        raise JobFailed(exc.message) from exc
    if result.skipped_reason:
        return RunOutcome(RunStatus.SKIPPED, summary=result.skipped_reason)
    return RunOutcome(RunStatus.SUCCEEDED, {"sent": result.sent}, result.summary)


def register_inventory_job_handlers() -> None:
    """Declare the inventory jobs' handlers (once, from ``SyncConfig.ready``)."""
    register_job_handler(JobType.IMPORT_INVENTORY, import_inventory)
    register_job_handler(JobType.EXPORT_INVENTORY, export_inventory)
