"""The account's carrier master list (Admin Settings → Carriers): carriers and their services.

Codes are kept as typed (special characters included); only surrounding spaces are trimmed. A
carrier or service that a channel's carrier mapping uses cannot be deleted (``Conflict``): delete
or repoint the mappings first.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from openoms.channels.carrier_models import MAX_CODE, MAX_NAME, Carrier, CarrierService
from openoms.core.errors import Conflict, InvalidValue, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

# Who may change the master list: the account's settings (Admin Settings).
MANAGE = Perm.ACCOUNT_EDIT


class CodeTaken(ValidationFailed):
    """A carrier code the account has already, or a service code its carrier has already."""

    code = "code_taken"
    http_status = 409


def clean_code(raw: object, label: str = "code", *, limit: int = MAX_CODE) -> str:
    """A code as typed, trimmed; required, at most ``limit`` characters, no control characters."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise InvalidValue(f"The {label} is required.")
    if len(text) > limit:
        raise InvalidValue(f"The {label} is longer than {limit} characters.")
    if not text.isprintable():
        raise InvalidValue(f"The {label} contains control characters.")
    return text


def clean_name(raw: object, label: str = "name") -> str:
    return clean_code(raw, label, limit=MAX_NAME)


def _checked(**values: tuple[object, str, bool]) -> dict[str, str]:
    """Each field cleaned (``(raw, label, is_name)``); every bad one reported at once."""
    clean, errors = {}, {}
    for field, (raw, label, is_name) in values.items():
        try:
            clean[field] = clean_name(raw, label) if is_name else clean_code(raw, label)
        except InvalidValue as exc:
            errors[field] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    return clean


def _require(actor: Actor, account: Account) -> None:
    actor.require_account(account)
    actor.require(MANAGE)


@transaction.atomic
def carrier_create(
    *,
    actor: Actor,
    account: Account,
    code: str,
    name: str,
    services: Sequence[tuple[str, str]] = (),
) -> Carrier:
    """Add a carrier (and its first ``services``, as (code, name) pairs) to the account's list;
    a code it has already is ``CodeTaken`` (409). Every bad field is reported at once (a
    service's as ``services.<index>.code`` / ``.name``) and nothing is stored."""
    _require(actor, account)
    errors: dict[str, str] = {}
    clean = _collect(
        errors, "", code=(code, "carrier code", False), name=(name, "carrier name", True)
    )
    cleaned = [_service_values(errors, index, pair) for index, pair in enumerate(services)]
    _repeated(errors, cleaned)
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            carrier = Carrier.objects.create(account=account, **clean)
    except IntegrityError:
        raise CodeTaken(
            {"code": f"The carrier code {clean['code']!r} is already in the list."}
        ) from None
    CarrierService.objects.bulk_create(CarrierService(carrier=carrier, **one) for one in cleaned)
    return carrier


def _collect(errors: dict[str, str], prefix: str, **values) -> dict[str, str]:
    try:
        return _checked(**values)
    except ValidationFailed as exc:
        errors |= {f"{prefix}{field}": reason for field, reason in exc.errors.items()}
        return {}


def _service_values(errors: dict[str, str], index: int, pair: tuple[str, str]) -> dict[str, str]:
    code, name = pair
    return _collect(
        errors,
        f"services.{index}.",
        code=(code, "service code", False),
        name=(name, "service name", True),
    )


def _repeated(errors: dict[str, str], cleaned: list[dict[str, str]]) -> None:
    seen: dict[str, int] = {}
    for index, values in enumerate(cleaned):
        code = values.get("code")
        if code is None:
            continue
        if code in seen:
            errors[f"services.{index}.code"] = (
                f"The service code {code!r} is listed twice (also at {seen[code]})."
            )
        seen.setdefault(code, index)


@transaction.atomic
def carrier_update(*, actor: Actor, carrier: Carrier, name: str) -> Carrier:
    """Rename a carrier (its code never changes: orders and mappings name it by code)."""
    _require(actor, carrier.account)
    carrier.name = _checked(name=(name, "carrier name", True))["name"]
    carrier.save(update_fields=["name", "updated_at"])
    return carrier


@transaction.atomic
def carrier_delete(*, actor: Actor, carrier: Carrier) -> None:
    """Delete a carrier and its services; refused (``Conflict``) while a mapping uses it."""
    _require(actor, carrier.account)
    used = carrier.mappings.select_related("channel").first()
    if used is not None:
        count = carrier.mappings.count()
        raise Conflict(
            f"Carrier {carrier.code!r} is used by {count} carrier mapping"
            f"{'' if count == 1 else 's'} (e.g. on channel {used.channel.name!r}): delete or "
            "repoint them first."
        )
    carrier.delete()


@transaction.atomic
def carrier_service_create(
    *, actor: Actor, carrier: Carrier, code: str, name: str
) -> CarrierService:
    """Add a service to a carrier; a code the carrier has already is ``CodeTaken`` (409)."""
    _require(actor, carrier.account)
    clean = _checked(code=(code, "service code", False), name=(name, "service name", True))
    try:
        with transaction.atomic():
            return CarrierService.objects.create(carrier=carrier, **clean)
    except IntegrityError:
        raise CodeTaken(
            {"code": f"Carrier {carrier.code!r} has the service code {clean['code']!r} already."}
        ) from None


@transaction.atomic
def carrier_service_update(*, actor: Actor, service: CarrierService, name: str) -> CarrierService:
    """Rename a service (its code never changes)."""
    _require(actor, service.carrier.account)
    service.name = _checked(name=(name, "service name", True))["name"]
    service.save(update_fields=["name", "updated_at"])
    return service


@transaction.atomic
def carrier_service_delete(*, actor: Actor, service: CarrierService) -> None:
    """Delete a service; refused (``Conflict``) while a mapping uses it."""
    _require(actor, service.carrier.account)
    count = service.mappings.count()
    if count:
        raise Conflict(
            f"Service {service.code!r} of carrier {service.carrier.code!r} is used by {count} "
            f"carrier mapping{'' if count == 1 else 's'}: delete or repoint them first."
        )
    service.delete()
