from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "openoms.purchasing"
    label = "purchasing"
    verbose_name = "Purchasing: purchase orders and their receipts"
