"""Template context for the page shell: the menu, the account switcher, the acting user."""

from __future__ import annotations

from openoms.web.menu import build_menu, switcher_accounts


def shell(request) -> dict:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    return {
        "actor": actor,
        "current_account": request.account,
        "menu": build_menu(request),
        "switcher_accounts": switcher_accounts(actor),
    }
