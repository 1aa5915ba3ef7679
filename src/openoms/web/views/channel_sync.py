"""The Sync menu's actions: each starts a manual sync run (the one pipeline) and shows its page,
which follows it until it ends (counts and events)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from openoms.automation.job_types import JOB_TYPES
from openoms.core.errors import Conflict, NotFound
from openoms.sync.pipeline import sync_start
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope, channel_page


@require_POST
@channel_page(Perm.CHANNELS_VIEW)
def sync(request, scope: ChannelScope, job_type: str):
    if job_type not in JOB_TYPES:
        raise NotFound("No such sync.")
    try:
        run = sync_start(actor=request.actor, channel=scope.channel, job_type=job_type)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(scope.url())
    label = JOB_TYPES[job_type].label
    messages.success(request, f"{label} of {scope.channel.name} started (run {run.pk}).")
    return redirect(reverse("web:run", kwargs={"pk": run.pk}))
