"""The home page and the header's account switcher."""

from __future__ import annotations

from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openoms.catalog.selectors import products_search, variants_search
from openoms.core.errors import NotFound
from openoms.inventory.selectors import enabled_warehouses, inventory_rows
from openoms.tenancy import selectors
from openoms.tenancy.account_settings import SETTINGS_BY_NAME
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.guards import page
from openoms.web.middleware import SESSION_ACCOUNT_KEY
from openoms.web.views.auth import safe_next

_SUMMARY_SETTINGS = [
    "license_type",
    "size_unit",
    "volume_unit",
    "weight_unit",
    "master_product_source",
    "enable_automatic_sales_order_workflow",
    "enable_automatic_purchase_order_workflow",
    "enable_inventory_real_time_updates",
]


def account_summary(account: Account) -> list[tuple[str, str]]:
    """(label, readable value) of the settings shown on the account's summary card."""
    rows = []
    for name in _SUMMARY_SETTINGS:
        setting = SETTINGS_BY_NAME[name]
        rows.append((setting.label, setting.choice_label(setting.value_of(account), account)))
    return rows


_ACCOUNT_LINKS = [
    ("Open the account settings", "web:account_settings", Perm.ACCOUNT_VIEW),
    ("Manage the account's users", "web:account_users", Perm.ACCOUNT_USERS_VIEW),
    ("Create an API key for your integrations", "web:account_api_keys", Perm.API_KEYS_MANAGE),
]


def _account_links(actor) -> list[tuple[str, str]]:
    return [(label, reverse(name)) for label, name, perm in _ACCOUNT_LINKS if actor.can(perm)]


def stock_summary(actor, account: Account) -> list[tuple[str, int, str]]:
    """(label, figure, link) of the home page's catalog and inventory card."""
    if not (actor.can(Perm.CATALOG_VIEW) and actor.can(Perm.INVENTORY_VIEW)):
        return []
    units = inventory_rows(actor, account).aggregate(units=Sum("total"))["units"]
    tab = ""
    if actor.can(Perm.ACCOUNT_WAREHOUSES_VIEW):
        tab = reverse("web:account_settings_warehouses")
    return [
        ("Products", products_search(actor, account).count(), reverse("web:products")),
        ("SKUs", variants_search(actor, account).count(), reverse("web:products")),
        ("Warehouses enabled", enabled_warehouses(actor, account).count(), tab),
        ("Units in stock", units or 0, reverse("web:inventory")),
    ]


@page
def home(request):
    actor = request.actor
    context = {"title": "Home", "now": timezone.now()}
    if request.account is not None:
        context["summary"] = account_summary(request.account)
        context["links"] = _account_links(actor)
        context["stock"] = stock_summary(actor, request.account)
        context["can_adjust"] = actor.can(Perm.INVENTORY_ADJUST)
    elif actor.can(Perm.ORGANIZATION_VIEW):
        context["accounts"] = selectors.accounts_visible(actor)
        context["organization"] = selectors.organizations_visible(actor).first()
    return render(request, "web/home.html", context)


@require_POST
@page
def switch_account(request):
    """Select an account for this session ("" = none, for organization users); 404 if not visible."""
    chosen = request.POST.get("account", "").strip()
    if not chosen:
        if request.actor.account_id is None:
            request.session.pop(SESSION_ACCOUNT_KEY, None)
        return redirect(safe_next(request))
    if not chosen.isdigit():
        raise NotFound("Account not found.")
    account = selectors.account_get(request.actor, pk=int(chosen))
    request.session[SESSION_ACCOUNT_KEY] = account.pk
    return redirect(safe_next(request))
