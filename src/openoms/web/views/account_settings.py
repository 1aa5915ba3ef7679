"""The account settings page of the "Edit an Account" article: one form, four tabs, Save top right.

The form only collects what was posted; ``account_update_settings`` validates, asks for a
confirmation when the Master Product Source change could duplicate products, and records history.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from openoms.channels.master_product import TYPE_OF_SOURCE
from openoms.channels.selectors import channels
from openoms.core.errors import ConfirmationRequired, ValidationFailed
from openoms.tenancy import selectors
from openoms.tenancy.account_settings import (
    MASTER_PRODUCT_CHANNEL,
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
from openoms.web.forms import AccountSettingsForm, show_errors
from openoms.web.scopes import AccountScope, account_context, account_page

CHANNEL_SOURCES = (MasterProductSource.SALES_CHANNEL, MasterProductSource.FULFILLMENT_CHANNEL)
CONFIRM_FIELD = "confirm_master_source_change"
# The note under the Master Product Channel when the account has no channel for the source.
_NO_CHANNEL = {
    MasterProductSource.SALES_CHANNEL: "No sales channel that can import products exists in this "
    "account yet. Add one under Sales Channels → Channels.",
    MasterProductSource.FULFILLMENT_CHANNEL: "No fulfillment channel that can import products "
    "exists in this account yet. Add one under Fulfillment Channels → Channels.",
}


@account_page(Perm.ACCOUNT_VIEW)
def settings_page(request, scope: AccountScope):
    if request.method == "POST":
        return _save(request, scope)
    return _render(request, scope, _form(request, scope))


def _channel_sources(request, scope: AccountScope) -> dict[str, str]:
    """Each channel's id → the Master Product Source it can serve ("sales_channel", …)."""
    source_of = {channel_type: source for source, channel_type in TYPE_OF_SOURCE.items()}
    rows = channels(request.actor, scope.account).values_list("pk", "type")
    return {str(pk): source_of[channel_type] for pk, channel_type in rows}


def _form(request, scope: AccountScope, data=None) -> AccountSettingsForm:
    """The form; each Master Product Channel option says its source, for the script to filter."""
    sources = _channel_sources(request, scope)
    attrs = {pk: {"data-source": source} for pk, source in sources.items()}
    return AccountSettingsForm(
        data,
        account=scope.account,
        can=request.actor.can,
        option_attrs={MASTER_PRODUCT_CHANNEL: attrs},
    )


def _channel_picker(form: AccountSettingsForm) -> dict:
    """The Master Product Channel picker: shown for a channel source, and the "no channel yet"
    notes as (source, note, shown), shown for the chosen source when none of its channels is
    offered."""
    widget = form.fields[MASTER_PRODUCT_CHANNEL].widget
    offered = {
        widget.option_attrs.get(str(value), {}).get("data-source") for value, _ in widget.choices
    }
    chosen = form.value_of("master_product_source")
    notes = [
        (source, note, source == chosen and source not in offered)
        for source, note in _NO_CHANNEL.items()
    ]
    return {
        "show_channel": chosen in CHANNEL_SOURCES,
        "channel_sources": " ".join(CHANNEL_SOURCES),
        "channel_notes": notes,
    }


def _save(request, scope: AccountScope):
    form = _form(request, scope, request.POST)
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
    return SETTINGS_BY_NAME[field].tab if field in SETTINGS_BY_NAME else TAB_MAIN


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
        **_channel_picker(form),
        now=timezone.now(),
    )
    return render(request, "web/account/settings.html", context)
