"""Request and response shapes of API v2 (pydantic models; they are the OpenAPI document)."""
