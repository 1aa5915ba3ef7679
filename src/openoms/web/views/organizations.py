"""System Configuration → Organizations: the list, then tabs Main, Accounts and Users. A new
account gets its recurring job rows at once (``account_add``)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse

from openoms.automation.services.setup import account_add
from openoms.core.errors import ValidationFailed
from openoms.tenancy import selectors
from openoms.tenancy.models import Organization
from openoms.tenancy.permissions import Perm
from openoms.tenancy.roles import Role, organization_role_choices
from openoms.tenancy.services.accounts import organization_rename
from openoms.web.forms import NameForm, show_errors
from openoms.web.guards import page
from openoms.web.scopes import organization_page
from openoms.web.views import users as user_pages

_TABS = [
    ("organization", "Main"),
    ("organization_accounts", "Accounts"),
    ("organization_users", "Users"),
    ("organization_warehouses", "Warehouses"),
]


def organization_context(organization: Organization, active: str, **extra) -> dict:
    """Title, breadcrumbs and tab bar of an organization's pages."""
    code = organization.code
    tabs = [
        {"label": label, "url": reverse(f"web:{name}", args=[code]), "active": name == active}
        for name, label in _TABS
    ]
    breadcrumbs = [
        ("System Configuration", None),
        ("Organizations", reverse("web:organizations")),
        (organization.name, reverse("web:organization", args=[code])),
    ]
    return {
        "title": organization.name,
        "organization": organization,
        "tabs": tabs,
        "breadcrumbs": breadcrumbs,
        **extra,
    }


@page
def organizations(request):
    request.actor.require(Perm.ORGANIZATION_VIEW)
    rows = selectors.organizations_visible(request.actor).annotate(account_count=Count("accounts"))
    context = {
        "title": "Organizations",
        "organizations": rows,
        "breadcrumbs": [("System Configuration", None)],
    }
    return render(request, "web/organizations/list.html", context)


@organization_page
def organization(request, organization: Organization):
    """Main tab: the name (editable with Organization Edit) and the permanent code."""
    form = NameForm(request.POST or None, initial={"name": organization.name})
    if request.method == "POST" and form.is_valid():
        try:
            organization_rename(
                actor=request.actor, organization=organization, name=form.cleaned_data["name"]
            )
        except ValidationFailed as exc:
            show_errors(form, exc.errors)
        else:
            messages.success(request, "Organization saved.")
            return redirect("web:organization", organization.code)
    editable = request.actor.can(Perm.ORGANIZATION_EDIT)
    context = organization_context(organization, "organization", form=form, editable=editable)
    return render(request, "web/organizations/main.html", context)


@organization_page
def organization_accounts(request, organization: Organization):
    accounts = selectors.accounts_visible(request.actor).filter(organization=organization)
    context = organization_context(
        organization,
        "organization_accounts",
        accounts=accounts,
        can_create=request.actor.can(Perm.ACCOUNT_CREATE),
    )
    return render(request, "web/organizations/accounts.html", context)


@organization_page
def account_new(request, organization: Organization):
    request.actor.require(Perm.ACCOUNT_CREATE)
    form = NameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_add(
                actor=request.actor, organization=organization, name=form.cleaned_data["name"]
            )
        except ValidationFailed as exc:
            show_errors(form, exc.errors)
        else:
            messages.success(request, f"Account “{account.name}” created with code {account.code}.")
            return redirect("web:org_account", organization.code, account.code)
    context = organization_context(organization, "organization_accounts", form=form)
    context["breadcrumbs"].append(
        ("Accounts", reverse("web:organization_accounts", args=[organization.code]))
    )
    context["title"] = "New account"
    return render(request, "web/organizations/account_new.html", context)


def _role_choices(request) -> list[tuple[str, str]]:
    """Organization roles this actor may grant: the Owner role only to Owners."""
    may_grant_owner = request.actor.can(Perm.ORGANIZATION_OWNERS_MANAGE)
    return [
        (value, label)
        for value, label in organization_role_choices()
        if value != Role.ORGANIZATION_OWNER or may_grant_owner
    ]


def _directory(request, organization: Organization) -> user_pages.UserDirectory:
    code = organization.code
    return user_pages.UserDirectory(
        organization=organization,
        account=None,
        users=selectors.organization_users(request.actor, organization),
        role_choices=_role_choices(request),
        manage_perm=Perm.ORGANIZATION_USERS_MANAGE,
        list_url=reverse("web:organization_users", args=[code]),
        new_url=reverse("web:organization_user_new", args=[code]),
        edit_url=lambda pk: reverse("web:organization_user_edit", args=[code, pk]),
        page_context=organization_context(
            organization, "organization_users", base_template="web/organizations/base.html"
        ),
    )


@organization_page
def organization_users(request, organization: Organization):
    return user_pages.users_list(request, _directory(request, organization))


@organization_page
def organization_user_new(request, organization: Organization):
    return user_pages.user_new(request, _directory(request, organization))


@organization_page
def organization_user_edit(request, organization: Organization, pk: int):
    request.actor.require(Perm.ORGANIZATION_USERS_MANAGE)
    return user_pages.user_edit(request, _directory(request, organization), pk)
