"""Django app of the REST API v2 (its one model stores idempotency keys)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openoms.api"
    label = "api"
    verbose_name = "REST API v2"

    def ready(self) -> None:
        from openoms.api.redaction import register_redaction

        register_redaction()
