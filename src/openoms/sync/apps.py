from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "openoms.sync"
    label = "sync"
    verbose_name = "Sync: products and inventory between OpenOMS and its channels"

    def ready(self) -> None:
        from openoms.sync.inventory_job_handlers import register_inventory_job_handlers
        from openoms.sync.job_handlers import register_job_handlers

        register_job_handlers()
        register_inventory_job_handlers()
