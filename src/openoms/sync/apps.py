from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "openoms.sync"
    label = "sync"
    verbose_name = "Sync: the one pipeline of channel work (products, inventory, authorization)"

    def ready(self) -> None:
        from openoms.sync.works import register_works

        register_works()
