"""One GraphQL request, end to end: token, faults, parse, validate, cost, throttle, execute,
refund, and Shopify's response shapes. Transport-free (``server.py`` does HTTP)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)

from . import (  # noqa: F401  (they register resolvers)
    bulk,
    fulfillments,
    inventory,
    order_reads,
    orders,
    products,
    queries,
    relations,
    webhooks,
)
from .cost import MAX_QUERY_COST, CostCalculator
from .errors import (
    INVALID_TOKEN,
    execution_error,
    max_cost_exceeded,
    throttled,
    top_level,
    validation_error,
)
from .graph import Context, field_resolver, type_resolver
from .idempotency import IdempotencyStore
from .limits import input_size_errors
from .oauth import (
    DEFAULT_APPS,
    DEFAULT_SCOPE,
    DEFAULT_TOKEN_LIFETIME,
    IssuedToken,
    exchange,
    new_token,
    read_form,
)
from .schema import load_schema
from .store import Store
from .throttle import Clock, Throttle
from .webhooks import WebhookDispatcher

DEFAULT_TOKENS = ("shpat_emulator",)
HTTP_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Response:
    status: int
    body: object
    drop: bool = False  # committed, but the connection is closed without an answer


@dataclass
class Faults:
    latency_ms: int = 0
    fail_next: int = 0
    fail_status: int = 503
    drop_next: int = 0


@dataclass
class Settings:
    plan: str = "standard"
    restore_rate: float | None = None
    tokens: set[str] = field(default_factory=lambda: set(DEFAULT_TOKENS))
    expired: set[str] = field(default_factory=set)
    faults: Faults = field(default_factory=Faults)
    apps: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_APPS))
    issued: dict[str, IssuedToken] = field(default_factory=dict)
    token_lifetime_seconds: float = DEFAULT_TOKEN_LIFETIME
    bulk_delay_seconds: float = 0.0
    # A key whose first attempt returned user errors, sent again: "user_errors" replays them,
    # "previous_attempt_failed" answers IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED (as Shopify may).
    failed_key_replay: str = "user_errors"


class ShopifyEmulator:
    def __init__(
        self,
        schema: GraphQLSchema | None = None,
        clock: Clock | None = None,
        tokens: tuple[str, ...] = DEFAULT_TOKENS,
        plan: str = "standard",
    ) -> None:
        self.schema = schema or load_schema()
        self.clock = clock or Clock()
        self.store = Store()
        self.idempotency = IdempotencyStore()
        self.throttle = Throttle(self.clock, plan)
        self._initial = (tuple(tokens), plan)
        self.settings_lock = threading.Lock()
        self.base_url = "http://127.0.0.1"  # set by the server once bound (bulk result URLs)
        self._wall_origin = (time.time(), self.clock.now())
        self.webhooks = WebhookDispatcher(self)
        self.reset()

    def reset(self) -> None:
        tokens, plan = self._initial
        with self.store.lock, self.settings_lock:
            self.store.reset()
            self.idempotency.reset()
            self.settings = Settings(plan=plan, tokens=set(tokens))
            self.throttle.set_plan(plan)
        self.webhooks.reset()

    def now_iso(self) -> str:
        """Wall time that moves with the emulator's clock (a ManualClock freezes it)."""
        wall, origin = self._wall_origin
        moment = datetime.fromtimestamp(wall + self.clock.now() - origin, UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    # -- faults --------------------------------------------------------------------------------
    def _take(self, name: str) -> bool:
        with self.settings_lock:
            remaining = getattr(self.settings.faults, name)
            if remaining > 0:
                setattr(self.settings.faults, name, remaining - 1)
                return True
            return False

    def latency_seconds(self) -> float:
        return self.settings.faults.latency_ms / 1000

    # -- tokens --------------------------------------------------------------------------------
    def issue_token(self, raw: bytes, content_type: str) -> Response:
        """The client credentials grant: a token that expires on the emulator's clock."""
        with self.settings_lock:
            status, result = exchange(self.settings.apps, read_form(raw, content_type))
            if status is not None:
                return Response(status, result)
            token, lifetime = new_token(), self.settings.token_lifetime_seconds
            self.settings.issued[token] = IssuedToken(result, self.clock.now() + lifetime)
        return Response(
            200, {"access_token": token, "scope": DEFAULT_SCOPE, "expires_in": int(lifetime)}
        )

    def authorised(self, token: str | None) -> bool:
        settings = self.settings
        with self.settings_lock:
            if token is None or token in settings.expired:
                return False
            issued = settings.issued.get(token)
            if issued is not None:
                return self.clock.now() < issued.expires_at
            return token in settings.tokens

    def owner(self, token: str | None) -> str:
        """Whose cost bucket and bulk operations a request uses: Shopify keeps them per app and
        shop, so every token issued to one app shares them; a static token is its own."""
        with self.settings_lock:
            issued = self.settings.issued.get(token or "")
        return f"app:{issued.client_id}" if issued is not None else str(token)

    def app_secret(self, token: str | None) -> str:
        """The client secret of the app a token belongs to (static tokens: the first app's)."""
        with self.settings_lock:
            issued = self.settings.issued.get(token or "")
            apps = self.settings.apps
            if issued is not None and issued.client_id in apps:
                return apps[issued.client_id]
            return next(iter(apps.values()), "")

    # -- the request ---------------------------------------------------------------------------
    def handle_graphql(self, token: str | None, raw: bytes, content_type: str = "") -> Response:
        if not self.authorised(token):
            return Response(401, {"errors": INVALID_TOKEN})
        if self._take("fail_next"):
            status = self.settings.faults.fail_status
            return Response(status, {"errors": HTTP_REASONS.get(status, "Server Error")})
        request = _read_request(raw, content_type)
        if request is None:
            return Response(400, {"errors": {"query": "Required parameter missing or invalid"}})
        query, variables, operation_name = request
        response = self._run(token, query, variables, operation_name)
        response.drop = self._take("drop_next")
        return response

    def _run(self, token: str, query: str, variables: dict, operation_name: str | None) -> Response:
        try:
            document = parse(query)
        except GraphQLError as error:
            return Response(200, {"errors": [validation_error(error)]})
        errors = validate(self.schema, document)
        if errors:
            return Response(200, {"errors": [validation_error(e) for e in errors]})
        operation = get_operation_ast(document, operation_name)
        if operation is None or operation.operation == OperationType.SUBSCRIPTION:
            message = (
                "An operation name is required"
                if operation is None
                else "Subscriptions are not supported"
            )
            return Response(200, {"errors": [top_level(message, "BAD_REQUEST")]})
        calculator = CostCalculator(self.schema, document, operation, variables)
        requested = calculator.requested()
        with self.throttle.lock:
            bucket = self.throttle.bucket(self.owner(token))
        if requested > MAX_QUERY_COST:
            cost = self._cost(requested, None, bucket)
            return Response(200, {"errors": [max_cost_exceeded(requested, MAX_QUERY_COST)], **cost})
        size_errors = input_size_errors(document, variables)
        if size_errors:
            return Response(200, {"errors": size_errors, **self._cost(requested, 0, bucket)})
        with self.throttle.lock:
            charged = bucket.try_charge(requested)
        if not charged:
            return Response(200, {"errors": [throttled()], **self._cost(requested, None, bucket)})
        with self.store.lock:
            result = execute(
                self.schema,
                document,
                context_value=Context(self.store, self.idempotency, self, token),
                variable_values=variables,
                operation_name=operation_name,
                field_resolver=field_resolver,
                type_resolver=type_resolver,
            )
        actual = calculator.actual(result.data)
        with self.throttle.lock:
            bucket.refund(requested - actual)
        body: dict = {}
        if result.errors:
            body["errors"] = [execution_error(e) for e in result.errors]
        body["data"] = result.data
        body.update(self._cost(requested, actual, bucket))
        return Response(200, body)

    def _cost(self, requested: int, actual: int | None, bucket) -> dict:
        with self.throttle.lock:
            status = bucket.status()
        return {
            "extensions": {
                "cost": {
                    "requestedQueryCost": requested,
                    "actualQueryCost": actual,
                    "throttleStatus": status,
                }
            }
        }


def _read_request(raw: bytes, content_type: str) -> tuple[str, dict, str | None] | None:
    if content_type.startswith("application/graphql"):
        return raw.decode("utf-8", "replace"), {}, None
    try:
        payload = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return None
    variables = payload.get("variables") or {}
    if not isinstance(variables, dict):
        return None
    operation_name = payload.get("operationName")
    return payload["query"], variables, operation_name if isinstance(operation_name, str) else None
