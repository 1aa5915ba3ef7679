"""The recurring-job parts of the pages: a beta channel's Other System Settings (seed 004), the
account's Recurring Jobs tab, and where a job is set (the links of runs, Run now's way back).

A channel page belongs to the account selected in the header, so a channel job links to its
channel only when its account is the selected one; the account's tab is reached through System
Settings for the selected account, else through Organizations.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from openoms.automation.models import RecurringJob
from openoms.automation.selectors import channel_calls_refusal
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope
from openoms.web.job_rows import (
    SECTION,
    JobRow,
    account_jobs,
    beta_channel_jobs,
    channel_jobs,
    job_rows,
)
from openoms.web.scopes import AccountScope


def recurring_jobs_url(request, account: Account) -> str:
    """The account's Recurring Jobs tab: under System Settings for the selected account, else
    through Organizations; "" when the actor's role may not see recurring jobs."""
    if not request.actor.can(Perm.AUTOMATION_VIEW):
        return ""
    selected = request.account is not None and request.account.pk == account.pk
    if not selected and not request.actor.can(Perm.ORGANIZATION_VIEW):
        return ""
    return AccountScope(account, via_organization=not selected).url("recurring_jobs")


def channel_jobs_url(request, job: RecurringJob) -> str:
    """A channel job's section on its channel page ("" unless its account is the selected
    one: channel pages belong to the account selected in the header)."""
    if request.account is None or request.account.pk != job.account_id:
        return ""
    return f"{ChannelScope(job.channel).url()}#{SECTION}"


def job_home_url(request, job: RecurringJob) -> str:
    """Where a job is set: its channel's Other System Settings, or the Recurring Jobs tab."""
    if job.channel_id:
        return channel_jobs_url(request, job)
    return recurring_jobs_url(request, job.account)


def back_url(request, job: RecurringJob) -> str:
    """Where to return after Run now: the page that posted (``next``), else the job's home."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return job_home_url(request, job) or reverse("web:job_runs", args=[job.pk])


def run_now_allowed(job: RecurringJob) -> bool:
    """Run now is offered for account jobs and beta channel jobs (stable ones follow the
    account's)."""
    return job.channel_id is None or job.channel.is_beta


def channel_section(request, scope: ChannelScope, errors: dict[int, str] | None = None) -> dict:
    """The context of a channel's Other System Settings: its job rows when it is a beta channel
    (its rows created first), else the link to the account's Recurring Jobs it follows."""
    actor, channel = request.actor, scope.channel
    section = {
        "jobs_visible": actor.can(Perm.AUTOMATION_VIEW),
        "recurring_jobs_url": recurring_jobs_url(request, channel.account),
    }
    if not channel.is_beta or not section["jobs_visible"]:
        return section
    found = channel_jobs(actor, scope)
    return {
        **section,
        "job_rows": job_rows(actor, channel.account, found, errors),
        "jobs_editable": actor.can(Perm.AUTOMATION_MANAGE),
        "can_run": actor.can(Perm.AUTOMATION_RUN),
        "calls_refusal": channel_calls_refusal(channel),
        "jobs_next": f"{scope.url()}#{SECTION}",
    }


def beta_rows(request, account: Account) -> list[tuple[JobRow, str]]:
    """The beta channels' jobs with the link to each channel's Other System Settings."""
    found = beta_channel_jobs(request.actor, account)
    rows = job_rows(request.actor, account, found)
    return [(row, channel_jobs_url(request, row.job)) for row in rows]


def account_section(request, account: Account, errors: dict[int, str] | None = None) -> dict:
    """The context of the account's Recurring Jobs tab."""
    actor = request.actor
    found = account_jobs(actor, account)
    return {
        "job_rows": job_rows(actor, account, found, errors, with_targets=True),
        "beta_rows": beta_rows(request, account),
        "jobs_editable": actor.can(Perm.AUTOMATION_MANAGE),
        "can_run": actor.can(Perm.AUTOMATION_RUN),
    }
