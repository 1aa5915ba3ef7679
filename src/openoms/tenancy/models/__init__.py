from openoms.tenancy.models.account import (
    Account,
    LicenseType,
    MasterProductSource,
    ValidationLevel,
)
from openoms.tenancy.models.api_key import ApiKey
from openoms.tenancy.models.audit import AuditAction, AuditEntry
from openoms.tenancy.models.login_failure import LoginFailure
from openoms.tenancy.models.organization import Organization
from openoms.tenancy.models.user import User

__all__ = [
    "Account",
    "ApiKey",
    "AuditAction",
    "AuditEntry",
    "LicenseType",
    "LoginFailure",
    "MasterProductSource",
    "Organization",
    "User",
    "ValidationLevel",
]
