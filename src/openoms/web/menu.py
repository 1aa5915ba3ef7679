"""The left menu, grouped like the help articles. Areas not built yet show as unavailable."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from openoms.tenancy import selectors
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str | None
    active: bool = False
    note: str = ""


@dataclass(frozen=True)
class MenuGroup:
    label: str
    items: list[MenuItem]


# (group, label, url name, permission, needs a selected account, release that brings it)
_ENTRIES: list[tuple[str, str, str | None, Perm | None, bool, str]] = [
    ("System Settings", "Account", "web:account_settings", Perm.ACCOUNT_VIEW, True, ""),
    ("System Settings", "Users", "web:account_users", Perm.ACCOUNT_USERS_VIEW, True, ""),
    ("System Settings", "API Keys", "web:account_api_keys", Perm.API_KEYS_MANAGE, True, ""),
    (
        "System Configuration",
        "Organizations",
        "web:organizations",
        Perm.ORGANIZATION_VIEW,
        False,
        "",
    ),
    ("Sales Channels", "Channels", None, None, True, "Channels"),
    ("Fulfillment Channels", "Channels", None, None, True, "Channels"),
    ("Products", "Products", None, None, True, "Catalog"),
    ("Inventory", "Inventory Levels", None, None, True, "Inventory"),
    ("Sales", "Sales Orders", None, None, True, "Sales orders"),
    ("Purchases", "Purchase Orders", None, None, True, "Purchase orders"),
    ("Automation", "Recurring Jobs", None, None, True, "Automation"),
    ("Automation", "Events", None, None, True, "Automation"),
]


def _item(request, label, url_name, perm, needs_account, release) -> MenuItem | None:
    actor: Actor = request.actor
    if perm is not None and not actor.can(perm):
        return None
    if url_name is None:
        return MenuItem(label, None, note=f"Arrives with the {release} release")
    if needs_account and request.account is None:
        return MenuItem(label, None, note="Select an account in the header first")
    url = reverse(url_name)
    return MenuItem(label, url, active=request.path.startswith(url))


def build_menu(request) -> list[MenuGroup]:
    groups: dict[str, list[MenuItem]] = {}
    for group, *entry in _ENTRIES:
        item = _item(request, *entry)
        if item is not None:
            groups.setdefault(group, []).append(item)
    return [MenuGroup(label, items) for label, items in groups.items()]


def switcher_accounts(actor: Actor):
    """Accounts for the header switcher; organization users may also pick "no account"."""
    return selectors.accounts_visible(actor).only("id", "name", "code", "organization__name")
