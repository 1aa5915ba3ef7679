"""The Shopify connector (Admin GraphQL, API 2026-04): its documents, its cost-based pacing and,
with the connectors issue, its client. Every document it can send is validated against the
stored SDL by ``tests/connectors/test_shopify_contract.py``."""
