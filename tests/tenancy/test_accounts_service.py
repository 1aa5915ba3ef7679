import pytest

from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, AuditEntry, Organization
from openoms.tenancy.roles import Role
from openoms.tenancy.services.accounts import (
    account_create,
    organization_create,
    organization_rename,
)


def test_create_generates_the_code_from_the_name(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when
    account = account_create(actor=actor, organization=tenant.organization, name="My Account")
    # then
    account.refresh_from_db()
    assert (account.name, account.code, account.license_type) == (
        "My Account",
        "MY-ACCOUNT",
        "standard",
    )
    entry = AuditEntry.objects.get(account=account)
    assert (entry.action, entry.new_value) == ("account_created", "My Account (MY-ACCOUNT)")


def test_a_colliding_code_is_a_clear_error(tenant, other_tenant):
    # given MY-ACCOUNT exists in another organization
    account_create(actor=Actor.system(), organization=other_tenant.organization, name="My Account")
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_create(actor=actor, organization=tenant.organization, name="My-Account")
    assert raised.value.errors == {
        "name": 'The code "MY-ACCOUNT" generated from this name is already used. Choose a different name.'
    }
    assert Account.objects.filter(code="MY-ACCOUNT").count() == 1


@pytest.mark.parametrize("name", ["", "   ", "日本", "x" * 121])
def test_unusable_names_are_refused(tenant, name):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    count = Account.objects.count()
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_create(actor=actor, organization=tenant.organization, name=name)
    assert list(raised.value.errors) == ["name"]
    assert Account.objects.count() == count


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ACCOUNT_ADMINISTRATOR, Role.ACCOUNT_USER])
def test_only_owners_and_admins_create_accounts(tenant, role):
    # given
    actor = Actor.for_user(tenant.user(role))
    # when / then
    with pytest.raises((PermissionDenied, NotFound)):
        account_create(actor=actor, organization=tenant.organization, name="Sneaky")
    assert not Account.objects.filter(name="Sneaky").exists()


def test_accounts_cannot_be_created_in_another_organization(tenant, other_tenant):
    # when / then
    with pytest.raises(NotFound):
        account_create(
            actor=Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER)),
            organization=other_tenant.organization,
            name="Intruder",
        )
    assert not Account.objects.filter(name="Intruder").exists()


def test_organizations_are_created_from_the_command_line_only(db):
    # when
    organization = organization_create(actor=Actor.system(), name="Initech Holdings")
    # then
    assert organization.code == "INITECH-HOLDINGS"
    with pytest.raises(ValidationFailed):
        organization_create(actor=Actor.system(), name="Initech-Holdings")
    assert Organization.objects.count() == 1


def test_rename_keeps_the_code(tenant):
    # when
    organization_rename(
        actor=Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR)),
        organization=tenant.organization,
        name="Acme Worldwide",
    )
    # then
    tenant.organization.refresh_from_db()
    assert (tenant.organization.name, tenant.organization.code) == ("Acme Worldwide", "ACME-GROUP")
    with pytest.raises(PermissionDenied):
        organization_rename(
            actor=Actor.for_user(tenant.user(Role.SUPERVISOR)),
            organization=tenant.organization,
            name="Nope",
        )
