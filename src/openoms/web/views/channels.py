"""Sales Channels → Channels and Fulfillment Channels → Channels: the list, Create, and a channel's
page: its settings (tabs Main Settings and Advanced Settings) followed by its Other System Settings
(the recurring jobs of a beta channel, seed 004), all in one form with one Save
(``channel_page_save``).

The services check every value; a secret credential is never put back on a page. A channel just
created or edited gets its job rows at once (``automation.services.setup``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from openoms.automation.services.setup import channel_add
from openoms.channels import selectors
from openoms.channels.kinds import CAPABILITY_LABELS, kinds_for
from openoms.channels.models import Channel
from openoms.core.errors import ValidationFailed
from openoms.sync.services.inventory_settings import duplicates_refusal
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.channel_forms import ChannelCreateForm, ChannelSettingsForm, credential_key
from openoms.web.channel_page_save import channel_page_save
from openoms.web.channel_scope import (
    AREAS,
    SETTINGS_TABS,
    ChannelScope,
    account_channels_page,
    channel_context,
    channel_page,
    channels_url,
)
from openoms.web.inventory_sync_panel import inventory_sync_context
from openoms.web.job_sections import channel_section
from openoms.web.views.inventory import warehouse_options
from openoms.web.webhook_panel import webhooks_context

ADVANCED_FIELDS = {"pii_retention_days", "api_base_url"}


@account_channels_page
def channels_list(request, account: Account, type: str):
    rows = selectors.channels(request.actor, account, type=type).order_by("name")
    context = {
        "title": "Channels",
        "breadcrumbs": [(AREAS[type], None)],
        "rows": rows,
        "area": AREAS[type],
        "can_manage": request.actor.can(Perm.CHANNELS_MANAGE),
        "new_url": channels_url(type, "channel_new"),
    }
    return render(request, "web/channels/list.html", context)


def _create(request, account: Account, type: str, form: ChannelCreateForm) -> Channel | None:
    """The new channel, or None with the service's errors on the form."""
    kind = form.chosen_kind()
    try:
        return channel_add(
            actor=request.actor,
            account=account,
            type=type,
            kind=form.text("kind"),
            **form.values(kind),
        )
    except ValidationFailed as exc:
        form.show_errors(exc.errors, kind)
        return None


@account_channels_page
def channel_new(request, account: Account, type: str):
    request.actor.require(Perm.CHANNELS_MANAGE)
    kinds = kinds_for(type)
    form = ChannelCreateForm(request.POST or None, kinds=kinds)
    channel = _create(request, account, type, form) if request.method == "POST" else None
    if channel is not None:
        messages.success(request, f"Channel “{channel.name}” created.")
        return redirect(ChannelScope(channel).url())
    context = {
        "title": "Create channel",
        "breadcrumbs": [(AREAS[type], None), ("Channels", channels_url(type))],
        "form": form,
        "kinds": [(kind, form.credential_rows(kind)) for kind in kinds],
        "list_url": channels_url(type),
    }
    return render(request, "web/channels/new.html", context)


def _initial(channel: Channel, actor) -> dict:
    """The stored values as the form shows them; secret credentials are never among them."""
    kind = channel.kind_spec
    initial = {
        "name": channel.name,
        "is_enabled": "yes" if channel.is_enabled else "no",
        "is_beta": "beta" if channel.is_beta else "stable",
        "pii_retention_days": channel.pii_retention_days or "",
        "api_base_url": channel.api_base_url,
        "served_warehouses": selectors.served_warehouse_codes(actor, channel),
        "inventory_sync_mode": channel.inventory_sync_mode,
        "update_duplicate_skus": "yes" if channel.update_duplicate_skus else "no",
    }
    for field in kind.credentials:
        if not field.secret:
            initial[credential_key(kind, field)] = channel.credentials.get(field.name, "")
    return initial


def _settings_form(request, scope: ChannelScope, data=None) -> ChannelSettingsForm:
    channel = scope.channel
    if scope.is_sales:
        extras: dict = {"pii": True}
        if channel.is_beta:
            extras["inventory"] = duplicates_refusal(channel.kind) or ""
    else:
        options = warehouse_options(request, channel.account, physical_only=True)
        extras = {"warehouse_choices": [(o.code, o.label) for o in options]}
    return ChannelSettingsForm(
        data,
        kind=channel.kind_spec,
        extras=extras,
        editable=request.actor.can(Perm.CHANNELS_MANAGE),
        saved=channel.credentials,
        initial=_initial(channel, request.actor),
    )


def run_all(steps: list[Callable[[], object]]) -> None:
    """Run every step in one transaction; report all their field errors together, or none."""
    errors: dict[str, str] = {}
    with transaction.atomic():
        for step in steps:
            try:
                with transaction.atomic():
                    step()
            except ValidationFailed as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationFailed(errors)


@channel_page(Perm.CHANNELS_VIEW)
def channel_settings(request, scope: ChannelScope):
    """The page, and its one Save: the channel's settings and its Other System Settings job
    periods together (``channel_page_save``); the outcome shows at the top of the page."""
    form = _settings_form(request, scope, request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return _settings_page(request, scope, form)
    if not request.actor.can(Perm.AUTOMATION_MANAGE):
        request.actor.require(Perm.CHANNELS_MANAGE)
    result = channel_page_save(request.actor, scope, form)
    if result.saved:
        messages.success(request, result.message())
        for notice in result.notices:
            messages.warning(request, notice)
        return redirect(scope.url())
    if result.preview is not None:
        return _settings_page(request, scope, form, preview=result.preview)
    form.show_errors(result.field_errors, scope.channel.kind_spec)
    if result.job_errors:
        count = len(result.job_errors)
        messages.error(
            request,
            f"Nothing was saved: {count} job{'' if count == 1 else 's'} could not be changed "
            "(see Other System Settings below).",
        )
    return _settings_page(request, scope, form, result.job_errors)


def settings_response(request, scope: ChannelScope, job_errors: dict[int, str]):
    """The channel page as stored, with the refusals of an Other System Settings Save by job."""
    return _settings_page(request, scope, _settings_form(request, scope), job_errors)


def _settings_page(
    request,
    scope: ChannelScope,
    form: ChannelSettingsForm,
    job_errors: dict | None = None,
    preview=None,
):
    with_errors = {"advanced" if field in ADVANCED_FIELDS else "main" for field in form.errors}
    if preview is not None:
        with_errors.add("main")
    error_tabs = [key for key, _ in SETTINGS_TABS if key in with_errors]
    kind = scope.channel.kind_spec
    context = channel_context(
        request,
        scope,
        "settings",
        form=form,
        kind=kind,
        capabilities=[CAPABILITY_LABELS[c] for c in CAPABILITY_LABELS if kind.can(c)],
        credential_rows=form.credential_rows(kind),
        editable=request.actor.can(Perm.CHANNELS_MANAGE),
        error_tabs=error_tabs,
        initial_tab=error_tabs[0] if error_tabs else "",
        **channel_section(request, scope, job_errors),
        **webhooks_context(request, scope),
        **inventory_sync_context(scope.channel, form, preview),
    )
    return render(request, "web/channels/settings.html", context)
