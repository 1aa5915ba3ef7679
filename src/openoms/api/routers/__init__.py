"""API v2 endpoints, one module per topic."""
