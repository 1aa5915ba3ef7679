from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models

from openoms.tenancy.roles import ACCOUNT_ROLES, ORGANIZATION_ROLES, Role


class UserManager(BaseUserManager):
    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser):
    """A person who signs in. Belongs to an organization (all its accounts) or to one account.

    The e-mail is the sign-in name and never changes; only the role can be edited.
    """

    email = models.EmailField(unique=True, editable=False)
    full_name = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=40, choices=Role.choices)
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="users"
    )
    account = models.ForeignKey(
        "tenancy.Account",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text="Set for account users only.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        account__isnull=True, role__in=sorted(r.value for r in ORGANIZATION_ROLES)
                    )
                    | models.Q(
                        account__isnull=False, role__in=sorted(r.value for r in ACCOUNT_ROLES)
                    )
                ),
                name="user_role_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_organization_user(self) -> bool:
        return self.account_id is None

    @property
    def display_name(self) -> str:
        return self.full_name or self.email
