from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "openoms.channels"
    label = "channels"
    verbose_name = "Channels: sales and fulfillment channels, SKU and warehouse mappings"

    def ready(self) -> None:
        from openoms.channels.master_product import register_master_product_setting

        register_master_product_setting()
