"""The emulator without its HTTP adapter: one ``handle`` call per request, through
authentication, the rate limit, route matching, faults, request validation, the handler and
response validation."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from . import control, views
from .contract import Contract, Operation
from .handlers import HANDLERS, Call
from .ratelimit import Clock, SlidingWindowLimiter
from .response import Response
from .state import ApiError, Store
from .validation import error_body, validate_request
from .webhooks import Dispatcher

log = logging.getLogger("openoms_emulator.shipbob")
API_PREFIX = "/2026-01/"
# Statuses any operation may answer although the file does not list them for it.
GENERIC_STATUSES = {400, 401, 403, 404, 405, 409, 422, 429, 500, 501, 503}
SHIPMENT_SCHEMA = "/components/schemas/Orders.ShipmentViewModel"


@dataclass
class Config:
    tokens: list[str] = field(default_factory=lambda: ["shipbob-emulator-token"])
    rate_limit: int = 150
    rate_window_seconds: float = 60.0
    latency_ms: int = 0
    fail_next: int = 0
    fail_status: int = 500
    drop_next: int = 0
    strict_responses: bool = True
    reject_unknown_fields: bool = True


class ShipBobEmulator:
    def __init__(
        self,
        contract: Contract | None = None,
        config: Config | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.contract = contract or Contract.load()
        self.config = config or Config()
        self.clock = clock if clock is not None else Clock()
        self.store = Store()
        self.limiter = SlidingWindowLimiter(
            self.clock, self.config.rate_limit, self.config.rate_window_seconds
        )
        self.dispatcher = Dispatcher()
        self.violations: list[dict] = []
        self.reset()

    def reset(self) -> None:
        with self.store.lock:
            self.store.reset()
            self.store.channels[1] = "OpenOMS"
            self.limiter.reset()
            self.violations.clear()
            self.dispatcher.log.clear()
            self.config.fail_next = self.config.drop_next = self.config.latency_ms = 0

    def configure(self, changes: dict) -> dict:
        known = asdict(self.config)
        unknown = sorted(set(changes) - set(known))
        if unknown:
            raise ValueError(f"unknown config keys {unknown}; known: {sorted(known)}")
        for key, value in changes.items():
            setattr(self.config, key, type(known[key])(value) if key != "tokens" else list(value))
        self.limiter.limit = self.config.rate_limit
        self.limiter.window = self.config.rate_window_seconds
        return asdict(self.config)

    # -- the request pipeline --------------------------------------------------------------
    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        raw_body: bytes,
    ) -> Response:
        if path.startswith(control.PREFIX):
            with self.store.lock:
                response = control.handle(self, method, path, raw_body)
                self.flush_outbox()
            return response
        if not path.startswith(API_PREFIX):
            return Response(404, {"title": "Not Found", "status": 404})
        token = headers.get("authorization", "")
        if not token.startswith("Bearer ") or token[7:].strip() not in self.config.tokens:
            return Response(401, {"message": "Authorization has been denied for this request."})
        allowed, remaining, retry_after = self.limiter.acquire(token[7:].strip())
        rate_headers = {"x-remaining-calls": str(remaining)}
        if not allowed:
            rate_headers["x-retry-after"] = str(retry_after)
            body = {"title": "Too Many Requests", "status": 429, "detail": "Rate limit exceeded."}
            return Response(429, body, rate_headers)
        response = self._api(method, path, query, headers, raw_body)
        response.headers.update(rate_headers)
        return response

    def _api(self, method, path, query, headers, raw_body) -> Response:
        op, path_params, path_known = self.contract.match(method, path)
        if op is None:
            status = 405 if path_known else 404
            return Response(status, {"title": "Method Not Allowed" if path_known else "Not Found"})
        if self.config.latency_ms:
            time.sleep(self.config.latency_ms / 1000)
        with self.store.lock:
            if self.config.fail_next > 0:
                self.config.fail_next -= 1
                status = self.config.fail_status
                return self._checked(
                    op, status, error_body(self.contract, op, status, {}, "Server Error")
                )
            handler = HANDLERS.get(op.operation_id)
            if handler is None:
                return Response(501, {"title": f"{op.operation_id} is not emulated", "status": 501})
            params, body, errors = validate_request(
                self.contract, op, path_params=path_params, query=query, headers=headers,
                raw_body=raw_body, strict=self.config.reject_unknown_fields,
            )  # fmt: skip
            if errors:
                title = "One or more validation errors occurred."
                return self._checked(op, 400, error_body(self.contract, op, 400, errors, title))
            try:
                status, result = handler(Call(self.store, path, params, query, body))
            except ApiError as exc:
                status, result = (
                    exc.status,
                    error_body(self.contract, op, exc.status, exc.errors, exc.title),
                )
            response = self._checked(op, status, result)
            self.flush_outbox()
            if response.status < 500 and self.config.drop_next > 0:
                self.config.drop_next -= 1
                response.drop = True
            return response

    def _checked(self, op: Operation, status: int, body: Any) -> Response:
        """The response, or a 500 naming the mismatch when it breaks the contract (strict)."""
        pointer = self.contract.response_pointer(op, status)
        if status == 204 and body is None and op.declares(status):
            errors = {}  # HTTP forbids a body on 204, whatever schema the file lists
        elif pointer is not None:
            errors = self.contract.errors(pointer, body, strict=True)
        elif op.declares(status) or status in GENERIC_STATUSES:
            errors = {}
        else:
            errors = {"": [f"status {status} is not declared for {op.operation_id}"]}
        if not errors:
            return Response(status, body)
        violation = {"operation": op.operation_id, "status": status, "errors": errors}
        self.violations.append(violation)
        log.error("response violates the OpenAPI contract: %s", violation)
        if not self.config.strict_responses:
            return Response(status, body)
        return Response(
            500, {"emulator_error": "response violates the OpenAPI contract", **violation}
        )

    def flush_outbox(self) -> None:
        """Send the webhooks the last state change raised (the caller holds the lock)."""
        while self.store.outbox:
            topic, shipment_id = self.store.outbox.pop(0)
            payload = views.shipment(self.store, self.store.shipments[shipment_id])
            errors = self.contract.errors(SHIPMENT_SCHEMA, payload, strict=True)
            if errors:
                self.violations.append({"webhook": topic, "errors": errors})
            for sub in self.store.subscriptions.values():
                if topic in sub.topics:
                    self.dispatcher.enqueue(sub, topic, payload)
