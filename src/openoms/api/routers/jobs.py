"""Recurring jobs and their runs: list and read them, change a job's period or pause it, run
one now. The same rules as the account's Recurring Jobs tab and a beta channel's Other System
Settings (``automation.services``)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.errors import ValidationError

from openoms.api.auth import request_actor, request_tenant
from openoms.api.pagination import PageParams, paginate
from openoms.api.schemas.automation import (
    JobFilters,
    JobOut,
    JobPageOut,
    JobRunOut,
    JobRunPageOut,
    JobUpdateIn,
)
from openoms.api.schemas.common import PathId, error_responses
from openoms.api.serializers.automation import job_out, job_run_out
from openoms.automation.selectors import job_get, job_runs, jobs, run_get
from openoms.automation.services.jobs import job_update
from openoms.automation.services.runs import job_run_now

router = Router(tags=["Automation"])
runs_router = Router(tags=["Automation"])

JobId = Annotated[PathId, Path()]
RunId = Annotated[PathId, Path()]


@router.get(
    "",
    response={200: JobPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="jobs_list",
)
def list_jobs(request: HttpRequest, filters: Query[JobFilters], params: Query[PageParams]):
    """The account's recurring jobs, page by page: the account's own first (they run for its
    stable channels), then each beta channel's, in the order of its settings page.

    A channel created in the web UI has its jobs here at once (new jobs have the period `none`,
    except Authorization Refresh: every 12 hours).
    """
    actor, account = request_tenant(request)
    found = jobs(
        actor,
        account,
        scope=filters.scope,
        channel_id=filters.channel_id,
        job_type=filters.job_type,
    )
    return paginate(request, found, params, job_out)


@router.get(
    "/{job_id}",
    response={200: JobOut, **error_responses(401, 403, 404, 422)},
    operation_id="jobs_get",
)
def get_job(request: HttpRequest, job_id: JobId):
    """One recurring job; another account's job is 404 not_found."""
    return job_out(job_get(request_actor(request), job_id))


@router.patch(
    "/{job_id}",
    response={200: JobOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="jobs_update",
)
def update_job(request: HttpRequest, job_id: JobId, payload: JobUpdateIn):
    """Change the job's Main Job Period and/or pause (`enabled`: false) or resume it.

    The same rules as in the web UI, each a 422 on `period` with the reason, and nothing
    changes: a period the channel's kind does not offer (see `periods`); Import Products with a
    period on a channel that is not the Master Product Channel, or at account scope while
    OpenOMS is the Master Product Source; Export Products with a period on the Master Product
    Channel. A job resumed after its due time passed runs at once, once. Each change is an Info
    event in the Events log.
    """
    changes = payload.model_dump(exclude_unset=True)
    if not changes:
        message = "Send period, enabled or both."
        raise ValidationError([{"loc": ("body",), "msg": message, "type": "value_error"}])
    actor = request_actor(request)
    return job_out(job_update(actor=actor, job=job_get(actor, job_id), **changes))


@router.post(
    "/{job_id}/run",
    response={202: JobRunOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="jobs_run_now",
)
def run_job_now(request: HttpRequest, job_id: JobId):
    """Queue a run of the job now, whatever its period (`none` included): 202 with the run,
    which a worker then executes (follow it at `/job-runs/{id}`).

    409 conflict while the job is already queued or running (a job runs once at a time), and
    for a job of a stable channel (stable channels follow the account's jobs).
    """
    actor = request_actor(request)
    run = job_run_now(actor=actor, job=job_get(actor, job_id))
    return Status(202, job_run_out(run))


@router.get(
    "/{job_id}/runs",
    response={200: JobRunPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="jobs_runs_list",
)
def list_job_runs(request: HttpRequest, job_id: JobId, params: Query[PageParams]):
    """The job's runs, newest first, page by page."""
    actor = request_actor(request)
    return paginate(request, job_runs(actor, job_get(actor, job_id)), params, job_run_out)


@runs_router.get(
    "/{run_id}",
    response={200: JobRunOut, **error_responses(401, 403, 404, 422)},
    operation_id="job_runs_get",
)
def get_job_run(request: HttpRequest, run_id: RunId):
    """One job run: its times, status, counts, summary and how many events of each level it
    wrote (`GET /events?run_id=` lists them). Another account's run is 404 not_found."""
    return job_run_out(run_get(request_actor(request), run_id))
