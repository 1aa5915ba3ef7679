from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "openoms.purchasing"
    label = "purchasing"
    verbose_name = "Purchasing: purchase orders and their receipts"

    def ready(self) -> None:
        from openoms.purchasing.po_csv import register_purchase_order_imports

        register_purchase_order_imports()
