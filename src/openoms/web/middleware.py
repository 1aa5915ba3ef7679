"""Per request: who is acting, which account is selected, and the timezone dates are shown in."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

from openoms.tenancy import selectors
from openoms.tenancy.actor import Actor

SESSION_ACCOUNT_KEY = "openoms_account_id"


def selected_account(request, actor: Actor):
    """The account chosen in the header switcher (always the own one for account users)."""
    if actor.account_id is not None:
        return selectors.accounts_visible(actor).first()
    account_id = request.session.get(SESSION_ACCOUNT_KEY)
    if not account_id:
        return None
    account = selectors.accounts_visible(actor).filter(pk=account_id).first()
    if account is None:
        request.session.pop(SESSION_ACCOUNT_KEY, None)
    return account


class CurrentAccountMiddleware:
    """Sets ``request.actor`` and ``request.account`` and activates the account's timezone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        request.account = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.actor = Actor.for_user(user)
            request.account = selected_account(request, request.actor)
        tz_name = request.account.timezone if request.account else "UTC"
        timezone.activate(zoneinfo.ZoneInfo(tz_name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
