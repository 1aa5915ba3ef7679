"""Another tenant's rows are never reachable through the UI: always 404, never 403, nothing changes."""

from __future__ import annotations

import pytest

from openoms.tenancy.models import Account, ApiKey
from openoms.tenancy.roles import Role
from openoms.web.middleware import SESSION_ACCOUNT_KEY
from tests.factories import make_api_key
from tests.web.conftest import SETTINGS_URL, settings_post


def foreign_account_url(other, tail: str = "") -> str:
    return f"/organizations/{other.organization.code}/accounts/{other.account.code}/{tail}"


@pytest.mark.parametrize(
    "tail",
    ["", "users/", "users/new/", "history/", "api-keys/", "warehouses/", "recurring-jobs/"],
)
@pytest.mark.parametrize("role", [Role.ORGANIZATION_OWNER, Role.SUPERVISOR])
def test_another_tenants_account_pages_are_not_found(signed_in, other_tenant, role, tail):
    # given
    client = signed_in(role)
    # when
    response = client.get(foreign_account_url(other_tenant, tail))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("tail", ["", "accounts/", "accounts/new/", "users/", "users/new/"])
@pytest.mark.parametrize(
    "role", [Role.ORGANIZATION_OWNER, Role.ACCOUNT_ADMINISTRATOR, Role.ACCOUNT_USER]
)
def test_another_tenants_organization_pages_are_not_found(signed_in, other_tenant, role, tail):
    # given
    client = signed_in(role)
    # when
    response = client.get(f"/organizations/{other_tenant.organization.code}/{tail}")
    # then
    assert response.status_code == 404


def test_our_account_under_another_organizations_code_is_not_found(signed_in, tenant, other_tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    url = f"/organizations/{other_tenant.organization.code}/accounts/{tenant.account.code}/"
    # when
    response = client.get(url)
    # then
    assert response.status_code == 404


def test_a_post_to_another_tenants_account_settings_changes_nothing(signed_in, other_tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    data = settings_post(other_tenant.account, name="Hijacked", timezone="Asia/Tokyo")
    # when
    response = client.post(foreign_account_url(other_tenant), data)
    # then
    assert response.status_code == 404
    other_tenant.account.refresh_from_db()
    assert (other_tenant.account.name, other_tenant.account.timezone) == ("Globex Apparel", "UTC")
    assert other_tenant.account.audit_entries.count() == 0


def test_another_tenants_users_cannot_be_edited(signed_in, tenant, other_tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    victim = other_tenant.user(Role.ACCOUNT_USER)
    # when
    on_our_account = client.post(
        f"{SETTINGS_URL}users/{victim.pk}/", {"role": "account_administrator"}
    )
    on_theirs = client.get(foreign_account_url(other_tenant, f"users/{victim.pk}/"))
    org_victim = other_tenant.user(Role.SUPERVISOR)
    on_our_org = client.post(
        f"/organizations/{tenant.organization.code}/users/{org_victim.pk}/",
        {"role": "organization_administrator"},
    )
    # then
    assert (on_our_account.status_code, on_theirs.status_code, on_our_org.status_code) == (
        404,
        404,
        404,
    )
    victim.refresh_from_db()
    org_victim.refresh_from_db()
    assert (victim.role, org_victim.role) == (Role.ACCOUNT_USER, Role.SUPERVISOR)


def test_another_tenants_api_key_cannot_be_revoked(signed_in, other_tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    make_api_key(other_tenant.account, name="Their key")
    key = ApiKey.objects.get(name="Their key")
    # when
    ours = client.post(f"{SETTINGS_URL}api-keys/{key.pk}/revoke/")
    theirs = client.post(foreign_account_url(other_tenant, f"api-keys/{key.pk}/revoke/"))
    # then
    assert (ours.status_code, theirs.status_code) == (404, 404)
    key.refresh_from_db()
    assert key.revoked_at is None


def test_switching_to_another_tenants_account_is_not_found(signed_in, tenant, other_tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    response = client.post("/switch-account/", {"account": other_tenant.account.pk})
    # then
    assert response.status_code == 404
    assert client.session[SESSION_ACCOUNT_KEY] == tenant.account.pk


def test_a_foreign_account_id_in_the_session_is_ignored(signed_in, other_tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    session = client.session
    session[SESSION_ACCOUNT_KEY] = other_tenant.account.pk
    session.save()
    # when
    response = client.get(SETTINGS_URL)
    # then
    assert response.status_code == 200
    assert "Select an account in the header switcher first" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ACCOUNT_ADMINISTRATOR, Role.ACCOUNT_USER])
@pytest.mark.parametrize("tail", ["", "users/", "history/", "api-keys/"])
def test_account_users_cannot_open_the_second_account_of_their_organization(
    signed_in, tenant, role, tail
):
    # given
    client = signed_in(role)
    url = f"/organizations/{tenant.organization.code}/accounts/{tenant.second_account.code}/{tail}"
    # when
    by_path = client.get(url)
    by_switch = client.post("/switch-account/", {"account": tenant.second_account.pk})
    # then
    assert (by_path.status_code, by_switch.status_code) == (404, 404)


def test_account_users_cannot_change_the_second_account(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    url = f"/organizations/{tenant.organization.code}/accounts/{tenant.second_account.code}/"
    # when
    response = client.post(url, settings_post(tenant.second_account, timezone="Asia/Tokyo"))
    # then
    assert response.status_code == 404
    assert Account.objects.get(pk=tenant.second_account.pk).timezone == "UTC"
