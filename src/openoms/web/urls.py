"""URLs of the web UI (namespace ``web``).

Every account page exists twice, as in the help article: under System Settings for the account
selected in the header (``account_settings*``) and under System Configuration → Organizations →
Accounts (``org_account*``). Channel pages are shared by both types: ``/sales-channels/…`` and
``/fulfillment-channels/…``.
"""

from django.urls import path, register_converter

from openoms.web.channel_scope import ChannelTypeConverter
from openoms.web.views import (
    account_settings,
    account_tabs,
    account_warehouses,
    adjust,
    api_keys,
    auth,
    carrier_mappings,
    carriers,
    channel_sync,
    channels,
    events,
    favicon,
    home,
    imports,
    inventory,
    jobs,
    organizations,
    outbox,
    products,
    purchase_orders_urls,
    sales_orders_urls,
    sku_mappings,
    warehouse_mappings,
    warehouses,
)

app_name = "web"
register_converter(ChannelTypeConverter, "ctype")

# (path below the account, view, URL name suffix)
_ACCOUNT_PAGES = [
    ("", account_settings.settings_page, ""),
    ("users/", account_tabs.users, "_users"),
    ("users/new/", account_tabs.user_new, "_user_new"),
    ("users/<int:pk>/", account_tabs.user_edit, "_user_edit"),
    ("warehouses/", account_warehouses.warehouses, "_warehouses"),
    ("recurring-jobs/", account_tabs.recurring_jobs, "_recurring_jobs"),
    ("history/", account_tabs.history, "_history"),
    ("api-keys/", api_keys.api_keys, "_api_keys"),
    ("api-keys/<int:pk>/revoke/", api_keys.api_key_revoke_view, "_api_key_revoke"),
]
_ORG = "organizations/<str:org_code>/"
_ORG_ACCOUNT = _ORG + "accounts/<str:account_code>/"
# A channel's pages, below /sales-channels/<id>/ or /fulfillment-channels/<id>/.
_CHANNEL = "<ctype:type>-channels/<int:pk>/"
_CHANNEL_PAGES = [
    ("", channels.channel_settings, ""),
    ("other-system-settings/", jobs.channel_jobs_save, "_jobs_save"),
    ("sync/<str:job_type>/", channel_sync.sync, "_sync"),
    ("sku-mappings/", sku_mappings.sku_mappings, "_sku_mappings"),
    ("sku-mappings/new/", sku_mappings.sku_mapping_new, "_sku_mapping_new"),
    ("sku-mappings/<int:mapping>/", sku_mappings.sku_mapping_edit, "_sku_mapping"),
    ("sku-mappings/<int:mapping>/delete/", sku_mappings.sku_mapping_remove, "_sku_mapping_delete"),
    ("sku-mappings/variants/", sku_mappings.variant_options, "_variant_options"),
    ("sku-mappings/variants/<int:variant>/", sku_mappings.variant_pick, "_variant_pick"),
    ("sku-mappings/import/", sku_mappings.sku_mappings_import, "_sku_mappings_import"),
    ("sku-mappings/export/", sku_mappings.sku_mappings_export, "_sku_mappings_export"),
    ("sku-mappings/template/", sku_mappings.sku_mappings_template, "_sku_mappings_template"),
    ("warehouse-mappings/", warehouse_mappings.warehouse_mappings, "_warehouse_mappings"),
    *carrier_mappings.PAGES,
    ("outbox/", outbox.channel_outbox, "_outbox"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/set/<uidb64>/<token>/", auth.PasswordSetView.as_view(), name="password_set"),
    path("switch-account/", home.switch_account, name="switch_account"),
    path("settings/users/", account_tabs.users, name="account_users"),
    path("settings/api-keys/", api_keys.api_keys, name="account_api_keys"),
    path("organizations/", organizations.organizations, name="organizations"),
    path(_ORG, organizations.organization, name="organization"),
    path(_ORG + "accounts/", organizations.organization_accounts, name="organization_accounts"),
    path(_ORG + "accounts/new/", organizations.account_new, name="organization_account_new"),
    path(_ORG + "users/", organizations.organization_users, name="organization_users"),
    path(_ORG + "users/new/", organizations.organization_user_new, name="organization_user_new"),
    path(
        _ORG + "users/<int:pk>/",
        organizations.organization_user_edit,
        name="organization_user_edit",
    ),
    path(_ORG + "warehouses/", warehouses.organization_warehouses, name="organization_warehouses"),
    path(_ORG + "warehouses/new/", warehouses.warehouse_new, name="organization_warehouse_new"),
    path(
        _ORG + "warehouses/<str:code>/",
        warehouses.warehouse_edit,
        name="organization_warehouse",
    ),
    path("products/", products.products, name="products"),
    path("products/new/", products.product_new, name="product_new"),
    path("products/<int:pk>/", products.product_page, name="product"),
    path("products/<int:pk>/status/", products.product_status, name="product_status"),
    path("products/import/", products.products_import, name="products_import"),
    path("products/export/", products.products_export, name="products_export"),
    path("products/template/", products.products_template, name="products_template"),
    path("inventory/", inventory.levels, name="inventory"),
    path(
        "inventory/variants/<int:variant_id>/",
        inventory.variant_inventory,
        name="variant_inventory",
    ),
    path("inventory/movements/", inventory.movements, name="inventory_movements"),
    path("inventory/adjust/", adjust.adjust, name="inventory_adjust"),
    path("inventory/skus/", adjust.sku_options, name="sku_options"),
    path("inventory/import/", inventory.levels_import, name="inventory_import"),
    path("inventory/export/", inventory.levels_export, name="inventory_export"),
    path("inventory/template/", inventory.levels_template, name="inventory_template"),
    *carriers.URLS,
    *sales_orders_urls.URLS,
    *purchase_orders_urls.URLS,
    path("<ctype:type>-channels/", channels.channels_list, name="channels"),
    path("<ctype:type>-channels/new/", channels.channel_new, name="channel_new"),
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.file_import, name="import"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<int:pk>/rejected.csv", imports.import_issues_csv, name="import_issues_csv"),
    path("imports/<int:pk>/run-again/", imports.import_run_again, name="import_run_again"),
    path("events/", events.events_page, name="events"),
    path("jobs/<int:pk>/run/", jobs.job_run, name="job_run"),
    path("jobs/<int:pk>/runs/", jobs.job_runs, name="job_runs"),
    path("runs/<int:pk>/", jobs.run_page, name="run"),
    path("runs/<int:pk>/progress/", jobs.run_progress, name="run_progress"),
]
urlpatterns += [
    path(_CHANNEL + _suffix, _view, name=f"channel{_name}")
    for _suffix, _view, _name in _CHANNEL_PAGES
]
for _suffix, _view, _name in _ACCOUNT_PAGES:
    urlpatterns += [
        path(f"settings/account/{_suffix}", _view, name=f"account_settings{_name}"),
        path(_ORG_ACCOUNT + _suffix, _view, name=f"org_account{_name}"),
    ]
