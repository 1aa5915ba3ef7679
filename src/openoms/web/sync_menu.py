"""The Sync quick action of a channel page: Import Products and Export Products (each disabled,
with the reason, when it may not run on this channel: seed 000), then the kind's other
capabilities, greyed until the connectors release brings them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from openoms.channels.kinds import CAPABILITY_LABELS, Capability
from openoms.channels.master_product import product_export_refusal, product_import_refusal
from openoms.tenancy.permissions import Perm

if TYPE_CHECKING:
    from openoms.web.channel_scope import ChannelScope

PRODUCT_ACTIONS = (
    (Capability.IMPORT_PRODUCTS, "Import Products", "import_products", product_import_refusal),
    (Capability.EXPORT_PRODUCTS, "Export Products", "export_products", product_export_refusal),
)
LATER = "Arrives with the connectors release."
ROLE_REFUSAL = "Your role may not change products."


@dataclass(frozen=True)
class SyncItem:
    """One entry of the menu: a POST to ``url`` when it may run, else greyed with ``reason``."""

    label: str
    url: str = ""
    reason: str = ""


def sync_menu(request, scope: ChannelScope) -> list[SyncItem]:
    channel = scope.channel
    may_sync = request.actor.can(Perm.CATALOG_EDIT)
    items = []
    for _, label, name, refusal in PRODUCT_ACTIONS:
        reason = refusal(channel) or ("" if may_sync else ROLE_REFUSAL)
        items.append(SyncItem(label, "" if reason else scope.url(name), reason))
    product_capabilities = {capability for capability, *_ in PRODUCT_ACTIONS}
    items += [
        SyncItem(CAPABILITY_LABELS[capability], reason=LATER)
        for capability in CAPABILITY_LABELS
        if channel.kind_spec.can(capability) and capability not in product_capabilities
    ]
    return items
