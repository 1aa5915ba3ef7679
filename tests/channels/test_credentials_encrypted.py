"""Channel credentials are encrypted at rest (Fernet, OPENOMS_SECRETS_KEYS), rotated, migrated.

The database holds a token that does not contain the secret; the code reads a plain dict; a new
key put first still reads rows of the old one until ``openoms secrets rotate``; a row that no key
decrypts loads, says so clearly when used, and is never overwritten.
"""

import json
import os
import stat
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from openoms.channels.models import Channel
from openoms.channels.services.channels import channel_create, channel_update
from openoms.core import secrets
from openoms.core.secrets import SecretUnreadable, ensure_demo_secret_keys, load_keys
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role

OLD, NEW, OTHER = (Fernet.generate_key().decode() for _ in range(3))
TOKEN = "shpat_secret_123"
CREDENTIALS = {"shop_domain": "acme.myshopify.com", "access_token": TOKEN}


def raw(channel) -> str:
    """The credentials column as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM channels_channel WHERE id = %s", [channel.pk])
        return cursor.fetchone()[0]


def create_store(tenant, name="Main store") -> Channel:
    return channel_create(
        actor=Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR)),
        account=tenant.account,
        type="sales",
        kind="shopify",
        name=name,
        credentials=CREDENTIALS,
    )


@pytest.fixture
def keys(settings):
    """``keys(*keys)`` configures OPENOMS_SECRETS_KEYS for the test."""

    def _keys(*values):
        settings.OPENOMS_SECRETS_KEYS = list(values)
        settings.OPENOMS_SECRETS_KEYS_SOURCE = "environment"

    _keys(OLD)
    return _keys


def test_the_database_holds_a_token_and_the_code_reads_the_dict(tenant, keys):
    # when
    store = create_store(tenant)
    # then
    stored = raw(store)
    assert TOKEN not in stored and "acme" not in stored
    assert json.loads(Fernet(OLD).decrypt(stored.encode())) == CREDENTIALS
    assert Channel.objects.get(pk=store.pk).credentials == CREDENTIALS


def test_a_new_key_first_still_reads_old_rows_and_rotate_reencrypts_them(tenant, keys):
    # given: a row encrypted with the old key, then a new key put first
    store = create_store(tenant)
    keys(NEW, OLD)
    assert Channel.objects.get(pk=store.pk).credentials == CREDENTIALS
    # when
    out = StringIO()
    call_command("secrets", "rotate", stdout=out)
    # then: the new key alone reads it
    assert "Re-encrypted the credentials of 1 channel(s)." in out.getvalue()
    assert json.loads(Fernet(NEW).decrypt(raw(store).encode())) == CREDENTIALS
    keys(NEW)
    assert Channel.objects.get(pk=store.pk).credentials == CREDENTIALS


def test_a_row_no_key_decrypts_loads_fails_clearly_and_is_never_overwritten(tenant, keys):
    # given: the key the row was encrypted with is gone
    store = create_store(tenant)
    before = raw(store)
    keys(OTHER)
    # when: the row loads, is saved (another field), used
    channel = Channel.objects.get(pk=store.pk)
    channel.name = "Renamed"
    channel.save()
    with pytest.raises(SecretUnreadable) as raised:
        channel.credentials.get("access_token")
    with pytest.raises(CommandError, match=f"channel\\(s\\) {store.pk}:"):
        call_command("secrets", "check", stdout=StringIO())
    # then: the token is kept as it was, the right key reads it again
    assert "OPENOMS_SECRETS_KEYS" in raised.value.message
    assert raw(store) == before
    keys(OTHER, OLD)
    assert Channel.objects.get(pk=store.pk).credentials == CREDENTIALS


def test_rotate_leaves_unreadable_rows_and_names_them(tenant, keys):
    # given
    readable = create_store(tenant)
    keys(OTHER)
    unreadable_before = raw(readable)
    second = create_store(tenant, "Second store")
    # when
    with pytest.raises(CommandError, match=f"channel\\(s\\) {readable.pk}:"):
        call_command("secrets", "rotate", stdout=StringIO())
    # then
    assert raw(readable) == unreadable_before
    assert Channel.objects.get(pk=second.pk).credentials == CREDENTIALS


def test_the_channel_page_explains_unreadable_credentials_instead_of_crashing(tenant, keys, login):
    # given
    store = create_store(tenant)
    keys(OTHER)
    client = login(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    listing = client.get("/sales-channels/")
    page = client.get(f"/sales-channels/{store.pk}/")
    # then
    assert listing.status_code == 200 and "Main store" in listing.content.decode()
    assert page.status_code == 503
    assert "cannot be decrypted" in page.content.decode()
    assert "OPENOMS_SECRETS_KEYS" in page.content.decode()


def test_an_update_keeps_a_secret_left_empty_encrypted(tenant, keys):
    # given
    store = create_store(tenant)
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    channel_update(
        actor=actor,
        channel=store,
        values={"credentials": {"shop_domain": "new.myshopify.com", "access_token": ""}},
    )
    # then
    assert TOKEN not in raw(store)
    assert Channel.objects.get(pk=store.pk).credentials == {
        "shop_domain": "new.myshopify.com",
        "access_token": TOKEN,
    }


def test_keys_come_from_the_environment_the_data_folder_or_the_dev_key(tmp_path, monkeypatch):
    # given
    monkeypatch.delenv(secrets.ENV_VARIABLE, raising=False)
    # when / then: nothing configured → the documented development key
    assert load_keys(tmp_path) == ([secrets.DEV_KEY], "development")
    # the data folder's file
    (tmp_path / "secrets_keys").write_text(f"{NEW}\n")
    assert load_keys(tmp_path) == ([NEW], "data-folder")
    # the environment wins: first encrypts, all decrypt
    monkeypatch.setenv(secrets.ENV_VARIABLE, f" {NEW} , {OLD},")
    assert load_keys(tmp_path) == ([NEW, OLD], "environment")
    # a bad key is named
    monkeypatch.setenv(secrets.ENV_VARIABLE, f"{NEW},not-a-key")
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key"):
        load_keys(tmp_path)


def test_the_demo_generates_its_key_once_and_reuses_it(tmp_path, monkeypatch, settings):
    # given
    monkeypatch.delenv(secrets.ENV_VARIABLE, raising=False)
    # when
    first = ensure_demo_secret_keys(tmp_path / "data")
    key = os.environ[secrets.ENV_VARIABLE]
    monkeypatch.delenv(secrets.ENV_VARIABLE)
    ensure_demo_secret_keys(tmp_path / "data")
    # then
    key_file = tmp_path / "data" / "secrets_keys"
    assert first == "data-folder"
    assert key_file.read_text().strip() == key == os.environ[secrets.ENV_VARIABLE]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [key] == settings.OPENOMS_SECRETS_KEYS
    Fernet(key)


def test_serve_refuses_to_start_without_a_key_in_the_environment(settings, monkeypatch):
    # given: a secret key from the environment but no secrets key
    monkeypatch.delenv("OPENOMS_DEMO", raising=False)
    settings.SECRET_KEY_SOURCE = "environment"
    settings.OPENOMS_SECRETS_KEYS_SOURCE = "development"
    # when / then
    with pytest.raises(CommandError, match="Set OPENOMS_SECRETS_KEYS"):
        call_command("serve")


MIGRATED = ("channels", "0003_encrypt_existing_credentials")
CLEAR = ("channels", "0001_channels_sku_and_warehouse_mappings")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.fixture
def clear_credentials_schema(transactional_db, keys):
    """The channels app back before encryption for the test; migrated to the latest after."""
    _migrate(CLEAR)
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM channels_channel")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _insert_clear_channel(tenant) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO channels_channel (account_id, type, kind, name, is_enabled, is_beta,"
            " credentials, is_product_master, created_at, updated_at)"
            " VALUES (%s, 'sales', 'shopify', 'Old store', true, true, %s, false,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            [tenant.account.pk, json.dumps(CREDENTIALS)],
        )
        cursor.execute("SELECT id FROM channels_channel WHERE name = 'Old store'")
        return cursor.fetchone()[0]


def test_the_migration_encrypts_rows_stored_in_clear_and_back(clear_credentials_schema, tenant):
    # given: a channel stored in clear by the previous version
    pk = _insert_clear_channel(tenant)
    # when
    _migrate(MIGRATED)
    # then
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM channels_channel WHERE id = %s", [pk])
        stored = cursor.fetchone()[0]
    assert TOKEN not in stored
    assert json.loads(Fernet(OLD).decrypt(stored.encode())) == CREDENTIALS
    assert Channel.objects.only("credentials").get(pk=pk).credentials == CREDENTIALS
    # and backwards: in clear again
    _migrate(CLEAR)
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM channels_channel WHERE id = %s", [pk])
        back = cursor.fetchone()[0]
    assert (json.loads(back) if isinstance(back, str) else back) == CREDENTIALS


def test_the_migration_refuses_the_public_dev_key_outside_debug(
    clear_credentials_schema, tenant, settings
):
    # given
    pk = _insert_clear_channel(tenant)
    settings.OPENOMS_SECRETS_KEYS = [secrets.DEV_KEY]
    settings.OPENOMS_SECRETS_KEYS_SOURCE = "development"
    settings.DEBUG = False
    # when / then
    with pytest.raises(RuntimeError, match="OPENOMS_SECRETS_KEYS is not set"):
        _migrate(MIGRATED)
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM channels_channel WHERE id = %s", [pk])
        assert TOKEN in str(cursor.fetchone()[0])
