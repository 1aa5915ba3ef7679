"""System Configuration → Organizations: list, rename, accounts and account creation."""

from __future__ import annotations

from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role


def test_the_list_shows_only_our_organization_with_its_account_count(
    signed_in, tenant, other_tenant
):
    # given
    client = signed_in(Role.SUPERVISOR)
    # when
    html = client.get("/organizations/").content.decode()
    # then
    assert "Acme Group" in html
    assert "Globex" not in html
    assert "<td>2</td>" in html


def test_creating_an_account_generates_its_code_and_refuses_a_colliding_name(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    url = f"/organizations/{tenant.organization.code}/accounts/new/"
    # when
    first = client.post(url, {"name": "My Account"})
    second = client.post(url, {"name": "My-Account"})
    # then
    assert first.status_code == 302
    assert first.url == f"/organizations/{tenant.organization.code}/accounts/MY-ACCOUNT/"
    assert Account.objects.get(name="My Account").code == "MY-ACCOUNT"
    assert second.status_code == 200
    assert (
        "The code &quot;MY-ACCOUNT&quot; generated from this name is already used."
        in second.content.decode()
    )
    assert not Account.objects.filter(name="My-Account").exists()


def test_the_new_account_form_explains_the_code(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    html = client.get(f"/organizations/{tenant.organization.code}/accounts/new/").content.decode()
    # then
    assert (
        'The code is generated from the name (e.g. "My Account" → MY-ACCOUNT) and never changes.'
        in html
    )


def test_the_accounts_tab_links_each_account_to_its_settings(signed_in, tenant):
    # given
    client = signed_in(Role.SUPERVISOR)
    # when
    html = client.get(f"/organizations/{tenant.organization.code}/accounts/").content.decode()
    # then
    assert 'href="/organizations/ACME-GROUP/accounts/ACME-APPAREL/"' in html
    assert 'href="/organizations/ACME-GROUP/accounts/ACME-OUTDOOR/"' in html
    assert "Create account" not in html


def test_renaming_the_organization_keeps_its_code(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    response = client.post(f"/organizations/{tenant.organization.code}/", {"name": "Acme Holding"})
    # then
    assert response.url == "/organizations/ACME-GROUP/"
    tenant.organization.refresh_from_db()
    assert (tenant.organization.name, tenant.organization.code) == ("Acme Holding", "ACME-GROUP")


def test_an_empty_organization_name_shows_the_error(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    response = client.post(f"/organizations/{tenant.organization.code}/", {"name": ""})
    # then
    assert '<p class="field-error">This field is required.</p>' in response.content.decode()
    tenant.organization.refresh_from_db()
    assert tenant.organization.name == "Acme Group"
