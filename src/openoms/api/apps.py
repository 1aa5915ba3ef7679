from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openoms.api"
    label = "api"
    verbose_name = "REST API v2"
