"""Adjust Inventory: set a level's Total, or add or remove units, with a reason for the ledger.

After a change the form stays open (same warehouse) and a message says what moved
("SKU-1 at TOR-1: 10 → 14"). The ledger row is written by ``inventory.services.levels``.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from openoms.catalog.selectors import variants_search
from openoms.core.errors import ValidationFailed
from openoms.inventory.services.levels import level_adjust, level_set
from openoms.inventory.triggers import Trigger
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.forms import AdjustInventoryForm, show_errors
from openoms.web.scopes import selected_account_page
from openoms.web.views.inventory import warehouse_options

SKU_OPTIONS = 20
# The service's field names, as the form calls them.
_FIELDS = {"total": "quantity", "adjust": "quantity"}

adjust_page = selected_account_page(
    Perm.INVENTORY_ADJUST, "Adjust Inventory", "Inventory is kept per account."
)


def _whole_number(raw: str) -> int:
    value = raw.strip()
    if not value.isdigit():
        raise ValidationFailed({"quantity": "Enter a whole number, 0 or more."})
    return int(value)


def _apply(request, account: Account, data: dict) -> str:
    """Apply the form; the message says what moved ("SKU-1 at TOR-1: 10 → 14")."""
    quantity = _whole_number(data["quantity"])
    mode = data["mode"]
    if mode not in ("set", "add", "remove"):
        raise ValidationFailed({"mode": "Choose Set total to, Add or Remove."})
    common = {
        "actor": request.actor,
        "account": account,
        "warehouse": data["warehouse"],
        "variant": data["sku"],
        "trigger": Trigger.ADJUST_INVENTORY_MANUALLY,
        "reason": data["reason"].strip(),
    }
    if mode == "set":
        movement = level_set(total=quantity, **common)
    else:
        movement = level_adjust(delta=quantity if mode == "add" else -quantity, **common)
    where = f"{data['sku']} at {data['warehouse'].strip().upper()}"
    if movement is None:
        return f"{where}: no change."
    return f"{where}: {movement.resulting - movement.change} → {movement.resulting}"


@adjust_page
def adjust(request, account: Account):
    choices = [(o.code, o.label) for o in warehouse_options(request, account, physical_only=True)]
    initial = {"mode": "set", **{k: request.GET.get(k, "") for k in ("warehouse", "sku")}}
    form = AdjustInventoryForm(
        request.POST or None,
        initial=initial,
        warehouse_choices=choices,
        sku_search_url=reverse("web:sku_options"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = _apply(request, account, form.cleaned_data)
        except ValidationFailed as exc:
            show_errors(form, {_FIELDS.get(k, k): v for k, v in exc.errors.items()})
        else:
            messages.success(request, message)
            query = urlencode({"warehouse": form.cleaned_data["warehouse"]})
            return redirect(f"{reverse('web:inventory_adjust')}?{query}")
    context = {
        "title": "Adjust Inventory",
        "breadcrumbs": [("Inventory", reverse("web:inventory"))],
        "form": form,
        "has_warehouses": bool(choices),
    }
    return render(request, "web/inventory/adjust.html", context)


@adjust_page
def sku_options(request, account: Account):
    """The ``<option>``s of the SKU datalist for what was typed so far (htmx)."""
    typed = request.GET.get("sku", "")
    found = variants_search(request.actor, account, q=typed)[:SKU_OPTIONS] if typed else []
    return render(request, "web/inventory/_sku_options.html", {"variants": found})
