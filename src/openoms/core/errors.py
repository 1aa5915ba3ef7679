"""Domain errors shared by every app.

Services raise these; the web layer turns them into form errors and flash messages, the API into
JSON with a machine-readable ``code``. None of them is ever a 500.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a rule of the product refused the request."""

    code = "domain_error"
    http_status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The row does not exist for the acting tenant (another tenant's rows are never "forbidden")."""

    code = "not_found"
    http_status = 404


class PermissionDenied(DomainError):
    """The actor sees the row but its role may not do this."""

    code = "permission_denied"
    http_status = 403


class Conflict(DomainError):
    """The request collides with existing data (e.g. a generated code already taken)."""

    code = "conflict"
    http_status = 409


class ValidationFailed(DomainError):
    """One or more fields are invalid; ``errors`` maps each field name to its reason."""

    code = "validation_error"
    http_status = 422

    def __init__(self, errors: dict[str, str], message: str = "Some values are not valid."):
        super().__init__(message)
        self.errors = dict(errors)


class ConfirmationRequired(DomainError):
    """The change is allowed but has consequences the actor must confirm first."""

    code = "confirmation_required"
    http_status = 409

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


class InvalidValue(ValueError):
    """One value cannot be stored; the message says why, for a person (field-level, not HTTP)."""
