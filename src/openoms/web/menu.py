"""The left menu, grouped like the help articles. Areas not built yet show as unavailable."""

from __future__ import annotations

from dataclasses import dataclass, replace

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


# A URL name, or a URL name with its arguments.
Target = str | tuple[str, dict[str, str]]

# The permission an entry needs, or all of several.
Perms = Perm | tuple[Perm, ...]

# (group, label, url, permission, needs a selected account, release that brings it)
_ENTRIES: list[tuple[str, str, Target | None, Perms | None, bool, str]] = [
    ("System Settings", "Account", "web:account_settings", Perm.ACCOUNT_VIEW, True, ""),
    ("System Settings", "Users", "web:account_users", Perm.ACCOUNT_USERS_VIEW, True, ""),
    ("System Settings", "API Keys", "web:account_api_keys", Perm.API_KEYS_MANAGE, True, ""),
    ("Admin Settings", "Carriers", "web:carriers", Perm.CHANNELS_VIEW, True, ""),
    (
        "System Configuration",
        "Organizations",
        "web:organizations",
        Perm.ORGANIZATION_VIEW,
        False,
        "",
    ),
    (
        "Sales Channels",
        "Channels",
        ("web:channels", {"type": "sales"}),
        Perm.CHANNELS_VIEW,
        True,
        "",
    ),
    (
        "Fulfillment Channels",
        "Channels",
        ("web:channels", {"type": "fulfillment"}),
        Perm.CHANNELS_VIEW,
        True,
        "",
    ),
    ("Products", "Products", "web:products", Perm.CATALOG_VIEW, True, ""),
    ("Inventory", "Inventory Levels", "web:inventory", Perm.INVENTORY_VIEW, True, ""),
    ("Inventory", "Adjust Inventory", "web:inventory_adjust", Perm.INVENTORY_ADJUST, True, ""),
    ("Inventory", "Movements", "web:inventory_movements", Perm.INVENTORY_VIEW, True, ""),
    ("Sales", "Sales Orders", "web:sales_orders", Perm.ORDERS_VIEW, True, ""),
    ("Purchases", "Purchase Orders", "web:purchase_orders", Perm.PURCHASES_VIEW, True, ""),
    (
        "Automation",
        "Recurring Jobs",
        "web:account_settings_recurring_jobs",
        Perm.AUTOMATION_VIEW,
        True,
        "",
    ),
    ("Automation", "Events", "web:events", Perm.AUTOMATION_VIEW, True, ""),
    ("Automation", "File Imports", "web:imports", Perm.CATALOG_VIEW, True, ""),
]


def _url(target: Target) -> str:
    name, kwargs = (target, None) if isinstance(target, str) else target
    return reverse(name, kwargs=kwargs)


def _item(request, label, target, perm, needs_account, release) -> MenuItem | None:
    actor: Actor = request.actor
    needed = () if perm is None else perm if isinstance(perm, tuple) else (perm,)
    if not all(actor.can(one) for one in needed):
        return None
    if target is None:
        return MenuItem(label, None, note=f"Arrives with the {release} release")
    if needs_account and request.account is None:
        return MenuItem(label, None, note="Select an account in the header first")
    return MenuItem(label, _url(target))


def _mark_active(path: str, items: list[MenuItem]) -> list[MenuItem]:
    """Mark the entry whose URL is the longest prefix of ``path`` ("/inventory/adjust/" is
    Adjust Inventory, not Inventory Levels)."""
    matching = [item for item in items if item.url and path.startswith(item.url)]
    best = max(matching, key=lambda item: len(item.url), default=None)
    return [replace(item, active=True) if item is best else item for item in items]


def build_menu(request) -> list[MenuGroup]:
    entries: list[tuple[str, MenuItem]] = []
    for group, *entry in _ENTRIES:
        item = _item(request, *entry)
        if item is not None:
            entries.append((group, item))
    marked = _mark_active(request.path, [item for _, item in entries])
    groups: dict[str, list[MenuItem]] = {}
    for (group, _), item in zip(entries, marked, strict=True):
        groups.setdefault(group, []).append(item)
    return [MenuGroup(label, items) for label, items in groups.items()]


def switcher_accounts(actor: Actor):
    """Accounts for the header switcher; organization users may also pick "no account"."""
    return selectors.accounts_visible(actor).only("id", "name", "code", "organization__name")
