from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "openoms.channels"
    label = "channels"
    verbose_name = "Channels: sales and fulfillment channels, SKU and warehouse mappings"

    def ready(self) -> None:
        from openoms.activity.import_kinds import register_import_kind
        from openoms.channels.carrier_csv import CARRIER_MAPPINGS_IMPORT, CARRIERS_IMPORT
        from openoms.channels.master_product import register_master_product_setting
        from openoms.channels.sku_mapping_csv import SKU_MAPPING_IMPORT

        register_master_product_setting()
        register_import_kind(SKU_MAPPING_IMPORT)
        register_import_kind(CARRIERS_IMPORT)
        register_import_kind(CARRIER_MAPPINGS_IMPORT)
