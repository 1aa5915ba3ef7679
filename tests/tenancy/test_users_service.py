import pytest

from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import AuditEntry, User
from openoms.tenancy.roles import Role
from openoms.tenancy.services.users import user_change_role, user_create


def test_org_admin_creates_an_account_user_without_password(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when
    user = user_create(
        actor=actor,
        organization=tenant.organization,
        account=tenant.account,
        email="  New.Person@Example.COM ",
        role=Role.ACCOUNT_USER,
    )
    # then
    user.refresh_from_db()
    assert (user.email, user.role, user.account_id) == (
        "new.person@example.com",
        "account_user",
        tenant.account.pk,
    )
    assert not user.has_usable_password()
    entry = AuditEntry.objects.get(account=tenant.account, action="user_created")
    assert (entry.field_label, entry.new_value) == ("new.person@example.com", "Account User")


@pytest.mark.parametrize(
    ("role", "account_level"),
    [(Role.ACCOUNT_USER, False), (Role.SUPERVISOR, True), ("root", False)],
)
def test_role_must_match_the_level(tenant, role, account_level):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        user_create(
            actor=actor,
            organization=tenant.organization,
            account=tenant.account if account_level else None,
            email="x@example.com",
            role=role,
        )
    assert list(raised.value.errors) == ["role"]
    assert not User.objects.filter(email="x@example.com").exists()


def test_duplicate_and_invalid_emails_are_refused(tenant):
    # given
    actor = Actor.system()
    existing = tenant.user(Role.SUPERVISOR).email
    # when / then
    for email, reason in [
        (existing.upper(), "A user with this e-mail already exists."),
        ("not-an-email", "Enter a valid e-mail address."),
    ]:
        with pytest.raises(ValidationFailed) as raised:
            user_create(
                actor=actor, organization=tenant.organization, email=email, role=Role.SUPERVISOR
            )
        assert raised.value.errors == {"email": reason}


def test_only_an_owner_creates_an_owner(tenant):
    # given
    admin = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when / then
    with pytest.raises(PermissionDenied):
        user_create(
            actor=admin,
            organization=tenant.organization,
            email="boss@example.com",
            role=Role.ORGANIZATION_OWNER,
        )
    assert not User.objects.filter(email="boss@example.com").exists()


def test_account_admin_manages_only_its_own_account_users(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when a user is created on its own account
    user_create(
        actor=actor,
        organization=tenant.organization,
        account=tenant.account,
        email="helper@example.com",
        role=Role.ACCOUNT_USER,
    )
    # then it exists; and a sibling account or the organization are out of reach
    assert User.objects.filter(email="helper@example.com", account=tenant.account).exists()
    with pytest.raises(NotFound):
        user_create(
            actor=actor,
            organization=tenant.organization,
            account=tenant.second_account,
            email="other@example.com",
            role=Role.ACCOUNT_USER,
        )
    with pytest.raises(NotFound):
        user_create(
            actor=actor,
            organization=tenant.organization,
            email="org@example.com",
            role=Role.SUPERVISOR,
        )


def test_change_role_records_old_and_new(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    target = tenant.user(Role.SUPERVISOR)
    # when
    user_change_role(actor=actor, user=target, role=Role.ORGANIZATION_ADMINISTRATOR)
    # then
    target.refresh_from_db()
    assert target.role == Role.ORGANIZATION_ADMINISTRATOR
    entry = AuditEntry.objects.get(action="user_role_changed")
    assert (entry.old_value, entry.new_value) == ("Supervisor", "Organization Administrator")


def test_nobody_changes_their_own_role(tenant):
    # given
    owner = tenant.user(Role.ORGANIZATION_OWNER)
    # when / then
    with pytest.raises(PermissionDenied):
        user_change_role(actor=Actor.for_user(owner), user=owner, role=Role.SUPERVISOR)
    owner.refresh_from_db()
    assert owner.role == Role.ORGANIZATION_OWNER


def test_the_last_owner_cannot_be_demoted(tenant):
    # given the only owner, and the command line acting
    owner = tenant.user(Role.ORGANIZATION_OWNER)
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        user_change_role(actor=Actor.system(), user=owner, role=Role.SUPERVISOR)
    assert raised.value.errors == {"role": "The organization must keep at least one Owner."}


def test_admin_cannot_demote_an_owner(tenant):
    # given a second owner, so the last-owner rule is not what stops it
    second = User.objects.create(
        email="second.owner@example.com",
        role=Role.ORGANIZATION_OWNER,
        organization=tenant.organization,
    )
    admin = Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))
    # when / then
    with pytest.raises(PermissionDenied):
        user_change_role(actor=admin, user=second, role=Role.SUPERVISOR)
    second.refresh_from_db()
    assert second.role == Role.ORGANIZATION_OWNER


def test_users_of_another_tenant_are_not_found(tenant, other_tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    target = other_tenant.user(Role.SUPERVISOR)
    # when / then
    with pytest.raises(NotFound):
        user_change_role(actor=actor, user=target, role=Role.ORGANIZATION_ADMINISTRATOR)
    target.refresh_from_db()
    assert target.role == Role.SUPERVISOR
