from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "openoms.sync"
    label = "sync"
    verbose_name = "Sync: product import and export between OpenOMS and its channels"
