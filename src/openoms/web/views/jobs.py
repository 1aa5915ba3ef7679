"""Recurring jobs' pages: the Save of a beta channel's Other System Settings (seed 004), Run now,
a job's runs, and one run (its counts and events; polled by htmx while it is queued or running).

A job or run is found by id among the accounts the actor sees (another tenant's is a 404); its
times are shown in its account's timezone.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from openoms.activity.selectors import EventFilter, events
from openoms.automation import selectors
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.runs import job_run_now, run_event_counts
from openoms.core.errors import Conflict
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope, channel_page
from openoms.web.guards import page
from openoms.web.job_rows import SECTION, channel_jobs, flash_save, jobs_save, run_counts
from openoms.web.job_sections import back_url, job_home_url, run_now_allowed
from openoms.web.views.channels import settings_response
from openoms.web.views.events import channel_names, name_channels

RUNS_PAGE_SIZE = 20
EVENTS_PAGE_SIZE = 50
STABLE = "Stable channels follow the account's recurring jobs (Account → Recurring Jobs)."


@channel_page(Perm.CHANNELS_VIEW)
def channel_jobs_save(request, scope: ChannelScope):
    """Save the Other System Settings: each changed job through ``job_update``; a refused job is
    shown next to its row, unchanged, while the others are saved. A GET (a reload of a refused
    Save) goes back to the section."""
    if request.method != "POST":
        return redirect(f"{scope.url()}#{SECTION}")
    request.actor.require(Perm.AUTOMATION_MANAGE)
    if not scope.channel.is_beta:
        messages.error(request, STABLE)
        return redirect(scope.url())
    result = jobs_save(request.actor, channel_jobs(request.actor, scope), request.POST)
    flash_save(request, result)
    if result.errors:
        return settings_response(request, scope, result.errors)
    return redirect(f"{scope.url()}#{SECTION}")


@require_POST
@page
def job_run(request, pk: int):
    """Run now: queue a run and follow it on its page; refused while one is queued or running."""
    job = selectors.job_get(request.actor, pk)
    try:
        run = job_run_now(actor=request.actor, job=job)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(back_url(request, job))
    messages.success(request, f"{job.spec.label} is queued: it runs in the background.")
    return redirect("web:run", run.pk)


def _breadcrumbs(request, job: RecurringJob, *, with_job: bool = True) -> list:
    if job.channel_id:
        where = (job.channel.display_name, job_home_url(request, job) or None)
    else:
        where = ("Recurring Jobs", job_home_url(request, job) or None)
    crumbs = [("Automation", None), where]
    if with_job:
        crumbs.append((job.spec.label, _runs_url(job)))
    return crumbs


def _runs_url(job: RecurringJob) -> str:
    return reverse("web:job_runs", args=[job.pk])


def _job_context(request, job: RecurringJob) -> dict:
    return {
        "job": job,
        "job_scope": job.channel.display_name if job.channel_id else "Account (stable channels)",
        "home_url": job_home_url(request, job),
        "can_run": request.actor.can(Perm.AUTOMATION_RUN)
        and run_now_allowed(job)
        and job.active_run_id is None,
        "next": request.get_full_path(),
    }


@page
def job_runs(request, pk: int):
    """A job's runs, newest first, 20 a page."""
    job = selectors.job_get(request.actor, pk)
    runs = selectors.job_runs(request.actor, job)
    context = {
        "title": f"Runs of {job.spec.label}",
        "breadcrumbs": _breadcrumbs(request, job, with_job=False),
        "page_obj": Paginator(runs, RUNS_PAGE_SIZE).get_page(request.GET.get("page")),
        **_job_context(request, job),
    }
    return render(request, "web/automation/job_runs.html", context)


@page
def run_page(request, pk: int):
    """One run: when and how it ran, what it counted, and the events it wrote."""
    run = selectors.run_get(request.actor, pk)
    found = events(request.actor, run.account, EventFilter(run_id=run.pk))
    context = {
        "title": f"Run {run.pk} of {run.job.spec.label}",
        "breadcrumbs": _breadcrumbs(request, run.job),
        "run": run,
        "counts": run_counts(run),
        "event_counts": run_event_counts(run),
        "page_obj": name_channels(
            Paginator(found, EVENTS_PAGE_SIZE).get_page(request.GET.get("page")),
            channel_names(request.actor, run.account),
        ),
        **_job_context(request, run.job),
    }
    return render(request, "web/automation/run.html", context)


@page
def run_progress(request, pk: int):
    """The run's state, polled by htmx every second; once finished the page reloads itself."""
    run: JobRun = selectors.run_get(request.actor, pk)
    if run.is_finished and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "web/automation/_run_progress.html", {"run": run})
