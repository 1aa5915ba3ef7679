"""Users: create at organization or account level, change the role. The e-mail never changes."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from openoms.core.errors import PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, AuditAction, Organization, User
from openoms.tenancy.permissions import Perm
from openoms.tenancy.roles import ACCOUNT_ROLES, ORGANIZATION_ROLES, Role
from openoms.tenancy.services.audit import audit_record


def generate_password() -> str:
    """A random password a person can type: 4 groups of 5 URL-safe characters."""
    raw = secrets.token_urlsafe(15)
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def _normalized_email(email: str) -> str:
    value = (email or "").strip().lower()
    try:
        validate_email(value)
    except DjangoValidationError as exc:
        raise ValidationFailed({"email": "Enter a valid e-mail address."}) from exc
    return value


def _check_role(actor: Actor, role: str, *, account: Account | None) -> Role:
    allowed = ACCOUNT_ROLES if account is not None else ORGANIZATION_ROLES
    if role not in {r.value for r in allowed}:
        names = ", ".join(sorted(r.label for r in allowed))
        level = "an account" if account is not None else "the organization"
        raise ValidationFailed({"role": f"Users of {level} can have these roles: {names}."})
    if role == Role.ORGANIZATION_OWNER:
        actor.require(Perm.ORGANIZATION_OWNERS_MANAGE)
    return Role(role)


def _require_manage(actor: Actor, organization: Organization, account: Account | None) -> None:
    actor.require_organization(organization) if account is None else actor.require_account(account)
    actor.require(Perm.ACCOUNT_USERS_MANAGE if account else Perm.ORGANIZATION_USERS_MANAGE)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    organization: Organization,
    email: str,
    role: str,
    account: Account | None = None,
    full_name: str = "",
    password: str | None = None,
) -> User:
    """Create a user of the organization (``account`` None) or of one of its accounts.

    With no ``password`` the user cannot sign in until they set one through the set-password
    link an administrator shares with them.
    """
    if account is not None and account.organization_id != organization.pk:
        raise ValidationFailed({"account": "The account is not part of this organization."})
    _require_manage(actor, organization, account)
    clean_email = _normalized_email(email)
    checked_role = _check_role(actor, role, account=account)
    if User.objects.filter(email__iexact=clean_email).exists():
        raise ValidationFailed({"email": "A user with this e-mail already exists."})
    user = User(
        email=clean_email,
        full_name=(full_name or "").strip()[:120],
        role=checked_role,
        organization=organization,
        account=account,
    )
    user.set_password(password) if password else user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationFailed({"email": "A user with this e-mail already exists."}) from exc
    audit_record(
        actor=actor,
        action=AuditAction.USER_CREATED,
        organization=organization,
        account=account,
        field="role",
        field_label=clean_email,
        new_value=checked_role.label,
    )
    return user


@transaction.atomic
def user_change_role(*, actor: Actor, user: User, role: str) -> User:
    """Change a user's role within its level; owners alone grant or remove the owner role."""
    users = User.objects.select_for_update(of=("self",)).select_related("organization", "account")
    user = users.get(pk=user.pk)
    _require_manage(actor, user.organization, user.account)
    if actor.user is not None and actor.user.pk == user.pk:
        raise PermissionDenied("You cannot change your own role; ask another administrator.")
    new_role = _check_role(actor, role, account=user.account)
    if user.role == Role.ORGANIZATION_OWNER and new_role != user.role:
        actor.require(Perm.ORGANIZATION_OWNERS_MANAGE)
        _keep_one_owner(user)
    if new_role != user.role:
        audit_record(
            actor=actor,
            action=AuditAction.USER_ROLE_CHANGED,
            organization=user.organization,
            account=user.account,
            field="role",
            field_label=user.email,
            old_value=Role(user.role).label,
            new_value=new_role.label,
        )
        user.role = new_role
        user.save(update_fields=["role"])
    return user


def _keep_one_owner(user: User) -> None:
    owners = User.objects.filter(
        organization_id=user.organization_id, role=Role.ORGANIZATION_OWNER, is_active=True
    )
    if not owners.exclude(pk=user.pk).exists():
        raise ValidationFailed({"role": "The organization must keep at least one Owner."})


def user_set_password(*, actor: Actor, user: User, password: str) -> None:
    """Set a password from the command line (the web uses Django's password forms)."""
    if not actor.is_system:
        raise PermissionDenied("Passwords are set by their owner or from the command line.")
    user.set_password(password)
    user.save(update_fields=["password"])
