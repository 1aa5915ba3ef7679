"""What each job type does: handlers registered by the apps that own the work (``sync``
registers the product, inventory and authorization jobs in its ``ready()``).

The executor (``services.runs``) calls a handler once per target channel of a run, inside the
run's event scope, after checking that the channel may be called at all. A handler returns a
``RunOutcome``; it raises ``JobFailed`` when the process must stop (an Error: critical data
missing, channel unreachable). Any other exception is unexpected (a Fatal event, then retries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from openoms.automation.models import RunStatus

if TYPE_CHECKING:
    from openoms.automation.models import JobRun, RecurringJob
    from openoms.channels.models import Channel
    from openoms.tenancy.actor import Actor
    from openoms.tenancy.models import Account


class JobFailed(Exception):
    """The run cannot do its work; the message says why, for a person (an Error event)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RunContext:
    """One target of a run: the account, the channel (None for account work such as PII
    Redaction), the actor the work is done as, and when this job last succeeded (``since``),
    so a job resumed after a pause picks up what it missed."""

    run: JobRun
    job: RecurringJob
    account: Account
    channel: Channel | None
    actor: Actor
    since: datetime | None


@dataclass
class RunOutcome:
    """What one target's work did: ``counts`` such as {"created": 120, "skipped": 3}."""

    status: str = RunStatus.SUCCEEDED
    counts: dict[str, int] = field(default_factory=dict)
    summary: str = ""


Handler = Callable[[RunContext], RunOutcome]
_HANDLERS: dict[str, Handler] = {}


def register_job_handler(job_type: str, handler: Handler) -> None:
    """Declare what ``job_type`` does (once, from the owning app's ``ready()``)."""
    _HANDLERS[job_type] = handler


def job_handler(job_type: str) -> Handler | None:
    return _HANDLERS.get(job_type)
