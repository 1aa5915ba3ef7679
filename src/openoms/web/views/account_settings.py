"""The account settings page of the "Edit an Account" article: one form, four tabs, Save top right.

The form only collects what was posted; ``account_update_settings`` validates, asks for a
confirmation when the Master Product Source change could duplicate products, and records history.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from openoms.core.errors import ConfirmationRequired, ValidationFailed
from openoms.tenancy import selectors
from openoms.tenancy.account_settings import (
    SETTINGS_BY_NAME,
    TAB_API_VALIDATION,
    TAB_MAIN,
    TAB_WORKFLOW,
    TABS,
    settings_for_tab,
)
from openoms.tenancy.models import MasterProductSource
from openoms.tenancy.permissions import Perm
from openoms.tenancy.services.accounts import account_update_settings
from openoms.web.forms import MASTER_PRODUCT_CHANNEL, AccountSettingsForm, show_errors
from openoms.web.scopes import AccountScope, account_context, account_page

CHANNEL_SOURCES = (MasterProductSource.SALES_CHANNEL, MasterProductSource.FULFILLMENT_CHANNEL)
CONFIRM_FIELD = "confirm_master_source_change"


@account_page(Perm.ACCOUNT_VIEW)
def settings_page(request, scope: AccountScope):
    if request.method == "POST":
        return _save(request, scope)
    form = AccountSettingsForm(account=scope.account, can=request.actor.can)
    return _render(request, scope, form)


def _save(request, scope: AccountScope):
    form = AccountSettingsForm(request.POST, account=scope.account, can=request.actor.can)
    form.is_valid()
    try:
        changes = account_update_settings(
            actor=request.actor,
            account=scope.account,
            values=form.submitted_values(),
            confirm_master_source_change=bool(request.POST.get(CONFIRM_FIELD)),
        )
    except ValidationFailed as exc:
        show_errors(form, exc.errors)
        return _render(request, scope, form)
    except ConfirmationRequired as exc:
        return _render(request, scope, form, confirmation=exc.message)
    messages.success(request, saved_message(len(changes)))
    return redirect(scope.url())


def saved_message(count: int) -> str:
    if count == 0:
        return "No changes to save."
    return f"Account settings saved: {count} change{'' if count == 1 else 's'}."


def _error_tabs(form: AccountSettingsForm) -> list[str]:
    """The settings tabs holding an error, in tab order."""
    tabs = {_tab_of(field) for field in form.errors}
    return [key for key, _ in TABS if key in tabs]


def _tab_of(field: str) -> str:
    if field in SETTINGS_BY_NAME:
        return SETTINGS_BY_NAME[field].tab
    return TAB_WORKFLOW if field == MASTER_PRODUCT_CHANNEL else TAB_MAIN


def _rule_rows(form: AccountSettingsForm) -> list[tuple[str, list]]:
    """API Validation Rules as table rows: (document, [carrier code field, service code field])."""
    rows: dict[str, list] = {}
    for setting in settings_for_tab(TAB_API_VALIDATION):
        rows.setdefault(setting.group, []).append(form[setting.name])
    return list(rows.items())


def _render(request, scope: AccountScope, form: AccountSettingsForm, confirmation: str = ""):
    actor = request.actor
    error_tabs = _error_tabs(form)
    initial_tab = error_tabs[0] if error_tabs else (TAB_WORKFLOW if confirmation else "")
    keys = selectors.api_keys_active(actor, scope.account)
    context = account_context(
        request,
        scope,
        "settings",
        form=form,
        error_tabs=error_tabs,
        initial_tab=initial_tab,
        confirmation=confirmation,
        editable=actor.can(Perm.ACCOUNT_EDIT),
        can_edit_license=actor.can(Perm.ACCOUNT_LICENSE_EDIT),
        can_manage_keys=actor.can(Perm.API_KEYS_MANAGE),
        active_keys=keys,
        api_keys_url=scope.url("api_keys"),
        rule_rows=_rule_rows(form),
        show_channel=form.value_of("master_product_source") in CHANNEL_SOURCES,
        channel_sources=" ".join(CHANNEL_SOURCES),
        now=timezone.now(),
    )
    return render(request, "web/account/settings.html", context)
