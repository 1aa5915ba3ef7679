"""ShipBob's OpenAPI file (2026-01) as a checker of the requests the connector builds: the path
and operation exist, every query and header parameter is one the operation declares and its value
fits the parameter's schema, required parameters are there, and the JSON body is valid against the
request schema (``$ref``s resolved with a ``referencing`` registry). Object schemas are read
strictly (no property the file does not declare), so a misspelt field fails; ``oneOf`` is read as
``anyOf`` because the generated file's branches overlap (as the emulator documents)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

OPENAPI = Path("/work/shared/contracts/shipbob-openapi-2026-01.json")
BASE = "urn:shipbob-2026-01"
# Headers every HTTP client sends; the file declares only the API's own.
TRANSPORT_HEADERS = {
    "accept",
    "accept-encoding",
    "connection",
    "content-length",
    "content-type",
    "host",
    "user-agent",
}


def openapi_path() -> Path:
    """The stored contract: ``shared/contracts`` beside the repository (or the absolute one)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent.parent / "shared" / "contracts" / OPENAPI.name
        if candidate.is_file():
            return candidate
    return OPENAPI


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {("anyOf" if k == "oneOf" else k): _strict(v) for k, v in node.items()}
    if out.get("properties") and "additionalProperties" not in out:
        out["unevaluatedProperties"] = False
    return out


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    spec: dict
    pattern: re.Pattern


class ShipBobContract:
    def __init__(self, document: dict) -> None:
        self.document = document
        resource = Resource.from_contents(_strict(document), default_specification=DRAFT202012)
        self.registry = Registry().with_resource(BASE, resource)
        self.operations = []
        for template, item in document["paths"].items():
            regex = re.sub(r"\\\{(\w+)\\\}", r"[^/:]+", re.escape(template))
            for method, spec in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    op = Operation(method.upper(), template, spec, re.compile(regex + "$"))
                    self.operations.append(op)
        self.operations.sort(key=lambda op: op.template.count("{"))

    def match(self, method: str, path: str) -> Operation | None:
        return next(
            (op for op in self.operations if op.method == method and op.pattern.match(path)), None
        )

    def errors(self, request: httpx.Request) -> list[str]:
        """Why ``request`` breaks the contract (empty: it is valid)."""
        url = urlsplit(str(request.url))
        op = self.match(request.method, url.path)
        if op is None:
            return [f"no operation {request.method} {url.path}"]
        where = f"{op.method} {op.template}"
        given = {
            "query": dict(parse_qsl(url.query, keep_blank_values=True)),
            "header": {k.lower(): v for k, v in request.headers.items()},
        }
        problems = []
        declared = {
            (p["in"], p["name"].lower()): (i, p) for i, p in enumerate(op.spec["parameters"])
        }
        for name, value in given["query"].items():
            problems += self._parameter(op, declared, "query", name, value, where)
        for name, value in given["header"].items():
            if name not in TRANSPORT_HEADERS:
                problems += self._parameter(op, declared, "header", name, value, where)
        for (place, name), (_, param) in declared.items():
            if param.get("required") and place in given:
                names = {k.lower() for k in given[place]}
                if name not in names:
                    problems.append(f"{where}: required {place} parameter {param['name']} missing")
        problems += self._body(op, request, where)
        return problems

    def _parameter(self, op, declared, place, name, raw, where) -> list[str]:
        found = declared.get((place, name.lower()))
        if found is None:
            return [f"{where}: {place} parameter {name} is not declared"]
        index, param = found
        if place == "query" and param["name"] != name:
            return [f"{where}: query parameter {name} is spelt {param['name']}"]
        pointer = f"/paths/{_escape(op.template)}/{op.method.lower()}/parameters/{index}/schema"
        value = _typed(raw, param.get("schema", {}))
        return [f"{where}: {place} {name}={raw!r}: {m}" for m in self._messages(pointer, value)]

    def _body(self, op: Operation, request: httpx.Request, where: str) -> list[str]:
        content = op.spec.get("requestBody", {}).get("content", {})
        if not request.content:
            return [f"{where}: a JSON body is required"] if content else []
        if "application/json" not in content:
            return [f"{where}: takes no JSON body"]
        pointer = (
            f"/paths/{_escape(op.template)}/{op.method.lower()}/requestBody/content/"
            "application~1json/schema"
        )
        body = json.loads(request.content)
        return [f"{where}: body {m}" for m in self._messages(pointer, body)]

    def _messages(self, pointer: str, instance: Any) -> list[str]:
        validator = Draft202012Validator(
            {"$ref": f"{BASE}#{pointer}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        messages = []
        for error in validator.iter_errors(instance):
            leaf = error
            while leaf.context:
                leaf = max(leaf.context, key=lambda e: len(list(e.absolute_path)))
            path = ".".join(str(p) for p in leaf.absolute_path)
            messages.append(f"{path or '(root)'}: {leaf.message}")
        return messages


def _escape(template: str) -> str:
    return template.replace("~", "~0").replace("/", "~1")


def _typed(raw: str, schema: dict) -> Any:
    """A query or header string in the JSON type its schema asks for (as ASP.NET binds it)."""
    types = schema.get("type", "string")
    types = types if isinstance(types, list) else [types]
    if "integer" in types and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if "boolean" in types and raw in ("true", "false"):
        return raw == "true"
    if schema.get("format") == "int32" and not re.fullmatch(r"-?\d{1,10}", raw):
        return None  # a string that is no int32: refused below as not a string
    return raw


@cache
def contract() -> ShipBobContract:
    return ShipBobContract(json.loads(openapi_path().read_text(encoding="utf-8")))
