"""Request validation against one operation of the contract, and error bodies in the shape the
operation declares for that status (``{"field": ["message"]}`` maps or ProblemDetails)."""

from __future__ import annotations

import json
import re
from typing import Any

from .contract import Contract, Operation


def _coerce(raw: str, schema: dict) -> Any:
    """Query/header/path strings to the JSON type the parameter's schema asks for."""
    types = schema.get("type", "string")
    types = types if isinstance(types, list) else [types]
    if "integer" in types and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if "number" in types and re.fullmatch(r"-?\d+(\.\d+)?", raw):
        return float(raw)
    if "boolean" in types and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    return raw


def _lookup(values: dict[str, str], name: str) -> str | None:
    """Case-insensitive, as ASP.NET binds query strings and HTTP binds headers."""
    lowered = name.lower()
    for key, value in values.items():
        if key.lower() == lowered:
            return value
    return None


def validate_request(
    contract: Contract,
    op: Operation,
    *,
    path_params: dict[str, str],
    query: dict[str, str],
    headers: dict[str, str],
    raw_body: bytes,
    strict: bool,
) -> tuple[dict[str, Any], Any, dict[str, list[str]]]:
    """(typed parameters by name, parsed body, errors by field). Errors empty means valid."""
    errors: dict[str, list[str]] = {}
    params: dict[str, Any] = {}
    sources = {"path": path_params, "query": query, "header": headers}
    for index, param in enumerate(op.spec.get("parameters", [])):
        name, where = param["name"], param.get("in")
        if where not in sources or name.lower() == "authorization":
            continue
        raw = _lookup(sources[where], name)
        if raw is None or raw == "":
            if param.get("required"):
                errors.setdefault(name, []).append(f"The {name} field is required.")
            continue
        value = _coerce(raw, param.get("schema", {}))
        found = contract.errors(contract.parameter_pointer(op, index), value, strict=False)
        for messages in found.values():
            errors.setdefault(name, []).extend(
                f"The value '{raw}' is not valid: {m}" for m in messages
            )
        params[name] = value
    body: Any = None
    pointer = contract.request_body_pointer(op)
    if pointer is not None:
        if not raw_body.strip():
            errors.setdefault("", []).append("A non-empty request body is required.")
        else:
            try:
                body = json.loads(raw_body)
            except ValueError as exc:
                errors.setdefault("", []).append(f"The request body is not valid JSON: {exc}")
            else:
                for where, messages in contract.errors(pointer, body, strict=strict).items():
                    errors.setdefault(where, []).extend(messages)
    return params, body, errors


def error_body(
    contract: Contract, op: Operation | None, status: int, errors: dict[str, list[str]], title: str
) -> dict:
    """The error document for ``status`` in the shape ``op`` declares; ASP.NET's
    ValidationProblemDetails when it declares none."""
    pointer = contract.response_pointer(op, status) if op else None
    schema = contract.schema_at(pointer) if pointer else None
    if (
        schema
        and "properties" not in schema
        and isinstance(schema.get("additionalProperties"), dict)
    ):
        return {key: list(messages) for key, messages in errors.items()} or {"": [title]}
    if schema and "$type" in schema.get("properties", {}):  # a serialized ASP.NET ObjectResult
        kind = {404: "NotFound", 422: "UnprocessableEntity"}.get(status, "BadRequest")
        return {
            "$type": f"{kind}ObjectResult",
            "status_code": status,
            "value": errors or {"": [title]},
        }
    problem = {
        "type": f"https://httpstatuses.io/{status}",
        "title": title,
        "status": status,
        "detail": "; ".join(f"{k or 'request'}: {' '.join(v)}" for k, v in errors.items()) or title,
        "errors": errors,
    }
    if schema and "properties" in schema:
        return {key: value for key, value in problem.items() if key in schema["properties"]}
    return problem
