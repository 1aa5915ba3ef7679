"""A sales channel's Outbox tab: the inventory quantities waiting to be sent to it (pending),
being sent (in flight) and whose last attempt failed (with why and when they are tried again),
searchable by channel SKU, page by page (ADR 0004, Consequences)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from openoms.core.errors import NotFound
from openoms.sync.selectors.outbox import STATUS_LABELS, outbox_counts, outbox_rows
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope, channel_context, channel_page

PAGE_SIZE = 50


@channel_page(Perm.CHANNELS_VIEW)
def channel_outbox(request, scope: ChannelScope):
    if not scope.is_sales:
        raise NotFound("A fulfillment channel has no inventory outbox.")
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    status = status if status in STATUS_LABELS else ""
    rows = outbox_rows(request.actor, scope.channel, status=status or None, search=q)
    counts = outbox_counts(request.actor, scope.channel)
    context = channel_context(
        request,
        scope,
        "outbox",
        q=q,
        status=status,
        statuses=[(code, label, counts[code]) for code, label in STATUS_LABELS.items()],
        page_obj=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
    )
    return render(request, "web/channels/outbox.html", context)
