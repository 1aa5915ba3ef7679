"""URLs of the web UI (namespace ``web``).

Every account page exists twice, as in the help article: under System Settings for the account
selected in the header (``account_settings*``) and under System Configuration → Organizations →
Accounts (``org_account*``).
"""

from django.urls import path

from openoms.web.views import account_settings, account_tabs, api_keys, auth, home, organizations

app_name = "web"

# (path below the account, view, URL name suffix)
_ACCOUNT_PAGES = [
    ("", account_settings.settings_page, ""),
    ("users/", account_tabs.users, "_users"),
    ("users/new/", account_tabs.user_new, "_user_new"),
    ("users/<int:pk>/", account_tabs.user_edit, "_user_edit"),
    ("warehouses/", account_tabs.warehouses, "_warehouses"),
    ("recurring-jobs/", account_tabs.recurring_jobs, "_recurring_jobs"),
    ("history/", account_tabs.history, "_history"),
    ("api-keys/", api_keys.api_keys, "_api_keys"),
    ("api-keys/<int:pk>/revoke/", api_keys.api_key_revoke_view, "_api_key_revoke"),
]
_ORG = "organizations/<str:org_code>/"
_ORG_ACCOUNT = _ORG + "accounts/<str:account_code>/"

urlpatterns = [
    path("", home.home, name="home"),
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
]
for _suffix, _view, _name in _ACCOUNT_PAGES:
    urlpatterns += [
        path(f"settings/account/{_suffix}", _view, name=f"account_settings{_name}"),
        path(_ORG_ACCOUNT + _suffix, _view, name=f"org_account{_name}"),
    ]
