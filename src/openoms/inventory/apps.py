from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "openoms.inventory"
    label = "inventory"
    verbose_name = "Inventory: warehouses, levels and the movement ledger"

    def ready(self) -> None:
        from openoms.activity.import_kinds import register_import_kind
        from openoms.inventory.default_warehouse import register_default_warehouse_setting
        from openoms.inventory.imports import INVENTORY_IMPORT

        register_default_warehouse_setting()
        register_import_kind(INVENTORY_IMPORT)
