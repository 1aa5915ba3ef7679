from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "openoms.catalog"
    label = "catalog"
    verbose_name = "Catalog: products and variants"

    def ready(self) -> None:
        from openoms.activity.import_kinds import register_import_kind
        from openoms.catalog.imports import PRODUCT_IMPORT
        from openoms.catalog.models import Product, ProductVariant
        from openoms.tenancy.live_data import register_counter

        register_counter(
            "products", lambda account: Product.objects.filter(account=account).count()
        )
        register_counter(
            "SKUs",
            lambda account: ProductVariant.objects.filter(account=account).count(),
            detail_of="products",
        )
        register_import_kind(PRODUCT_IMPORT)
