"""The ShipBob OpenAPI 2026-01 file as an executable contract: route matching, request validation
(path, query and header parameters, JSON body) and response validation, `$ref`s resolved through a
``referencing`` registry.

Two deliberate readings of the generated file, both documented in README-shipbob.md:
- ``oneOf`` is read as ``anyOf``: the file's ``oneOf`` branches overlap (a variant matches both
  ``VariantViewModelV5`` and ``VariantInternalViewModelV5``), so a literal ``oneOf`` refuses every
  valid document.
- *strict* schemas (responses always, requests unless ``reject_unknown_fields`` is off) refuse
  properties the file does not declare (``unevaluatedProperties: false`` on every object schema
  with ``properties``), so a misspelt field is caught instead of silently ignored.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE_URI = "urn:shipbob-openapi-2026-01"
ENV_OPENAPI = "OPENOMS_SHIPBOB_OPENAPI"
CONTRACT_RELATIVE = Path("shared") / "contracts" / "shipbob-openapi-2026-01.json"
METHODS = ("get", "post", "put", "patch", "delete")


class ResponseContractError(AssertionError):
    """The emulator built a response the OpenAPI file does not allow: a bug in the emulator."""


def default_openapi_path() -> Path:
    """``$OPENOMS_SHIPBOB_OPENAPI``, else ``shared/contracts/…`` found walking up from here."""
    if os.environ.get(ENV_OPENAPI):
        return Path(os.environ[ENV_OPENAPI])
    for parent in Path(__file__).resolve().parents:
        for candidate in (parent / CONTRACT_RELATIVE, parent.parent / CONTRACT_RELATIVE):
            if candidate.is_file():
                return candidate
    raise FileNotFoundError(f"{CONTRACT_RELATIVE} not found; pass --openapi or set {ENV_OPENAPI}")


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if isinstance(value, str):
            if "T" not in value.upper():
                raise ValueError("not an RFC 3339 date-time")
            datetime.fromisoformat(value.replace("z", "Z"))
        return True

    @checker.checks("int32")
    def _int32(value: object) -> bool:
        if isinstance(value, str):
            return re.fullmatch(r"-?\d{1,10}", value) is not None and abs(int(value)) < 2**31
        return not isinstance(value, int) or -(2**31) <= value < 2**31

    @checker.checks("int64")
    def _int64(value: object) -> bool:
        if isinstance(value, str):
            return re.fullmatch(r"-?\d{1,19}", value) is not None and abs(int(value)) < 2**63
        return not isinstance(value, int) or -(2**63) <= value < 2**63

    @checker.checks("email")
    def _email(value: object) -> bool:
        return not isinstance(value, str) or "@" in value

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", value)

    return checker


def _rewrite(node: Any, *, strict: bool) -> Any:
    if isinstance(node, list):
        return [_rewrite(item, strict=strict) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        ("anyOf" if key == "oneOf" else key): _rewrite(v, strict=strict) for key, v in node.items()
    }
    if strict and out.get("properties") and "additionalProperties" not in out:
        out["unevaluatedProperties"] = False
    return out


def _closeness(error: ValidationError) -> tuple[int, bool]:
    """Among failed ``anyOf`` branches, the one that got furthest into the document."""
    return len(list(error.absolute_path)), error.validator != "required"


def _pointer(*parts: str) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    spec: dict
    regex: re.Pattern = field(compare=False)

    @property
    def operation_id(self) -> str:
        return self.spec.get("operationId", "")

    def parameters(self, location: str) -> list[dict]:
        return [p for p in self.spec.get("parameters", []) if p.get("in") == location]

    def response_schema_pointer(self, status: int) -> str | None:
        response = self.spec.get("responses", {}).get(str(status))
        schema = (response or {}).get("content", {}).get("application/json", {}).get("schema")
        if not schema or set(schema) <= {"description"}:
            return None
        return _pointer("paths", self.template, self.method, "responses", str(status), "content")

    def declares(self, status: int) -> bool:
        return str(status) in self.spec.get("responses", {})


class Contract:
    def __init__(self, document: dict) -> None:
        self.document = document
        self._checker = _format_checker()
        self._validators: dict[tuple[str, bool], Draft202012Validator] = {}
        self.operations = self._operations()

    @classmethod
    def load(cls, path: str | Path | None = None) -> Contract:
        return cls(json.loads(Path(path or default_openapi_path()).read_text(encoding="utf-8")))

    @cached_property
    def _registries(self) -> dict[bool, Registry]:
        return {
            strict: Registry().with_resource(
                BASE_URI,
                Resource.from_contents(
                    _rewrite(self.document, strict=strict), default_specification=DRAFT202012
                ),
            )
            for strict in (False, True)
        }

    def _operations(self) -> list[Operation]:
        found = []
        for template, item in self.document["paths"].items():
            regex = re.escape(template)
            regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/:]+)", regex)
            for method in METHODS:
                if method in item:
                    found.append(Operation(method, template, item[method], re.compile(regex + "$")))
        # Literal segments win over parameters (``/inventory-level/locations`` before ``/{id}``).
        found.sort(key=lambda op: op.template.count("{"))
        return found

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """(operation, path parameters, path_known): path_known is True when the path exists
        under another method (a 405 rather than a 404)."""
        path_known = False
        for op in self.operations:
            m = op.regex.match(path)
            if m:
                if op.method == method.lower():
                    return op, m.groupdict(), True
                path_known = True
        return None, {}, path_known

    def validator(self, pointer: str, *, strict: bool) -> Draft202012Validator:
        key = (pointer, strict)
        if key not in self._validators:
            self._validators[key] = Draft202012Validator(
                {"$ref": f"{BASE_URI}#{pointer}"},
                registry=self._registries[strict],
                format_checker=self._checker,
            )
        return self._validators[key]

    def errors(self, pointer: str, instance: Any, *, strict: bool) -> dict[str, list[str]]:
        """Validation messages grouped by the JSON path of the offending value ('' = root)."""
        grouped: dict[str, list[str]] = {}
        validator = self.validator(pointer, strict=strict)
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
            leaf = error
            while leaf.context:  # anyOf: report the branch that came closest
                leaf = max(leaf.context, key=_closeness)
            where = ".".join(str(p) for p in leaf.absolute_path)
            grouped.setdefault(where, []).append(leaf.message)
        return grouped

    def schema_at(self, pointer: str) -> dict:
        """The (raw) schema at ``pointer``, following one level of ``$ref``."""
        node: Any = self.document
        for part in pointer.lstrip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        if isinstance(node, dict) and "$ref" in node:
            return self.schema_at(node["$ref"].lstrip("#"))
        return node

    def request_body_pointer(self, op: Operation) -> str | None:
        content = op.spec.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            return None
        return _pointer("paths", op.template, op.method, "requestBody", "content") + (
            "/application~1json/schema"
        )

    def response_pointer(self, op: Operation, status: int) -> str | None:
        base = op.response_schema_pointer(status)
        return None if base is None else base + "/application~1json/schema"

    def parameter_pointer(self, op: Operation, index: int) -> str:
        return _pointer("paths", op.template, op.method, "parameters", str(index), "schema")
