"""Inventory mutations of 2026-04: ``inventorySetQuantities``, ``inventoryAdjustQuantities`` and
``inventoryActivate``, with the run-time rules the schema cannot express (``@idempotent`` required,
the ``changeFromQuantity`` key required on every entry, all-or-nothing compare-and-swap)."""

from __future__ import annotations

from graphql import GraphQLError

from .graph import resolves
from .idempotency import require_key
from .orders import emit_levels
from .store import ON_HAND_PARTS, QUANTITY_LIMIT, AdjustmentGroup, Change, Level, Store, parse_gid

REASONS = frozenset(
    {
        "correction",
        "cycle_count_available",
        "damaged",
        "movement_canceled",
        "movement_created",
        "movement_received",
        "movement_updated",
        "other",
        "promotion",
        "quality_control",
        "received",
        "reservation_created",
        "reservation_deleted",
        "reservation_updated",
        "restock",
        "safety_stock",
        "shrinkage",
    }
)
SET_NAMES = ("available", "on_hand")
ADJUST_NAMES = ("available", "damaged", "incoming", "quality_control", "reserved", "safety_stock")


def user_error(code: str, field: list[str], message: str) -> dict:
    return {"code": code, "field": field, "message": message}


def refused(errors: list[dict]) -> dict:
    return {"inventoryAdjustmentGroup": None, "userErrors": errors}


def require_change_from(entries: list[dict], list_name: str, info) -> None:
    """2026-04: every entry carries the key; ``null`` opts out of the compare, absence is an error."""
    missing = [str(i) for i, entry in enumerate(entries) if "changeFromQuantity" not in entry]
    if missing:
        raise GraphQLError(
            f"The changeFromQuantity field is required on every entry of input.{list_name} "
            f"(missing at index {', '.join(missing)}). Pass null to skip the compare check.",
            info.field_nodes,
            extensions={"code": "BAD_REQUEST"},
        )


def idempotent(info, args: dict, apply) -> dict:
    key = require_key(info)
    context = info.context
    found, payload = context.idempotency.lookup(key, info.field_name, args)
    if found and payload and payload.get("userErrors") and _fail_replays(context):
        return refused(
            [
                user_error(
                    "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED",
                    ["input"],
                    "A previous request with this idempotency key failed. Retry with a new "
                    "idempotency key.",
                )
            ]
        )
    if found and payload is not None:
        return payload  # replay: the first result, nothing applied again
    if found:
        return refused(
            [
                user_error(
                    "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
                    ["input"],
                    "The idempotency key was already used with different parameters.",
                )
            ]
        )
    payload = apply()
    context.idempotency.remember(key, info.field_name, args, payload)
    return payload


def _fail_replays(context) -> bool:
    """Whether a failed first attempt's key answers IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED rather
    than its user errors again (config ``failed_key_replay``)."""
    emulator = getattr(context, "emulator", None)
    settings = getattr(emulator, "settings", None)
    return getattr(settings, "failed_key_replay", "") == "previous_attempt_failed"


def _common_errors(data: dict, names: tuple[str, ...], name_code: str) -> list[dict]:
    errors = []
    if data["name"] not in names:
        errors.append(
            user_error(
                name_code,
                ["input", "name"],
                f"The quantity name must be one of {', '.join(names)}.",
            )
        )
    if data["reason"] not in REASONS:
        errors.append(
            user_error("INVALID_REASON", ["input", "reason"], "The specified reason is invalid.")
        )
    uri = data.get("referenceDocumentUri")
    if uri is not None and (":" not in uri or not uri.split(":", 1)[1]):
        errors.append(
            user_error(
                "INVALID_REFERENCE_DOCUMENT",
                ["input", "referenceDocumentUri"],
                "The reference document URI is invalid.",
            )
        )
    return errors


def _level_or_error(store: Store, entry: dict, path: list[str]) -> tuple[Level | None, dict | None]:
    item_id = parse_gid(entry["inventoryItemId"], "InventoryItem")
    location_id = parse_gid(entry["locationId"], "Location")
    if item_id not in store.items:
        return None, user_error(
            "INVALID_INVENTORY_ITEM",
            [*path, "inventoryItemId"],
            "The specified inventory item could not be found.",
        )
    if location_id not in store.locations:
        return None, user_error(
            "INVALID_LOCATION", [*path, "locationId"], "The specified location could not be found."
        )
    if item_id in store.non_mutable_items:
        return None, user_error(
            "NON_MUTABLE_INVENTORY_ITEM",
            [*path, "inventoryItemId"],
            f"The inventory item {entry['inventoryItemId']} cannot be adjusted (for example the parent of a bundle).",
        )
    level = store.levels.get((item_id, location_id))
    if level is None:
        return None, user_error(
            "ITEM_NOT_STOCKED_AT_LOCATION",
            [*path, "locationId"],
            "The specified inventory item is not stocked at the location.",
        )
    return level, None


def _stale(entry: dict, current: int, path: list[str]) -> dict | None:
    expected = entry["changeFromQuantity"]
    if expected is None or expected == current:
        return None
    return user_error(
        "CHANGE_FROM_QUANTITY_STALE",
        [*path, "changeFromQuantity"],
        "The changeFromQuantity does not match the persisted quantity.",
    )


def _limit(code_prefix: str, value: int, path: list[str]) -> dict | None:
    if value > QUANTITY_LIMIT:
        return user_error(
            f"{code_prefix}_TOO_HIGH",
            path,
            f"The quantity can't be higher than {QUANTITY_LIMIT:,}.",
        )
    if value < -QUANTITY_LIMIT:
        return user_error(
            f"{code_prefix}_TOO_LOW", path, f"The quantity can't be lower than {-QUANTITY_LIMIT:,}."
        )
    return None


def _change(store: Store, group: AdjustmentGroup, level: Level, name: str, delta: int, uri=None):
    parts = [name, "on_hand"] if name in ON_HAND_PARTS else [name]
    level.quantities[name] += delta
    level.updated_at = group.created_at
    for part in parts:
        group.changes.append(
            Change(part, delta, level.item_id, level.location_id, level.quantity(part), uri)
        )


def _new_group(store: Store, data: dict) -> AdjustmentGroup:
    group = AdjustmentGroup(
        id=store.next_id(),
        reason=data["reason"],
        reference_document_uri=data.get("referenceDocumentUri"),
    )
    store.groups[group.id] = group
    return group


def apply_set(store: Store, data: dict) -> dict:
    errors = _common_errors(data, SET_NAMES, "INVALID_NAME")
    targets, seen = [], set()
    for index, entry in enumerate(data["quantities"]):
        path = ["input", "quantities", str(index)]
        level, error = _level_or_error(store, entry, path)
        if level is not None and (level.item_id, level.location_id) in seen:
            error = user_error(
                "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
                path,
                "The inventory item and location pair is repeated.",
            )
        quantity = entry["quantity"]
        if error is None and quantity < 0:
            error = user_error(
                "INVALID_QUANTITY_NEGATIVE", [*path, "quantity"], "The quantity can't be negative."
            )
        error = error or _limit("INVALID_QUANTITY", quantity, [*path, "quantity"])
        if error is None and data["name"] in SET_NAMES:
            error = _stale(entry, level.quantity(data["name"]), path)
        if error is not None:
            errors.append(error)
            continue
        seen.add((level.item_id, level.location_id))
        targets.append((level, quantity))
    if errors:
        return refused(errors)
    group = _new_group(store, data)
    for level, quantity in targets:
        # setting on_hand moves available by the same amount (the other states stay)
        _change(store, group, level, "available", quantity - level.quantity(data["name"]))
    return {"inventoryAdjustmentGroup": group, "userErrors": []}


def apply_adjust(store: Store, data: dict) -> dict:
    errors = _common_errors(data, ADJUST_NAMES, "INVALID_QUANTITY_NAME")
    targets = []
    for index, entry in enumerate(data["changes"]):
        path = ["input", "changes", str(index)]
        level, error = _level_or_error(store, entry, path)
        if error is None and data["name"] in ADJUST_NAMES:
            current = level.quantity(data["name"])
            error = _stale(entry, current, path) or _limit(
                "INVALID_QUANTITY", current + entry["delta"], [*path, "delta"]
            )
        if error is not None:
            errors.append(error)
            continue
        targets.append((level, entry))
    if errors:
        return refused(errors)
    group = _new_group(store, data)
    for level, entry in targets:
        _change(store, group, level, data["name"], entry["delta"], entry.get("ledgerDocumentUri"))
    return {"inventoryAdjustmentGroup": group, "userErrors": []}


@resolves("Mutation", "inventorySetQuantities")
def inventory_set_quantities(_, info, args):
    require_key(info)
    require_change_from(args["input"]["quantities"], "quantities", info)
    return idempotent(
        info, args, lambda: _notify(info, apply_set(info.context.store, args["input"]))
    )


@resolves("Mutation", "inventoryAdjustQuantities")
def inventory_adjust_quantities(_, info, args):
    require_key(info)
    require_change_from(args["input"]["changes"], "changes", info)
    return idempotent(
        info, args, lambda: _notify(info, apply_adjust(info.context.store, args["input"]))
    )


def _notify(info, payload: dict) -> dict:
    """``inventory_levels/update`` for every level an applied mutation changed."""
    group = payload["inventoryAdjustmentGroup"]
    if group is not None and info.context.emulator is not None:
        emit_levels(info.context.emulator, {(c.item_id, c.location_id) for c in group.changes})
    return payload


@resolves("Mutation", "inventoryActivate")
def inventory_activate(_, info, args):
    store = info.context.store

    def apply() -> dict:
        item_id = parse_gid(args["inventoryItemId"], "InventoryItem")
        location_id = parse_gid(args["locationId"], "Location")
        if item_id not in store.items or location_id not in store.locations:
            field = "inventoryItemId" if item_id not in store.items else "locationId"
            return {
                "inventoryLevel": None,
                "userErrors": [{"field": [field], "message": f"The {field} is invalid."}],
            }
        existed = (item_id, location_id) in store.levels
        level = store.activate(item_id, location_id)
        if not existed:  # 2026-04: activating an existing level keeps its quantities
            # a new level has no other states, so on hand and available are the same number
            start = args.get("onHand") if args.get("onHand") is not None else args.get("available")
            level.quantities["available"] = start or 0
        return {"inventoryLevel": level, "userErrors": []}

    return idempotent(info, args, apply)


@resolves("InventoryAdjustmentGroup", "changes")
def group_changes(group, info, args):
    items = {parse_gid(i, "InventoryItem") for i in args.get("inventoryItemIds") or ()}
    locations = {parse_gid(i, "Location") for i in args.get("locationIds") or ()}
    names = set(args.get("quantityNames") or ())
    return [
        change
        for change in group.changes
        if (not items or change.item_id in items)
        and (not locations or change.location_id in locations)
        and (not names or change.name in names)
    ]


@resolves("InventoryChange", "item")
def change_item(change, info, args):
    return info.context.store.items.get(change.item_id)


@resolves("InventoryChange", "location")
def change_location(change, info, args):
    return info.context.store.locations.get(change.location_id)
