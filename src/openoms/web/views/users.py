"""Users of an account or of the organization: list, create (with a set-password link), change role.

The same three pages serve both levels; a ``UserDirectory`` says which users, which roles and
where the pages live. The e-mail is shown but never editable: only the role changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy import selectors
from openoms.tenancy.models import Account, Organization, User
from openoms.tenancy.permissions import Perm
from openoms.tenancy.roles import Role
from openoms.tenancy.services.users import user_change_role, user_create
from openoms.web.forms import UserCreateForm, UserRoleForm, show_errors
from openoms.web.guards import no_store


@dataclass(frozen=True)
class UserDirectory:
    """The users of one level (an account, or the organization itself) and their pages."""

    organization: Organization
    account: Account | None
    users: QuerySet[User]
    role_choices: list[tuple[str, str]]
    manage_perm: Perm
    list_url: str
    new_url: str
    edit_url: Callable[[int], str]
    page_context: dict = field(default_factory=dict)

    def context(self, request, **extra) -> dict:
        return {
            **self.page_context,
            "directory": self,
            "can_manage": request.actor.can(self.manage_perm),
            **extra,
        }

    def sub_page(self, request, label: str, **extra) -> dict:
        """Context for a page below the list (New user, a user's role), with its breadcrumb."""
        context = self.context(request, **extra)
        context["breadcrumbs"] = [*context.get("breadcrumbs", []), ("Users", self.list_url)]
        context["title"] = label
        return context


def set_password_link(request, user: User) -> str:
    """The absolute link a new user opens to choose a password (valid until they set one)."""
    kwargs = {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    return request.build_absolute_uri(reverse("web:password_set", kwargs=kwargs))


def users_list(request, directory: UserDirectory):
    rows = [(user, directory.edit_url(user.pk)) for user in directory.users.order_by("email")]
    context = directory.context(request, rows=rows, me=request.user.pk)
    return render(request, "web/users/list.html", context)


def user_new(request, directory: UserDirectory):
    request.actor.require(directory.manage_perm)
    form = UserCreateForm(request.POST or None, role_choices=directory.role_choices)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(
                actor=request.actor,
                organization=directory.organization,
                account=directory.account,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
            )
        except ValidationFailed as exc:
            show_errors(form, exc.errors)
        else:
            link = set_password_link(request, user)
            context = directory.sub_page(request, "User created", new_user=user, link=link)
            return no_store(render(request, "web/users/created.html", context))
    context = directory.sub_page(request, "New user", form=form)
    return render(request, "web/users/new.html", context)


def _member(request, directory: UserDirectory, pk: int) -> User:
    user = selectors.user_get(request.actor, pk)
    account_id = directory.account.pk if directory.account else None
    if user.organization_id != directory.organization.pk or user.account_id != account_id:
        raise NotFound("User not found.")
    return user


def user_edit(request, directory: UserDirectory, pk: int):
    user = _member(request, directory, pk)
    choices = directory.role_choices
    if user.role not in dict(choices):
        choices = [(user.role, Role(user.role).label), *choices]
    form = UserRoleForm(request.POST or None, initial={"role": user.role}, role_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            user_change_role(actor=request.actor, user=user, role=form.cleaned_data["role"])
        except ValidationFailed as exc:
            show_errors(form, exc.errors)
        else:
            messages.success(request, f"Role of {user.email} saved.")
            return redirect(directory.list_url)
    context = directory.sub_page(request, user.email, form=form, member=user)
    return render(request, "web/users/edit.html", context)
