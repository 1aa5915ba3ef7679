from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "openoms.catalog"
    label = "catalog"
    verbose_name = "Catalog: products and variants"

    def ready(self) -> None:
        from openoms.catalog.models import ProductVariant
        from openoms.tenancy.live_data import register_counter

        register_counter(
            "products", lambda account: ProductVariant.objects.filter(account=account).count()
        )
