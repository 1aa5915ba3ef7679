"""The ShipBob connector (REST API 2026-01): its client with ShipBob's rate limit, products,
stock by fulfillment center, orders and shipments, receiving orders. Every request it can build
is validated against the stored OpenAPI file by ``tests/connectors/shipbob/test_contract.py``."""

from openoms.connectors.shipbob.connector import ShipBob

__all__ = ["ShipBob"]
