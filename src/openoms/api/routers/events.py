"""The account's Events log: what its processes (job runs, imports, settings changes) did or
could not do, newest first, with the filters of the Events page."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from openoms.activity.selectors import events
from openoms.api.auth import request_tenant
from openoms.api.pagination import PageParams, paginate
from openoms.api.schemas.automation import EventFilters, EventPageOut
from openoms.api.schemas.common import error_responses
from openoms.api.serializers.automation import event_filter_in, event_out
from openoms.tenancy.permissions import Perm

router = Router(tags=["Events"])


@router.get(
    "",
    response={200: EventPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="events_list",
)
def list_events(request: HttpRequest, filters: Query[EventFilters], params: Query[PageParams]):
    """The account's events, newest first, page by page; every filter is optional.

    `since` and `until` are ISO 8601 date-times; one without an offset (or a date alone) is a
    local time of the account's timezone (Account → Timezone), one with `Z` or an offset is
    exact. `until` before `since`, an unknown `level` or a malformed time is 422
    validation_error naming the parameter. `entity` matches an entity's id or label exactly;
    `run_id` lists what one job run wrote.
    """
    actor, account = request_tenant(request)
    actor.require(Perm.AUTOMATION_VIEW)
    found = events(actor, account, event_filter_in(filters, account))
    return paginate(request, found, params, event_out)
