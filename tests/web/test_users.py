"""Account and organization users: create with a set-password link, change the role only."""

from __future__ import annotations

import re

from openoms.tenancy.models import User
from openoms.tenancy.roles import Role
from tests.web.conftest import SETTINGS_URL


def org_users_url(tenant, tail: str = "") -> str:
    return f"/organizations/{tenant.organization.code}/users/{tail}"


def shared_link(html: str) -> str:
    match = re.search(
        r'<code id="set-password-link" class="secret">http://testserver([^<]+)</code>', html
    )
    assert match, "the set-password link is shown"
    return match.group(1)


def test_users_tab_lists_the_accounts_users(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    html = client.get("/settings/users/").content.decode()
    same_tab = client.get(SETTINGS_URL + "users/").content.decode()
    # then
    assert "account_user@acme-group.example" in html
    assert "account_administrator@acme-group.example" in html
    assert "organization_owner@acme-group.example" not in html
    assert "account_user@acme-group.example" in same_tab


def test_a_created_account_user_sets_a_password_through_the_shared_link(signed_in, client, tenant):
    # given
    admin = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    data = {"email": "Packer@Acme.example", "full_name": "Pat Packer", "role": "account_user"}
    # when
    created = admin.post(SETTINGS_URL + "users/new/", data)
    link = shared_link(created.content.decode())
    admin.logout()
    form_page = client.get(link, follow=True)
    new_password = "packing-boxes-all-day-7"
    set_response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    signed_in_response = client.post(
        "/login/", {"email": "packer@acme.example", "password": new_password}
    )
    # then
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    user = User.objects.get(email="packer@acme.example")
    assert (user.role, user.account_id, user.full_name) == (
        "account_user",
        tenant.account.pk,
        "Pat Packer",
    )
    assert "Set your password" in form_page.content.decode()
    assert set_response.status_code == 302
    assert signed_in_response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_set_password_link_works_only_once(signed_in, client):
    # given
    admin = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    created = admin.post(
        SETTINGS_URL + "users/new/", {"email": "once@acme.example", "role": "account_user"}
    )
    link = shared_link(created.content.decode())
    admin.logout()
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "first-Pass-123x", "new_password2": "first-Pass-123x"},
    )
    # when
    again = client.get(link, follow=True)
    # then
    assert "This link is no longer valid" in again.content.decode()


def test_creating_a_user_with_a_taken_email_shows_the_error(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    data = {"email": tenant.user(Role.SUPERVISOR).email, "role": "account_user"}
    # when
    response = client.post(SETTINGS_URL + "users/new/", data)
    # then
    assert response.status_code == 200
    assert (
        '<p class="field-error">A user with this e-mail already exists.</p>'
        in response.content.decode()
    )


def test_editing_a_user_changes_the_role_and_ignores_a_posted_email(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    member = tenant.user(Role.ACCOUNT_USER)
    url = f"{SETTINGS_URL}users/{member.pk}/"
    # when
    page = client.get(url).content.decode()
    response = client.post(url, {"role": "account_administrator", "email": "renamed@acme.example"})
    # then
    assert 'name="email"' not in page
    assert member.email in page
    assert response.status_code == 302
    assert response.url == SETTINGS_URL + "users/"
    member.refresh_from_db()
    assert (member.role, member.email) == (
        "account_administrator",
        "account_user@acme-group.example",
    )


def test_a_user_cannot_change_their_own_role(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    me = tenant.user(Role.ORGANIZATION_ADMINISTRATOR)
    # when
    response = client.post(org_users_url(tenant, f"{me.pk}/"), {"role": "supervisor"})
    # then
    assert response.status_code == 403
    assert "You cannot change your own role" in response.content.decode()
    me.refresh_from_db()
    assert me.role == "organization_administrator"


def test_an_organization_administrator_is_not_offered_nor_allowed_the_owner_role(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    # when
    form = client.get(org_users_url(tenant, "new/")).content.decode()
    response = client.post(
        org_users_url(tenant, "new/"), {"email": "boss@acme.example", "role": "organization_owner"}
    )
    # then
    assert 'value="organization_owner"' not in form
    assert 'value="supervisor"' in form
    assert response.status_code == 403
    assert not User.objects.filter(email="boss@acme.example").exists()


def test_an_owner_creates_an_organization_user(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    response = client.post(
        org_users_url(tenant, "new/"), {"email": "ops@acme.example", "role": "organization_owner"}
    )
    listing = client.get(org_users_url(tenant)).content.decode()
    # then
    assert response.status_code == 200
    assert "ops@acme.example was created as Organization Owner" in response.content.decode()
    user = User.objects.get(email="ops@acme.example")
    assert (user.role, user.account_id) == ("organization_owner", None)
    assert "ops@acme.example" in listing
    assert "account_user@acme-group.example" not in listing


def test_an_account_role_cannot_be_given_to_an_organization_user(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    response = client.post(
        org_users_url(tenant, "new/"), {"email": "x@acme.example", "role": "account_user"}
    )
    # then
    assert "Users of the organization can have these roles" in response.content.decode()
    assert not User.objects.filter(email="x@acme.example").exists()


def test_an_account_user_is_not_editable_through_the_organization_users(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    member = tenant.user(Role.ACCOUNT_USER)
    # when
    response = client.get(org_users_url(tenant, f"{member.pk}/"))
    # then
    assert response.status_code == 404
