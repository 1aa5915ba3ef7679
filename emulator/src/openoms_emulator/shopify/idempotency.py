"""``@idempotent(key:)``: the first result per key, replayed; a key reused with other parameters is
refused (``IDEMPOTENCY_KEY_PARAMETER_MISMATCH``)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from graphql import GraphQLError, GraphQLResolveInfo, value_from_ast_untyped

# Mutations that 2026-04 refuses without the directive (shopify.dev changelog, Dec 2025).
REQUIRED_ON = frozenset(
    {
        "inventorySetQuantities",
        "inventoryAdjustQuantities",
        "inventoryMoveQuantities",
        "inventorySetOnHandQuantities",
        "inventoryActivate",
        "inventoryShipmentReceive",
        "refundCreate",
    }
)
MISSING_MESSAGE = "The @idempotent directive is required for this mutation."


@dataclass
class Attempt:
    field: str
    fingerprint: str
    payload: object


def fingerprint(field: str, args: dict) -> str:
    return json.dumps([field, args], sort_keys=True, default=str)


def directive_key(info: GraphQLResolveInfo) -> str | None:
    """The ``key`` of ``@idempotent`` on the field being resolved (variables substituted)."""
    # graphql-core 3.3 wraps the variables (``.coerced``); 3.2 passes the dict itself
    variables = getattr(info.variable_values, "coerced", info.variable_values)
    for node in info.field_nodes:
        for directive in node.directives or ():
            if directive.name.value != "idempotent":
                continue
            for argument in directive.arguments:
                if argument.name.value == "key":
                    value = value_from_ast_untyped(argument.value, variables)
                    return value if isinstance(value, str) else None
    return None


def require_key(info: GraphQLResolveInfo) -> str:
    key = directive_key(info)
    if key is None or not key.strip():
        raise GraphQLError(
            MISSING_MESSAGE,
            info.field_nodes,
            extensions={"code": "BAD_REQUEST"},
        )
    return key


class IdempotencyStore:
    def __init__(self) -> None:
        self.attempts: dict[str, Attempt] = {}

    def reset(self) -> None:
        self.attempts.clear()

    def lookup(self, key: str, field: str, args: dict) -> tuple[bool, object | None]:
        """(found, payload): payload None with found True means a parameter mismatch."""
        attempt = self.attempts.get(key)
        if attempt is None:
            return False, None
        if attempt.field == field and attempt.fingerprint == fingerprint(field, args):
            return True, attempt.payload
        return True, None

    def remember(self, key: str, field: str, args: dict, payload: object) -> None:
        self.attempts[key] = Attempt(field, fingerprint(field, args), payload)
