"""An account's Warehouses tab: which of the organization's warehouses the account uses.

The rules of the help article (a virtual warehouse needs all its physical members; a member of
an enabled virtual one, and the Default Warehouse, stay enabled) are the service's: the page only
shows the read-only boxes and their reasons, and a forged POST is refused all the same.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from openoms.core.errors import ValidationFailed
from openoms.inventory import selectors
from openoms.inventory.services.warehouses import account_warehouses_update
from openoms.tenancy.permissions import Perm
from openoms.web.scopes import AccountScope, account_context, account_page


def saved_message(added: list[str], removed: list[str]) -> str:
    parts = []
    if added:
        parts.append(f"enabled {', '.join(added)}")
    if removed:
        parts.append(f"disabled {', '.join(removed)}")
    return f"Warehouses saved: {'; '.join(parts)}." if parts else "No changes to save."


def _save(request, scope: AccountScope) -> str:
    """Apply the posted boxes; returns the refusal, or "" when saved (with a flash message)."""
    try:
        added, removed = account_warehouses_update(
            actor=request.actor,
            account=scope.account,
            enabled_codes=request.POST.getlist("enabled"),
        )
    except ValidationFailed as exc:
        return " ".join(exc.errors.values())
    messages.success(request, saved_message(added, removed))
    return ""


@account_page(Perm.ACCOUNT_WAREHOUSES_VIEW)
def warehouses(request, scope: AccountScope):
    error = _save(request, scope) if request.method == "POST" else ""
    if request.method == "POST" and not error:
        return redirect(scope.url("warehouses"))
    toggles = selectors.account_warehouse_toggles(request.actor, scope.account)
    context = account_context(
        request,
        scope,
        "warehouses",
        physical=[t for t in toggles if not t.warehouse.is_virtual],
        virtual=[t for t in toggles if t.warehouse.is_virtual],
        editable=request.actor.can(Perm.ACCOUNT_WAREHOUSES_EDIT),
        error=error,
        can_view_organization=request.actor.can(Perm.ORGANIZATION_VIEW),
    )
    return render(request, "web/account/warehouses.html", context)
