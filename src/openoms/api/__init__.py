"""REST API v2 (django-ninja): routers, API key authentication, one JSON error format."""
