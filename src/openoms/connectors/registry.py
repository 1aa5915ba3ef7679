"""The connectors by channel kind: an explicit table, no discovery.

The Shopify and ShipBob connectors come with the connectors issue; until then their kinds have
no connector (``None``) and the sync service says so in the Events log.
"""

from __future__ import annotations

from collections.abc import Callable

from openoms.connectors.sandbox import SandboxStore

Factory = Callable[[dict, str], object]

CONNECTORS: dict[str, Factory] = {
    "sandbox_sales": SandboxStore,
    "sandbox_fulfillment": SandboxStore,
}


def connector_for(kind: str, credentials: dict, channel_ref: str) -> object | None:
    """The connector of a channel of ``kind``, or None when that kind has none yet.

    ``channel_ref`` names the channel in the connector's messages (e.g. "channel 12").
    The result plays the roles of ``connectors.base`` its kind's capabilities declare.
    """
    factory = CONNECTORS.get(kind)
    return None if factory is None else factory(dict(credentials or {}), channel_ref)
