"""Single-row inventory writes: set a level's total, or adjust it by a delta, with its ledger row.

Both lock the level row (``SELECT … FOR NO KEY UPDATE``; the row is created first when missing, safely
against a concurrent creator) so parallel writers queue on it, and both write the movement in the
same transaction: the sum of a level's movements always equals the level. Both tell
``inventory.changes.recorded`` of the change, in that transaction (the inventory sync outbox).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openoms.catalog.models import ProductVariant
from openoms.core.errors import InvalidValue, ValidationFailed
from openoms.inventory.changes import LevelChanges, recorded
from openoms.inventory.models import InventoryLevel, InventoryMovement, Quantity, Warehouse
from openoms.inventory.services.level_rules import (
    clean_quantity,
    variant_for_write,
    warehouse_for_write,
)
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

MAX_TEXT = 200


def level_set(
    *,
    actor: Actor,
    account: Account,
    warehouse: Warehouse | str,
    variant: ProductVariant | str,
    total: int,
    trigger: Trigger,
    reason: str = "",
    reference: str = "",
) -> InventoryMovement | None:
    """Set the total on hand of a SKU in a physical warehouse; None when it already was that.

    ``warehouse`` is a code or a row, ``variant`` a SKU or a row; both must be the account's.
    Errors: ``ValidationFailed`` with keys ``warehouse``, ``sku``, ``total``, ``reason``.
    """
    actor.require_account(account)
    actor.require(Perm.INVENTORY_ADJUST)
    with transaction.atomic():
        target, item, value = _checked(account, warehouse, variant, ("total", total), reason)
        level = _locked_level(account, target, item)
        return _write_total(actor, level, value, trigger, reason, reference)


def level_adjust(
    *,
    actor: Actor,
    account: Account,
    warehouse: Warehouse | str,
    variant: ProductVariant | str,
    delta: int,
    trigger: Trigger,
    reason: str = "",
    reference: str = "",
) -> InventoryMovement | None:
    """Add ``delta`` (negative removes) to the total; refused when it would go below zero.

    Safe under concurrency: the level is locked, so parallel adjustments apply one after the
    other and each movement's ``resulting`` is the total right after it. None when delta is 0.
    """
    actor.require_account(account)
    actor.require(Perm.INVENTORY_ADJUST)
    with transaction.atomic():
        target, item, change = _checked(account, warehouse, variant, ("adjust", delta), reason)
        if change == 0:
            return None
        level = _locked_level(account, target, item)
        if level.total + change < 0:
            raise ValidationFailed(
                {
                    "adjust": f"Removing {-change} would leave {level.total + change} in stock "
                    f"(there are {level.total})."
                }
            )
        return _write_total(actor, level, level.total + change, trigger, reason, reference)


def _checked(account, warehouse, variant, quantity: tuple[str, object], reason: str) -> tuple:
    """(warehouse, variant, quantity) cleaned, or every problem at once."""
    errors: dict[str, str] = {}
    found: dict[str, object] = {}
    key, raw = quantity
    checks = {
        "warehouse": lambda: warehouse_for_write(account, warehouse),
        "sku": lambda: variant_for_write(account, variant),
        key: lambda: clean_quantity(raw, signed=key == "adjust", label=_label(key)),
    }
    for field, check in checks.items():
        try:
            found[field] = check()
        except InvalidValue as exc:
            errors[field] = str(exc)
    if len(reason or "") > MAX_TEXT:
        errors["reason"] = f"The reason is longer than {MAX_TEXT} characters."
    if errors:
        raise ValidationFailed(errors)
    return found["warehouse"], found["sku"], found[key]


def _label(key: str) -> str:
    return "adjustment" if key == "adjust" else "total"


def _locked_level(account: Account, warehouse: Warehouse, variant: ProductVariant):
    """The level row, locked for this transaction; created at 0 (no movement) when missing."""
    locked = InventoryLevel.objects.select_for_update(no_key=True)
    level = locked.filter(warehouse=warehouse, variant=variant).first()
    if level is None:
        created, _ = InventoryLevel.objects.get_or_create(
            warehouse=warehouse, variant=variant, defaults={"account": account}
        )
        level = locked.get(pk=created.pk)
    return level


def _write_total(
    actor: Actor, level: InventoryLevel, total: int, trigger: Trigger, reason: str, reference: str
) -> InventoryMovement | None:
    change = total - level.total
    if change == 0:
        return None
    now = timezone.now()
    InventoryLevel.objects.filter(pk=level.pk).update(total=total, updated_at=now)
    level.total = total
    movement = InventoryMovement.objects.create(
        account_id=level.account_id,
        level=level,
        quantity=Quantity.TOTAL,
        change=change,
        resulting=total,
        trigger=Trigger(trigger),
        reference=(reference or "")[:MAX_TEXT],
        reason=reason or "",
        actor=actor.user,
        actor_label=actor.label[:MAX_TEXT],
    )
    # The total's change is the Available quantity's: the listeners (the inventory sync
    # outbox) hear it in this transaction (docs/adr/0004).
    pair = (level.variant_id, level.warehouse_id)
    recorded(LevelChanges(level.account_id, movement.trigger, [pair], [change]))
    return movement
