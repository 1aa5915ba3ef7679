"""The Webhooks panel of a Shopify or ShipBob channel's page: the address to give the channel
(absolute, to copy), how many deliveries arrived, the last ones, and the last refusals."""

from __future__ import annotations

from django.urls import reverse

from openoms.sync.selectors.webhooks import webhook_panel
from openoms.web.channel_scope import ChannelScope

STATUS_BADGES = {"received": "badge-blue", "processed": "badge-green", "ignored": "badge-grey"}


def webhooks_context(request, scope: ChannelScope) -> dict:
    """``webhooks`` for the channel page's template: None for a kind that receives none."""
    panel = webhook_panel(request.actor, scope.channel)
    if panel is None:
        return {"webhooks": None}
    path = reverse(f"webhooks:{panel.source.source}", kwargs={"channel_id": scope.channel.pk})
    rows = [(delivery, STATUS_BADGES.get(delivery.status, "")) for delivery in panel.recent]
    return {
        "webhooks": {
            "panel": panel,
            "url": request.build_absolute_uri(path),
            "rows": rows,
            "secret_label": _secret_label(scope, panel.source.secret_credential),
        }
    }


def _secret_label(scope: ChannelScope, credential: str) -> str:
    fields = {field.name: field.label for field in scope.channel.kind_spec.credentials}
    return fields.get(credential, credential)
