"""API keys: the full key is shown once on the creating response, never stored; revoke."""

from __future__ import annotations

import hashlib
import re

from openoms.tenancy.models import ApiKey
from openoms.tenancy.roles import Role
from tests.factories import make_api_key

KEYS_URL = "/settings/api-keys/"


def test_creating_a_key_shows_it_once_and_stores_only_its_hash(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    created = client.post(KEYS_URL, {"name": "ERP integration"})
    listing = client.get(KEYS_URL)
    # then
    html = created.content.decode()
    raw = re.search(r'<code id="new-api-key" class="secret">([^<]+)</code>', html).group(1)
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    assert "Copy it now: it will not be shown again" in html
    key = ApiKey.objects.get(account=tenant.account, name="ERP integration")
    assert raw.startswith(key.prefix + "_")
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in listing.content.decode()
    assert f"{key.prefix}…" in listing.content.decode()
    assert raw not in str(dict(client.session))


def test_a_key_without_a_name_shows_the_error(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    response = client.post(KEYS_URL, {"name": "  "})
    # then
    assert "Give the key a name that says who uses it." in response.content.decode()
    assert tenant.account.api_keys.count() == 0


def test_revoking_a_key_keeps_it_listed_as_revoked(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    make_api_key(tenant.account, name="Old shop")
    key = ApiKey.objects.get(name="Old shop")
    # when
    response = client.post(f"/settings/account/api-keys/{key.pk}/revoke/", follow=True)
    # then
    key.refresh_from_db()
    html = response.content.decode()
    assert key.revoked_at is not None
    assert key.revoked_by == tenant.user(Role.ORGANIZATION_ADMINISTRATOR)
    assert f"API key “Old shop” ({key.prefix}…) revoked." in html
    assert "Revoked" in html
    assert "by organization_administrator@acme-group.example" in html


def test_revoke_needs_a_post(signed_in, tenant):
    # given
    client = signed_in(Role.ORGANIZATION_ADMINISTRATOR)
    make_api_key(tenant.account, name="Shop")
    key = ApiKey.objects.get(name="Shop")
    # when
    response = client.get(f"/settings/account/api-keys/{key.pk}/revoke/")
    # then
    assert response.status_code == 405
    key.refresh_from_db()
    assert key.revoked_at is None


def test_the_main_tab_lists_the_active_keys_with_a_manage_link(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    make_api_key(tenant.account, name="Warehouse robot")
    key = ApiKey.objects.get(name="Warehouse robot")
    # when
    html = client.get("/settings/account/").content.decode()
    # then
    assert f"<code>{key.prefix}…</code> Warehouse robot" in html
    assert '<a href="/settings/account/api-keys/">Manage API keys</a>' in html
