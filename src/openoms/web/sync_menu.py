"""The Sync quick action of a channel page: the manual syncs its kind can do (``sync_choices``),
each a POST that starts a run, or greyed with the reason it may not run (seed 000, a later
release, the user's role)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from openoms.sync.pipeline import sync_choices

if TYPE_CHECKING:
    from openoms.web.channel_scope import ChannelScope


@dataclass(frozen=True)
class SyncItem:
    """One entry of the menu: a POST to ``url`` when it may run, else greyed with ``reason``."""

    label: str
    url: str = ""
    reason: str = ""


def sync_menu(request, scope: ChannelScope) -> list[SyncItem]:
    return [
        SyncItem(
            choice.label,
            "" if choice.refusal else scope.url("sync", job_type=choice.job_type),
            choice.refusal,
        )
        for choice in sync_choices(request.actor, scope.channel)
    ]
