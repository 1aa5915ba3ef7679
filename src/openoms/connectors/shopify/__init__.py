"""The Shopify connector (Admin GraphQL, API 2026-04): ``connector.ShopifyConnector`` (what the
registry builds), ``client`` (HTTP, cost pacing, retries), ``auth`` (shop domain, tokens),
``costs`` (every call with its requested cost), ``catalog`` (products), ``inventory`` (locations
and quantities), ``orders`` and ``bulk``; ``documents`` holds every GraphQL document, validated
against the stored SDL by ``tests/connectors/test_shopify_contract.py``. See
``docs/connectors/shopify.md``."""
