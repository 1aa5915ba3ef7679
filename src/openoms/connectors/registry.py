"""The connectors by channel kind: an explicit table, no discovery.

Each connector declares the capabilities it has (``capabilities`` on its class: the roles of
``connectors.base`` it plays); the channel kinds read them from here (``connector_capabilities``),
so a kind can do exactly what its connector can. A kind whose connector is still planned
(``Planned``) declares what it will do, and ``connector_for`` refuses it, in this one place,
with one message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from openoms.connectors.base import ROLES, ChannelAccess, ConnectorUnavailable
from openoms.connectors.sandbox import Sandbox3PL, SandboxStore
from openoms.connectors.shipbob import ShipBob
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.core.capabilities import Capability

T = TypeVar("T")


@dataclass(frozen=True)
class Planned:
    """A kind whose connector arrives in a later release: what it will do, and its name."""

    label: str
    capabilities: frozenset[Capability]


Connector = Callable[[ChannelAccess], object]

CONNECTORS: dict[str, Connector | Planned] = {
    "sandbox_sales": SandboxStore,
    "sandbox_fulfillment": Sandbox3PL,
    "shopify": ShopifyConnector,
    "shipbob": ShipBob,
}


def connector_capabilities(kind: str) -> frozenset[Capability]:
    """What a channel of ``kind`` can do: its connector's declared capabilities (none when the
    kind is unknown)."""
    entry = CONNECTORS.get(kind)
    return frozenset(getattr(entry, "capabilities", frozenset()))


def connector_unavailable(kind: str) -> str | None:
    """Why a channel of ``kind`` has no connector to call (yet), or None when it has one."""
    entry = CONNECTORS.get(kind)
    if entry is None or isinstance(entry, Planned):
        return f"The {entry.label if entry else kind} connector arrives in a later release."
    return None


def connector_for(kind: str, access: ChannelAccess, role: type[T]) -> T:
    """The connector of a channel of ``kind``, built from ``access`` (its credentials, name in
    messages, base URL, report sink), playing ``role`` (a Protocol of ``connectors.base``).

    Raises
    ``ConnectorUnavailable`` (a message for a person) when the kind has no connector yet or its
    connector does not play ``role``.
    """
    if reason := connector_unavailable(kind):
        raise ConnectorUnavailable(reason)
    entry = CONNECTORS[kind]
    declared = {ROLES[c] for c in connector_capabilities(kind) if c in ROLES}
    if role in ROLES.values() and role not in declared:
        raise ConnectorUnavailable(f"The {kind} connector does not play the {role.__name__} role.")
    connector = entry(access)
    if not isinstance(connector, role):
        raise ConnectorUnavailable(f"The {kind} connector does not play the {role.__name__} role.")
    return connector
