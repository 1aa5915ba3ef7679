"""An account's API keys: list, create (the key is shown once, on that response only), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy import selectors
from openoms.tenancy.permissions import Perm
from openoms.tenancy.services.api_keys import api_key_create, api_key_revoke
from openoms.web.forms import ApiKeyForm, show_errors
from openoms.web.guards import no_store
from openoms.web.scopes import AccountScope, account_context, account_page


def _render(request, scope: AccountScope, form: ApiKeyForm, new_key: str = ""):
    keys = selectors.api_keys_for_account(request.actor, scope.account)
    rows = [(key, scope.url("api_key_revoke", pk=key.pk)) for key in keys]
    context = account_context(request, scope, "api_keys", form=form, rows=rows, new_key=new_key)
    return render(request, "web/account/api_keys.html", context)


@account_page(Perm.API_KEYS_MANAGE)
def api_keys(request, scope: AccountScope):
    """GET lists the keys; POST creates one and shows the full key in this response only."""
    form = ApiKeyForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, scope, form)
    try:
        _, raw = api_key_create(
            actor=request.actor, account=scope.account, name=form.cleaned_data["name"]
        )
    except ValidationFailed as exc:
        show_errors(form, exc.errors)
        return _render(request, scope, form)
    return no_store(_render(request, scope, ApiKeyForm(), new_key=raw))


@require_POST
@account_page(Perm.API_KEYS_MANAGE)
def api_key_revoke_view(request, scope: AccountScope, pk: int):
    key = selectors.api_key_get(request.actor, scope.account, pk)
    try:
        api_key_revoke(actor=request.actor, api_key=key)
    except NotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"API key “{key.name}” ({key.prefix}…) revoked.")
    return redirect(scope.url("api_keys"))
