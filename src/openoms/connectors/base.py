"""What a connector offers, as Protocols: the sync service asks a connector for these roles.

A channel kind's capabilities (channels.kinds) say which roles its connector plays; a connector
signals a failure of the remote service with ``ConnectorError`` (a message for a person).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from openoms.connectors.types import ProductData


class ConnectorError(Exception):
    """The channel could not be reached or refused the request; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@runtime_checkable
class ProductSource(Protocol):
    """A channel products can be imported from (a Master Product Channel)."""

    def fetch_products(self) -> Iterable[ProductData]:
        """Every SKU of the channel's catalog, in the channel's order (duplicates included)."""
        ...


@runtime_checkable
class ProductTarget(Protocol):
    """A channel products can be exported to."""

    def push_products(self, products: Iterable[ProductData]) -> int:
        """Create or update these SKUs in the channel; returns how many it received."""
        ...
