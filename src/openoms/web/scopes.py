"""Which account (or organization) a page is about, and the URLs of its tabs.

An account's pages are reachable two ways, as in the help article: System Settings (the account
selected in the header switcher) and System Configuration → Organizations → Accounts → Edit.
``AccountScope`` hides the difference: views ask it for URLs and breadcrumbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.shortcuts import render
from django.urls import reverse

from openoms.core.errors import NotFound
from openoms.tenancy import selectors
from openoms.tenancy.account_settings import TABS
from openoms.tenancy.models import Account, Organization
from openoms.tenancy.permissions import Perm
from openoms.web.guards import page


@dataclass(frozen=True)
class AccountScope:
    """An account page's account, and whether it was reached through the organization."""

    account: Account
    via_organization: bool

    @property
    def organization(self) -> Organization:
        return self.account.organization

    def url(self, name: str = "", **kwargs) -> str:
        """The URL of this account's page ``name`` ("" = settings, "users", "history", …)."""
        suffix = f"_{name}" if name else ""
        if self.via_organization:
            kwargs.update(org_code=self.organization.code, account_code=self.account.code)
            return reverse(f"web:org_account{suffix}", kwargs=kwargs)
        return reverse(f"web:account_settings{suffix}", kwargs=kwargs or None)

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        if not self.via_organization:
            return [("System Settings", None), ("Account", self.url())]
        org_code = self.organization.code
        return [
            ("System Configuration", None),
            ("Organizations", reverse("web:organizations")),
            (self.organization.name, reverse("web:organization", args=[org_code])),
            ("Accounts", reverse("web:organization_accounts", args=[org_code])),
            (self.account.name, self.url()),
        ]


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url: str
    active: bool = False
    in_page: bool = False


# The account's page tabs after the settings tabs, in the order of the help article.
_PAGE_TABS: list[tuple[str, str, Perm]] = [
    ("recurring_jobs", "Recurring Jobs", Perm.AUTOMATION_VIEW),
    ("warehouses", "Warehouses", Perm.ACCOUNT_WAREHOUSES_VIEW),
    ("users", "Users", Perm.ACCOUNT_USERS_VIEW),
    ("api_keys", "API Keys", Perm.API_KEYS_MANAGE),
    ("history", "History", Perm.ACCOUNT_HISTORY_VIEW),
]


def tab_bar(
    form_tabs: list[tuple[str, str]],
    page_tabs: list[tuple[str, str, str]],
    settings_url: str,
    active: str,
) -> list[Tab]:
    """A settings form's tabs (key, label), then one tab per page of its own (key, label, url).

    On the settings page (``active`` "settings") the form tabs switch in place; elsewhere they
    link back to the settings page with the tab in the fragment.
    """
    on_settings = active == "settings"
    prefix = "" if on_settings else settings_url
    tabs = [Tab(key, label, f"{prefix}#tab-{key}", in_page=on_settings) for key, label in form_tabs]
    tabs += [Tab(key, label, url, active=key == active) for key, label, url in page_tabs]
    return tabs


def account_tabs(request, scope: AccountScope, active: str) -> list[Tab]:
    """The tab bar of an account: the settings form's tabs (for roles that may open the settings),
    then one page per tab the role sees (an Account User sees only Recurring Jobs)."""
    pages = [
        (key, label, scope.url(key)) for key, label, perm in _PAGE_TABS if request.actor.can(perm)
    ]
    form_tabs = TABS if request.actor.can(Perm.ACCOUNT_VIEW) else []
    return tab_bar(form_tabs, pages, scope.url(), active)


def _breadcrumbs(request, scope: AccountScope) -> list[tuple[str, str | None]]:
    """The scope's breadcrumbs; the account's settings are not linked for a role that may not
    open them."""
    if request.actor.can(Perm.ACCOUNT_VIEW):
        return scope.breadcrumbs()
    return [(label, None if url == scope.url() else url) for label, url in scope.breadcrumbs()]


def account_context(request, scope: AccountScope, active: str, **extra) -> dict:
    """What every account page template needs: title, breadcrumbs, the tab bar and the scope."""
    return {
        "title": scope.account.name,
        "scope": scope,
        "account": scope.account,
        "breadcrumbs": _breadcrumbs(request, scope),
        "tabs": account_tabs(request, scope, active),
        **extra,
    }


def resolve_account_scope(request, org_code: str | None, account_code: str | None):
    """The scope of an account page, or None when the settings path has no account selected."""
    actor = request.actor
    if org_code is None:
        return AccountScope(request.account, False) if request.account else None
    account = selectors.account_get(actor, code=account_code)
    if account.organization.code != org_code:
        raise NotFound("Account not found.")
    actor.require(Perm.ORGANIZATION_VIEW)
    return AccountScope(account, True)


def account_page(perm: Perm):
    """Decorate ``view(request, scope, **kwargs)``: resolve the account, then require ``perm``.

    Tenancy is checked first (someone else's account is a 404), the role second (a 403).
    """

    def decorate(view):
        @page
        @wraps(view)
        def wrapped(request, org_code=None, account_code=None, **kwargs):
            scope = resolve_account_scope(request, org_code, account_code)
            if scope is None:
                context = {"title": "Account", "breadcrumbs": [("System Settings", None)]}
                return render(request, "web/no_account.html", context)
            request.actor.require(perm)
            return view(request, scope, **kwargs)

        return wrapped

    return decorate


def organization_page(view):
    """Decorate ``view(request, organization, **kwargs)`` for pages under an organization code."""

    @page
    @wraps(view)
    def wrapped(request, org_code, **kwargs):
        organization = selectors.organization_for_page(request.actor, org_code)
        return view(request, organization, **kwargs)

    return wrapped


def selected_account_page(perm: Perm, area: str, intro: str):
    """Decorate ``view(request, account, **kwargs)`` for a page of the account selected in the
    header (Products, Inventory, imports): without one it asks for it; then ``perm`` is required.
    """

    def decorate(view):
        @page
        @wraps(view)
        def wrapped(request, **kwargs):
            if request.account is None:
                context = {"title": area, "breadcrumbs": [(area, None)], "intro": intro}
                return render(request, "web/no_account.html", context)
            request.actor.require(perm)
            return view(request, request.account, **kwargs)

        return wrapped

    return decorate
