"""The HTTP client of one Shopify store's Admin GraphQL API (2026-04).

Every call (``costs.Call``: document, variables, requested cost known in advance):

* waits until the store's cost bucket can cover the requested cost (``bucket.acquire``), sends,
  then adopts the bucket Shopify reports (``bucket.settle(extensions.cost)``);
* has timeouts (connect 5 s, read 30 s);
* is retried, with a Warning notice each time, when the failure may pass: network errors,
  timeouts, a dropped connection, HTTP 5xx and 429 (backoff, a bounded number of attempts), and
  ``THROTTLED`` (after the time the bucket needs). A retried mutation is the same request: its
  ``@idempotent`` key is in its variables, so Shopify applies it once;
* fails with ``ConnectorError`` (naming the operation) when it will not pass: other 4xx, GraphQL
  ``errors``, an answer that is not JSON (an HTML error page);
* on HTTP 401 gets a new token once (client credentials) and retries; without client
  credentials the token was refused and the person must update it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from openoms.connectors.base import ChannelAccess, ConnectorError, Notice
from openoms.connectors.shopify.auth import TIMEOUT, Tokens
from openoms.connectors.shopify.costs import Call
from openoms.connectors.shopify.documents import API_VERSION
from openoms.connectors.shopify.throttle import CostBucket

MAX_ATTEMPTS = 5  # network errors, 5xx, 429
MAX_THROTTLED = 10  # THROTTLED answers of one call
BACKOFF_START, BACKOFF_CAP = 0.5, 8.0  # seconds: 0.5, 1, 2, 4 …


class Retry(Exception):
    """A failure that may pass: ``reason`` for the notice, ``wait`` seconds before the retry
    (None: the backoff's)."""

    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class ShopifyClient:
    """Sends ``Call``s to one store (``base``: its URL), paced by ``bucket``; ``sleep`` is
    injectable so tests wait on a manual clock; ``observe(call, extensions_cost)`` sees every
    answer's cost (the cost test compares it with the declared one)."""

    def __init__(
        self,
        access: ChannelAccess,
        base: str,
        tokens: Tokens,
        bucket: CostBucket,
        http: httpx.Client,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.access = access
        self.endpoint = f"{base}/admin/api/{API_VERSION}/graphql.json"
        self.tokens = tokens
        self.bucket = bucket
        self.http = http
        self.sleep = sleep
        self.observe: Callable[[Call, dict | None], None] = lambda call, cost: None

    def run(self, call: Call) -> dict:
        """Send ``call`` until it succeeds or fails for good; → its ``data``."""
        failures = throttled = 0
        renewed = False
        while True:
            try:
                return self._once(call)
            except TokenRefused:
                if renewed:
                    raise ConnectorError(self.tokens.renewed_refused_message()) from None
                if not self.tokens.renewable:
                    raise ConnectorError(self.tokens.refused_message()) from None
                renewed = True
                self.tokens.renew()
                self.access.report(
                    Notice(
                        "info",
                        f"Shopify refused the access token during {call.name} (expired or "
                        "revoked); OpenOMS obtained a new one with the app's client credentials "
                        "and sent the request again.",
                    )
                )
            except Throttled as exc:
                throttled += 1
                if throttled > MAX_THROTTLED:
                    raise ConnectorError(
                        f"Shopify kept throttling {call.name} ({throttled} times): the store's "
                        "API limit is used by other apps too; try again later."
                    ) from None
                self._notice(f"Shopify throttled {call.name}; retrying in {exc.wait:.1f} s.")
            except Retry as exc:
                failures += 1
                if failures >= MAX_ATTEMPTS:
                    raise ConnectorError(
                        f"Shopify {call.name} failed {failures} times ({exc.reason}); gave up."
                    ) from None
                wait = exc.wait if exc.wait is not None else backoff(failures)
                self._notice(
                    f"Shopify {call.name} failed ({exc.reason}); retrying in {wait:.1f} s "
                    f"(attempt {failures + 1} of {MAX_ATTEMPTS})."
                )
                self.sleep(wait)

    def _notice(self, message: str) -> None:
        self.access.report(Notice("warning", message))

    def _once(self, call: Call) -> dict:
        self.bucket.acquire(call.cost)
        response = self._post(call)
        status = response.status_code
        if status == 401:
            raise TokenRefused()
        if status == 429:
            raise Retry("HTTP 429 Too Many Requests", _retry_after(response))
        if status >= 500:
            raise Retry(f"HTTP {status}")
        body = _json(call, response)
        if status >= 400:
            raise ConnectorError(f"Shopify refused {call.name} (HTTP {status}): {_errors(body)}.")
        cost = (body.get("extensions") or {}).get("cost")
        self.observe(call, cost)
        errors = body.get("errors")
        if errors and _is_throttled(errors):
            raise Throttled(self.bucket.throttled(call.cost, cost))
        self.bucket.settle(cost)
        if errors:
            raise ConnectorError(f"Shopify refused {call.name}: {_errors(body)}.")
        data = body.get("data")
        if not isinstance(data, dict):
            raise ConnectorError(f"Shopify answered {call.name} without data.")
        return data

    def _post(self, call: Call) -> httpx.Response:
        headers = {
            "X-Shopify-Access-Token": self.tokens.current(),
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        payload = {"query": call.document, "variables": call.variables, "operationName": call.name}
        try:
            return self.http.post(self.endpoint, json=payload, headers=headers, timeout=TIMEOUT)
        except httpx.TimeoutException as exc:
            raise Retry(f"timed out: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise Retry(f"network error: {exc or type(exc).__name__}") from exc


class TokenRefused(Exception):
    """HTTP 401: the access token is unknown or expired."""


class Throttled(Exception):
    """``THROTTLED``: ``wait`` seconds until the bucket holds the call's cost again."""

    def __init__(self, wait: float):
        super().__init__(wait)
        self.wait = wait


def backoff(failures: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_START * 2 ** (failures - 1))


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def _json(call: Call, response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        start = response.text[:60].strip().replace("\n", " ")
        raise ConnectorError(
            f"Shopify answered {call.name} with something that is not JSON (HTTP "
            f"{response.status_code}, starting {start!r}): nothing was read from it."
        ) from None
    if not isinstance(body, dict):
        raise ConnectorError(f"Shopify answered {call.name} with unexpected JSON.")
    return body


def _is_throttled(errors: object) -> bool:
    return isinstance(errors, list) and any(
        isinstance(e, dict) and (e.get("extensions") or {}).get("code") == "THROTTLED"
        for e in errors
    )


def _errors(body: dict) -> str:
    """Shopify's errors in one line: a string, a dict of messages or a GraphQL errors list."""
    errors = body.get("errors")
    if isinstance(errors, list):
        parts = []
        for error in errors[:3]:
            if isinstance(error, dict):
                code = (error.get("extensions") or {}).get("code")
                parts.append(f"{error.get('message')}" + (f" ({code})" if code else ""))
            else:
                parts.append(str(error))
        return "; ".join(parts) or "no message"
    if isinstance(errors, dict):
        return "; ".join(f"{key}: {value}" for key, value in errors.items())
    return str(errors or "no message")
