"""Which channel a page is about: its URLs, breadcrumbs and tab bar, and the decorators of the
channel pages (Sales Channels → Channels and Fulfillment Channels → Channels).

Both channel types share every page; the type is the first part of the address
(``/sales-channels/…``, ``/fulfillment-channels/…``), so a sales channel's id under
``/fulfillment-channels/`` is not found, like another account's channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.urls import reverse

from openoms.channels import selectors
from openoms.channels.kinds import FULFILLMENT, SALES
from openoms.channels.models import Channel
from openoms.tenancy.permissions import Perm
from openoms.web.scopes import Tab, selected_account_page, tab_bar
from openoms.web.sync_menu import sync_menu

# The channel type as the address spells it, and the menu group it belongs to.
AREAS = {SALES: "Sales Channels", FULFILLMENT: "Fulfillment Channels"}
SETTINGS_TABS = [("main", "Main Settings"), ("advanced", "Advanced Settings")]


class ChannelTypeConverter:
    """``<ctype:type>`` in a path: "sales" or "fulfillment"."""

    regex = "sales|fulfillment"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def channels_url(channel_type: str, name: str = "channels", **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"type": channel_type, **kwargs})


@dataclass(frozen=True)
class ChannelScope:
    """A channel page's channel, with the URLs of its tabs."""

    channel: Channel

    @property
    def type(self) -> str:
        return self.channel.type

    @property
    def area(self) -> str:
        return AREAS[self.channel.type]

    @property
    def is_sales(self) -> bool:
        return self.channel.type == SALES

    def url(self, name: str = "", **kwargs) -> str:
        """The URL of this channel's page ``name`` ("" = settings, "sku_mappings", …)."""
        suffix = f"_{name}" if name else ""
        return channels_url(self.type, f"channel{suffix}", pk=self.channel.pk, **kwargs)

    def breadcrumbs(self, *extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
        return [
            (self.area, None),
            ("Channels", channels_url(self.type)),
            (self.channel.display_name, self.url()),
            *extra,
        ]

    def tabs(self, active: str) -> list[Tab]:
        pages = [
            ("sku_mappings", "SKU Mappings", self.url("sku_mappings")),
            ("warehouse_mappings", "Warehouse Mappings", self.url("warehouse_mappings")),
            ("carrier_mappings", "Carrier Mappings", self.url("carrier_mappings")),
        ] + ([("outbox", "Outbox", self.url("outbox"))] if self.is_sales else [])
        return tab_bar(SETTINGS_TABS, pages, self.url(), active)


def channel_context(request, scope: ChannelScope, active: str, **extra) -> dict:
    """What every channel page template needs: title, breadcrumbs, the tab bar, the Sync menu."""
    return {
        "title": scope.channel.display_name,
        "scope": scope,
        "channel": scope.channel,
        "breadcrumbs": scope.breadcrumbs(),
        "tabs": scope.tabs(active),
        "sync": sync_menu(request, scope),
        **extra,
    }


account_channels_page = selected_account_page(
    Perm.CHANNELS_VIEW, "Channels", "Channels belong to one account."
)


def channel_page(perm: Perm):
    """Decorate ``view(request, scope, **kwargs)`` for a page of one channel of the selected
    account: another account's channel (or one of the other type) is a 404, then ``perm`` is
    required (a 403)."""

    def decorate(view):
        @account_channels_page
        @wraps(view)
        def wrapped(request, account, type, pk, **kwargs):
            channel = selectors.channel_get(request.actor, account, pk, type=type)
            request.actor.require(perm)
            return view(request, ChannelScope(channel), **kwargs)

        return wrapped

    return decorate
