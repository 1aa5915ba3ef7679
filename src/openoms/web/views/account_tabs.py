"""The account's tabs that are pages of their own: Users, Recurring Jobs, History (Warehouses is
``account_warehouses``).

Recurring Jobs holds the account-scope jobs (they run for every enabled stable channel of the
account) with one Save, and the beta channels' jobs read-only (each is set on its channel).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from openoms.tenancy import selectors
from openoms.tenancy.permissions import Perm
from openoms.tenancy.roles import account_role_choices
from openoms.web.job_rows import account_jobs, flash_save, jobs_save
from openoms.web.job_sections import account_section
from openoms.web.scopes import AccountScope, account_context, account_page
from openoms.web.views import users as user_pages

HISTORY_PAGE_SIZE = 50


def _directory(request, scope: AccountScope) -> user_pages.UserDirectory:
    return user_pages.UserDirectory(
        organization=scope.organization,
        account=scope.account,
        users=selectors.account_users(request.actor, scope.account),
        role_choices=account_role_choices(),
        manage_perm=Perm.ACCOUNT_USERS_MANAGE,
        list_url=scope.url("users"),
        new_url=scope.url("user_new"),
        edit_url=lambda pk: scope.url("user_edit", pk=pk),
        page_context=account_context(
            request, scope, "users", base_template="web/account/base.html"
        ),
    )


@account_page(Perm.ACCOUNT_USERS_VIEW)
def users(request, scope: AccountScope):
    return user_pages.users_list(request, _directory(request, scope))


@account_page(Perm.ACCOUNT_USERS_MANAGE)
def user_new(request, scope: AccountScope):
    return user_pages.user_new(request, _directory(request, scope))


@account_page(Perm.ACCOUNT_USERS_MANAGE)
def user_edit(request, scope: AccountScope, pk: int):
    return user_pages.user_edit(request, _directory(request, scope), pk)


@account_page(Perm.AUTOMATION_VIEW)
def recurring_jobs(request, scope: AccountScope):
    """Every role that sees recurring jobs reads them here; Automation manage changes them."""
    errors: dict[int, str] = {}
    if request.method == "POST":
        request.actor.require(Perm.AUTOMATION_MANAGE)
        found = account_jobs(request.actor, scope.account)
        result = jobs_save(request.actor, found, request.POST)
        flash_save(request, result)
        if not result.errors:
            return redirect(scope.url("recurring_jobs"))
        errors = result.errors
    section = account_section(request, scope.account, errors)
    context = account_context(request, scope, "recurring_jobs", next=request.path, **section)
    return render(request, "web/account/recurring_jobs.html", context)


@account_page(Perm.ACCOUNT_HISTORY_VIEW)
def history(request, scope: AccountScope):
    entries = selectors.account_history(request.actor, scope.account)
    page_obj = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = account_context(request, scope, "history", page_obj=page_obj)
    return render(request, "web/account/history.html", context)
