"""Shopify's error shapes: top-level ``errors`` with ``message``, ``locations``, ``path`` and
``extensions.code`` (graphql-ruby's codes for the common validation failures)."""

from __future__ import annotations

import re
import sys
import traceback

from graphql import GraphQLError, GraphQLSyntaxError

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits"

_VALIDATION = (
    (
        re.compile(r"Cannot query field '(?P<field>\w+)' on type '(?P<type>\w+)'\."),
        "Field '{field}' doesn't exist on type '{type}'",
        "undefinedField",
        lambda m: {"typeName": m["type"], "fieldName": m["field"]},
    ),
    (
        re.compile(r"Unknown argument '(?P<arg>\w+)' on field '(?P<type>\w+)\.(?P<field>\w+)'\."),
        "Field '{field}' doesn't accept argument '{arg}'",
        "argumentNotAccepted",
        lambda m: {"name": m["field"], "typeName": "Field", "argumentName": m["arg"]},
    ),
    (
        re.compile(r"Argument '\w+\.(?P<field>\w+)\((?P<arg>\w+):\)' of type '.+' is required"),
        "Field '{field}' is missing required arguments: {arg}",
        "missingRequiredArguments",
        lambda m: {"className": "Field", "name": m["field"], "arguments": m["arg"]},
    ),
)


def _locations(error: GraphQLError) -> list[dict]:
    return [{"line": loc.line, "column": loc.column} for loc in error.locations or ()]


def validation_error(error: GraphQLError) -> dict:
    message, extensions = error.message, {"code": "GRAPHQL_VALIDATION_FAILED"}
    if isinstance(error, GraphQLSyntaxError):
        extensions = {"code": "GRAPHQL_PARSE_FAILED"}
    for pattern, template, code, extra in _VALIDATION:
        match = pattern.search(error.message)
        if match:
            message = template.format(**match.groupdict())
            extensions = {"code": code, **extra(match)}
            break
    shaped = {"message": message, "locations": _locations(error)}
    shaped["extensions"] = extensions
    return shaped


def execution_error(error: GraphQLError) -> dict:
    shaped: dict = {"message": error.message}
    if error.locations:
        shaped["locations"] = _locations(error)
    if error.path:
        shaped["path"] = list(error.path)
    extensions = dict(error.extensions or {})
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        shaped["message"] = "Internal error. Looks like something went wrong on our end."
        traceback.print_exception(original, file=sys.stderr)  # an emulator bug: show it
        extensions.setdefault("code", "INTERNAL_SERVER_ERROR")
    extensions.setdefault("code", "BAD_REQUEST")
    shaped["extensions"] = extensions
    return shaped


def top_level(message: str, code: str, **extensions) -> dict:
    return {"message": message, "extensions": {"code": code, **extensions}}


def throttled() -> dict:
    return top_level("Throttled", "THROTTLED", documentation=RATE_LIMIT_DOCS)


def max_cost_exceeded(cost: int, maximum: int) -> dict:
    return top_level(
        f"Query cost is {cost}, which exceeds the single query max cost limit ({maximum}).\n\n"
        "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
        "cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk "
        "operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-"
        "operations-with-admin-api for usage details.\n",
        "MAX_COST_EXCEEDED",
        cost=cost,
        maxCost=maximum,
    )
