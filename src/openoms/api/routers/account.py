"""The API key's own account: its settings and their change history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from openoms.api.auth import request_actor
from openoms.api.pagination import PageParams, paginate
from openoms.api.schemas.account import AccountOut, AccountUpdatedOut, AccountUpdateIn
from openoms.api.schemas.common import error_responses
from openoms.api.schemas.history import HistoryPageOut
from openoms.api.serializers.account import (
    account_out,
    change_out,
    history_entry_out,
    setting_values,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.selectors import account_get, account_history, account_view, api_keys_active
from openoms.tenancy.services.accounts import account_update_settings

router = Router(tags=["Account"])


def _account_data(actor: Actor) -> dict[str, Any]:
    account = account_view(actor, pk=actor.account_id)
    return account_out(account, api_keys_active(actor, account))


@router.get("", response={200: AccountOut, **error_responses(401, 403)}, operation_id="account_get")
def get_account(request: HttpRequest):
    """Read the settings of the API key's account, named and grouped as on its settings page."""
    return _account_data(request_actor(request))


@router.patch(
    "",
    response={200: AccountUpdatedOut, **error_responses(401, 403, 409, 413, 422)},
    operation_id="account_update",
)
def update_account(request: HttpRequest, payload: AccountUpdateIn):
    """Change some settings of the API key's account; send only the fields you change.

    All values are checked first and every invalid one is reported (422, with each field's path);
    nothing is saved unless all are valid. Each change is recorded in the account history with
    the API key as the actor. The License Type can be changed by the Organization Owner only (403).
    """
    actor = request_actor(request)
    update = payload.model_dump(exclude_unset=True)
    confirm = update.pop("confirm_master_source_change", False)
    account = account_get(actor, pk=actor.account_id)
    changes = account_update_settings(
        actor=actor,
        account=account,
        values=setting_values(update),
        confirm_master_source_change=confirm,
    )
    return {"account": _account_data(actor), "changes": [change_out(c, account) for c in changes]}


@router.get(
    "/history",
    response={200: HistoryPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="account_history_list",
)
def list_account_history(request: HttpRequest, params: Query[PageParams]):
    """The account's change history (settings, API keys, users), newest first, page by page."""
    actor = request_actor(request)
    account = account_get(actor, pk=actor.account_id)
    return paginate(request, account_history(actor, account), params, history_entry_out)
