from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "openoms.orders"
    label = "orders"
    verbose_name = "Orders: sales orders, allocation, shipments"

    def ready(self) -> None:
        from openoms.inventory.changes import register_listener
        from openoms.orders.order_csv import register_order_imports
        from openoms.orders.services.backorders import backorders_hear
        from openoms.orders.tasks import register_tasks

        register_listener(backorders_hear)
        register_tasks()
        register_order_imports()
