"""The page shell: account switcher, menu, home page, CSRF and error pages."""

from __future__ import annotations

from django.test import Client

from openoms.tenancy.roles import Role
from openoms.web import menu
from openoms.web.middleware import SESSION_ACCOUNT_KEY
from tests.web.conftest import SETTINGS_URL, settings_post


def test_an_organization_user_switches_account_and_back_to_none(signed_in, tenant):
    # given
    client = signed_in(Role.SUPERVISOR, select=False)
    # when
    to_second = client.post(
        "/switch-account/", {"account": tenant.second_account.pk, "next": "/settings/account/"}
    )
    selected = client.session[SESSION_ACCOUNT_KEY]
    to_none = client.post("/switch-account/", {"account": "", "next": "https://evil.example/"})
    # then
    assert (to_second.status_code, to_second.url) == (302, "/settings/account/")
    assert selected == tenant.second_account.pk
    assert (to_none.status_code, to_none.url) == (302, "/")
    assert SESSION_ACCOUNT_KEY not in client.session


def test_an_account_user_cannot_switch(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    response = client.post("/switch-account/", {"account": tenant.second_account.pk})
    html = client.get("/").content.decode()
    # then
    assert response.status_code == 404
    assert SESSION_ACCOUNT_KEY not in client.session
    assert 'name="account"' not in html
    assert "Acme Apparel" in html


def test_the_switcher_offers_no_account_and_every_account_to_organization_users(signed_in):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    html = client.get("/").content.decode()
    # then
    assert '<option value="">No account selected</option>' in html
    assert "Acme Apparel (ACME-APPAREL)</option>" in html
    assert "Acme Outdoor (ACME-OUTDOOR)</option>" in html


def test_home_without_an_account_lists_the_organizations_accounts(signed_in):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR, select=False)
    # when
    html = client.get("/").content.decode()
    # then
    assert "Accounts of Acme Group" in html
    assert "<code>ACME-OUTDOOR</code>" in html


def test_home_with_an_account_shows_its_summary(signed_in):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    # when
    html = client.get("/").content.decode()
    # then
    assert "<dt>Size</dt><dd>Centimeter (cm)</dd>" in html
    assert "<dt>Enable Inventory Real-Time Updates</dt><dd>Yes</dd>" in html


def test_the_menu_shows_unavailable_areas_greyed_with_their_note(signed_in, monkeypatch):
    # given an area of a later release (every area of the menu is built now)
    later = ("Purchases", "Transfers", None, None, True, "Transfers")
    monkeypatch.setattr(menu, "_ENTRIES", [*menu._ENTRIES, later])
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get("/").content.decode()
    # then
    assert 'title="Arrives with the Transfers release" aria-disabled="true">Transfers' in html
    assert '<a href="/purchase-orders/">Purchase Orders</a>' in html
    assert '<a href="/products/">Products</a>' in html
    assert "System Configuration" not in html


def test_a_settings_post_without_csrf_token_is_refused(tenant):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    response = client.post(SETTINGS_URL, settings_post(tenant.account, timezone="Asia/Tokyo"))
    # then
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    tenant.account.refresh_from_db()
    assert tenant.account.timezone == "UTC"


def test_unknown_pages_render_the_product_404(signed_in):
    # given
    client = signed_in(Role.SUPERVISOR)
    # when
    response = client.get("/no/such/page/")
    # then
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()
    assert "Acme Apparel" in response.content.decode()


def test_dates_render_with_the_timezone_abbreviation(signed_in, tenant):
    # given
    tenant.account.timezone = "Europe/Paris"
    tenant.account.save()
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    html = client.get(f"/organizations/{tenant.organization.code}/accounts/").content.decode()
    # then
    assert " CET</td>" in html or " CEST</td>" in html


def test_the_500_page_renders_on_its_own_in_the_product_style():
    # given
    from django.template.loader import render_to_string

    # when
    html = render_to_string("500.html")
    # then
    assert "Something went wrong on our side" in html
    assert "/static/web/openoms.css" in html


def test_a_server_error_renders_the_500_page_with_debug_off(signed_in, monkeypatch, settings):
    # given
    settings.DEBUG = False
    client = signed_in(Role.ORGANIZATION_OWNER)
    client.raise_request_exception = False

    def explode(account):
        raise RuntimeError("boom")

    monkeypatch.setattr("openoms.web.views.home.account_summary", explode)
    # when
    response = client.get("/")
    # then
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_password_pages_render(signed_in, client):
    # given
    signed_in(Role.SUPERVISOR)
    # when
    change = client.get("/password/change/")
    client.logout()
    bad_link = client.get("/password/set/MTIz/bad-token/")
    # then
    assert change.status_code == 200
    assert 'name="old_password"' in change.content.decode()
    assert "This link is no longer valid" in bad_link.content.decode()
