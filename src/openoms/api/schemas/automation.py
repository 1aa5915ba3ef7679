"""Recurring jobs, their runs and the Events log: request and response shapes.

Filters are validated here (422 naming the parameter); ``since``/``until`` arrive as ISO 8601
and are placed in the account's timezone by ``serializers.automation`` when they name none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, WithJsonSchema
from pydantic_core import PydanticCustomError

from openoms.activity.models import EventLevel
from openoms.api.pagination import page_schema
from openoms.api.schemas.common import PathId, UtcDatetime
from openoms.automation.job_types import JOB_TYPES
from openoms.automation.models import RunStatus, RunTrigger
from openoms.automation.periods import PERIOD_LABELS

ScopeCode = Literal["account", "channel"]
JobTypeCode = Literal[tuple(JOB_TYPES)]
PeriodCode = Literal[tuple(PERIOD_LABELS)]
LevelCode = Literal[tuple(EventLevel.values)]
RunStatusCode = Literal[tuple(RunStatus.values)]
TriggerCode = Literal[tuple(RunTrigger.values)]

PERIODS_HELP = ", ".join(f"`{code}` ({label})" for code, label in PERIOD_LABELS.items())
DATETIME_HELP = (
    "ISO 8601 date and time, e.g. `2026-11-23T09:30:00Z` or `2026-11-23T09:30:00-05:00` "
    "(percent-encode `+` as `%2B`). Without an offset it is read in the account's timezone "
    "(Account → Timezone); a date alone is its midnight there."
)


def _iso_datetime(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "datetime_iso",
            "Enter an ISO 8601 date and time, e.g. 2026-11-23T09:30:00Z.",
        ) from None


IsoDatetime = Annotated[
    str,
    AfterValidator(_iso_datetime),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class JobFilters(Schema):
    scope: ScopeCode | None = Field(
        None, description="account: the account's jobs; channel: the beta channels' jobs."
    )
    channel_id: PathId | None = Field(None, description="Only this channel's jobs.")
    job_type: JobTypeCode | None = Field(None, description="Only jobs of this type.")


class JobOut(BaseModel):
    """A recurring job of the account (``scope`` account: it runs for the account's stable
    channels) or of one beta channel (``scope`` channel), with its clock."""

    id: int
    scope: ScopeCode
    channel_id: int | None = Field(description="The beta channel; null at account scope.")
    job_type: JobTypeCode
    label: str = Field(description='The job as the UI names it, e.g. "Import Products".')
    period: PeriodCode = Field(description=f"Main Job Period: {PERIODS_HELP}.")
    periods: list[PeriodCode] = Field(
        description="The periods this job may take (its channel kind's, or all at account scope)."
    )
    enabled: bool = Field(description="False: paused (it keeps its period but does not run).")
    will_run: bool = Field(description="True when it has a period other than none and is enabled.")
    last_run_at: UtcDatetime | None = Field(description="When its last run started.")
    next_run_at: UtcDatetime | None = Field(
        description="When the scheduler queues it next; null when it never runs."
    )
    active_run_id: int | None = Field(description="Its run queued or running now, if any.")


JobPageOut = page_schema(JobOut, "JobPage")


class JobUpdateIn(BaseModel):
    """The job's new period and/or paused state; send at least one (null is refused)."""

    model_config = ConfigDict(extra="forbid")

    period: PeriodCode = Field(
        None, description="A code of the job's `periods`; `none` stops it from running."
    )
    enabled: StrictBool = Field(None, description="false pauses the job, true resumes it.")


class EventCountsOut(BaseModel):
    """How many events of each level the run wrote."""

    info: int
    warning: int
    error: int
    fatal: int


class JobRunOut(BaseModel):
    """One run of a job: when it was due, queued, started and ended, how it ended, what it
    counted, and how many events it wrote (``GET /events?run_id=`` lists them)."""

    id: int
    url: str = Field(description="Where to GET this run again (its counts once finished).")
    job_id: int
    channel_id: int | None = Field(
        description="The one channel a manual sync works on; null: the job's channels."
    )
    job_type: JobTypeCode
    trigger: TriggerCode = Field(
        description="schedule: the scheduler; run_now: Run now; manual: a manual sync."
    )
    status: RunStatusCode
    due_at: UtcDatetime | None = Field(description="Its scheduled time; null for Run now.")
    enqueued_at: UtcDatetime
    started_at: UtcDatetime | None
    finished_at: UtcDatetime | None
    attempt: int = Field(description="How many times a worker started it (retries included).")
    counts: dict[str, int] = Field(description='What it did, e.g. {"created": 120}.')
    summary: str
    event_counts: EventCountsOut


JobRunPageOut = page_schema(JobRunOut, "JobRunPage")


class EventFilters(Schema):
    level: LevelCode | None = Field(None, description="Only events of this level.")
    channel_id: PathId | None = Field(None, description="Only events about this channel.")
    entity_type: str | None = Field(
        None, max_length=40, description="Only events about this kind of entity, e.g. job, sku."
    )
    entity: str | None = Field(
        None, max_length=255, description="Only events about the entity with this id or label."
    )
    run_id: PathId | None = Field(None, description="Only the events this job run wrote.")
    since: IsoDatetime | None = Field(None, description=f"From this time on. {DATETIME_HELP}")
    until: IsoDatetime | None = Field(
        None, description=f"Before this time (not after `since`). {DATETIME_HELP}"
    )
    search: str | None = Field(
        None, max_length=200, description="Part of the message (case-insensitive)."
    )


class EventOut(BaseModel):
    """One line of the Events log: Info (as expected), Warning (something skipped), Error (a
    process stopped) or Fatal (unexpected; retried)."""

    id: int
    created_at: UtcDatetime
    level: LevelCode
    message: str
    channel_id: int | None
    entity_type: str = Field(description='e.g. "job", "channel", "sku"; empty when none.')
    entity_id: str
    entity_label: str
    actor_label: str = Field(description="Who did it: a user, an API key, or the Scheduler.")
    run_id: int | None = Field(description="The job run that wrote it, if any.")


EventPageOut = page_schema(EventOut, "EventPage")
