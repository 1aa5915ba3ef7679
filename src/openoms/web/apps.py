from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openoms.web"
    label = "web"
    verbose_name = "Web UI"
