import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.core.errors import NotFound, PermissionDenied
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import ApiKey
from openoms.tenancy.roles import Role
from openoms.tenancy.services.api_keys import api_key_authenticate, api_key_create, api_key_revoke


def test_key_is_stored_as_a_digest_and_shown_once(tenant):
    # when
    key, raw = api_key_create(
        actor=Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR)),
        account=tenant.account,
        name="Warehouse robot",
    )
    # then
    key.refresh_from_db()
    assert raw.startswith(key.prefix + "_")
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {key.prefix, key.key_hash, key.name}
    assert key.created_by == tenant.user(Role.ACCOUNT_ADMINISTRATOR)


def test_authenticate_accepts_the_key_and_records_last_use(tenant):
    # given
    key, raw = api_key_create(actor=Actor.system(), account=tenant.account, name="k")
    # when
    found = api_key_authenticate(raw)
    # then
    assert found.pk == key.pk
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_last_use_is_refreshed_only_when_stale(tenant, settings):
    # given a key used 10 seconds ago and a 60 s refresh interval
    settings.OPENOMS_API_KEY_TOUCH_SECONDS = 60
    key, raw = api_key_create(actor=Actor.system(), account=tenant.account, name="k")
    recent = timezone.now() - timedelta(seconds=10)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=recent)
    # when
    api_key_authenticate(raw)
    # then
    key.refresh_from_db()
    assert key.last_used_at == recent


@pytest.mark.parametrize(
    "mutate", [lambda r: r[:-1] + "x", lambda r: "", lambda r: "oms_", lambda r: r.upper()]
)
def test_wrong_keys_authenticate_nothing(tenant, mutate):
    # given
    _, raw = api_key_create(actor=Actor.system(), account=tenant.account, name="k")
    # when / then
    assert api_key_authenticate(mutate(raw)) is None


def test_revoked_key_authenticates_nothing_and_stays_listed(tenant):
    # given
    key, raw = api_key_create(actor=Actor.system(), account=tenant.account, name="k")
    admin = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when
    api_key_revoke(actor=admin, api_key=key)
    # then
    assert api_key_authenticate(raw) is None
    key.refresh_from_db()
    assert key.revoked_by == tenant.user(Role.ORGANIZATION_ADMINISTRATOR)
    with pytest.raises(NotFound):
        api_key_revoke(actor=admin, api_key=key)


def test_supervisor_and_account_user_cannot_create_keys(tenant):
    # when / then
    for role in (Role.SUPERVISOR, Role.ACCOUNT_USER):
        with pytest.raises(PermissionDenied):
            api_key_create(
                actor=Actor.for_user(tenant.user(role)), account=tenant.account, name="k"
            )
    assert not ApiKey.objects.exists()


def test_keys_of_another_tenant_are_not_found(tenant, other_tenant):
    # given
    key, raw = api_key_create(actor=Actor.system(), account=other_tenant.account, name="theirs")
    # when / then
    with pytest.raises(NotFound):
        api_key_revoke(actor=Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER)), api_key=key)
    assert api_key_authenticate(raw).pk == key.pk


def test_keys_with_unprintable_characters_authenticate_nothing(tenant):
    # given
    _, raw = api_key_create(actor=Actor.system(), account=tenant.account, name="k")
    # when / then
    assert api_key_authenticate(raw + "\x00") is None
    assert api_key_authenticate(raw.replace("_", "\x00", 1)) is None
