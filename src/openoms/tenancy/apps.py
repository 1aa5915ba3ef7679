from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "openoms.tenancy"
    label = "tenancy"
    verbose_name = "Organizations, accounts and users"
