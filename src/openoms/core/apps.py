from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openoms.core"
    label = "core"
    verbose_name = "OpenOMS core"
