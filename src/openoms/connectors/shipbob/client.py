"""One HTTP client per ShipBob channel (REST API 2026-01): the personal access token as a Bearer
token, timeouts on every call, ShipBob's 150 requests/minute kept (``ratelimit``), retryable
failures retried and permanent ones turned into a ``ConnectorError`` that names the operation.

Retryable: the network (including a response lost after ShipBob did the work), timeouts, 5xx and
429. A 429 waits the ``x-retry-after`` seconds ShipBob asks; the others back off 1, 2, 4 seconds.
Each retry is reported as a Warning notice (an Event of the channel). Permanent: 401 (the token
was refused), other 4xx unless the operation expects them (e.g. 422 on a repeated order), a body
that is not JSON (an HTML error page), a response that is not the shape the contract declares.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from openoms.connectors.base import ChannelAccess, ConnectorError, Notice
from openoms.connectors.shipbob.ratelimit import SlidingWindow, window_for

API_VERSION = "2026-01"
DEFAULT_BASE_URL = "https://api.shipbob.com"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
BACKOFF_SECONDS = (1.0, 2.0, 4.0)  # one retry after each
MAX_RATE_LIMIT_WAITS = 5
MAX_RETRY_AFTER_SECONDS = 120.0


@dataclass(frozen=True)
class Reply:
    """A ShipBob answer the operation accepts: its status, JSON body and headers."""

    status: int
    body: Any
    headers: httpx.Headers | None = None


class _Retryable(Exception):
    """A failure worth another try: why, and how long ShipBob asks us to wait (None: back off)."""

    def __init__(self, why: str, wait: float | None = None):
        super().__init__(why)
        self.why = why
        self.wait = wait


class ShipBobClient:
    """Calls ShipBob for one channel. ``window`` (the rate limit of the token), ``sleep`` and
    ``transport`` are injectable for tests; by default the token's shared window, real time and
    the network."""

    def __init__(
        self,
        access: ChannelAccess,
        *,
        window: SlidingWindow | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        token = str(access.credentials.get("api_token") or "").strip()
        self.has_token = bool(token)
        self.access = access
        self.base_url = (access.base_url or DEFAULT_BASE_URL).rstrip("/")
        self.window = window or window_for(token)
        self.sleep = sleep
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=TIMEOUT,
            transport=transport,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )

    def call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        accept: tuple[int, ...] = (200,),
        before_retry: Callable[[], Reply | None] | None = None,
    ) -> Reply:
        """Send one request (``path`` under ``/2026-01``, or a pagination link ShipBob gave) and
        return its answer when its status is in ``accept``; retries what is retryable.

        ``before_retry`` guards a request that is not idempotent: before it is sent again, it
        looks for what the lost attempt may have done and returns that as the answer (or None
        to send again)."""
        if not self.has_token:
            raise ConnectorError(
                f"The ShipBob channel ({self.access.channel_ref}) has no personal access token: "
                "enter it in the channel's credentials."
            )
        request = self._http.build_request(
            method, _url(path), params=_query(params), json=json, headers=headers
        )
        tries = _Tries()
        while True:
            try:
                return self._send(operation, request, accept)
            except _Retryable as failure:
                pause = tries.pause(failure)
                if pause is None:
                    raise ConnectorError(
                        f"ShipBob could not {operation}: {failure.why} "
                        f"(gave up after {len(BACKOFF_SECONDS)} retries)."
                    ) from failure
                self._report(
                    f"ShipBob could not {operation}: {failure.why}; retrying in {pause:g} s."
                )
                self.sleep(pause)
            if before_retry is not None and (found := before_retry()) is not None:
                return found

    def pages(self, operation: str, path: str, params: dict[str, Any]) -> Iterator[dict]:
        """Every item of a newer endpoint's body-paginated list (``items`` and a ``next`` link)."""
        reply = self.call(operation, "GET", path, params=params)
        while True:
            body = expect_object(operation, reply.body)
            items = body.get("items") or []
            if not isinstance(items, list):
                raise shape_error(operation, "'items' is not a list")
            yield from (expect_object(operation, item) for item in items)
            link = body.get("next")
            if not link:
                return
            if not isinstance(link, str):
                raise shape_error(operation, "'next' is not a link")
            reply = self.call(operation, "GET", link)

    def _send(self, operation: str, request: httpx.Request, accept: tuple[int, ...]) -> Reply:
        self.window.acquire()
        try:
            response = self._http.send(request)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"ShipBob did not answer in time ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            why = str(exc).rstrip(".") or type(exc).__name__
            raise _Retryable(f"the connection failed ({why})") from exc
        status = response.status_code
        if status == 429:
            wait = _seconds(response.headers.get("x-retry-after"))
            self.window.observe(0, frees_in=wait)
            raise _Retryable("the rate limit was reached (429)", wait)
        self._observe(response)
        if status >= 500:
            raise _Retryable(f"ShipBob failed with {status}{_reason(response)}")
        if status == 401:
            raise ConnectorError(
                f"ShipBob refused the personal access token of {self.access.channel_ref} "
                f"(401) to {operation}: check the token in the channel's credentials."
            )
        body = _json(operation, response)
        if status in accept:
            return Reply(status, body, response.headers)
        if status == 403:
            raise ConnectorError(
                f"ShipBob denied access to {operation} (403): the token lacks the permission "
                f"or the channel{_details(body)}."
            )
        raise ConnectorError(f"ShipBob refused to {operation} ({status}){_details(body)}.")

    def _observe(self, response: httpx.Response) -> None:
        remaining = response.headers.get("x-remaining-calls")
        if remaining is not None and remaining.strip().isdigit():
            self.window.observe(int(remaining))

    def _report(self, message: str) -> None:
        self.access.report(Notice("warning", message))


def _url(path: str) -> str:
    """A path of the API version, or a link ShipBob gave (absolute, or under the version)."""
    given = path.startswith(("http://", "https://", f"/{API_VERSION}/"))
    return path if given else f"/{API_VERSION}{path}"


@dataclass
class _Tries:
    """The retries one request has left: back-offs, and waits on 429s."""

    backoffs: list[float] = field(default_factory=lambda: list(BACKOFF_SECONDS))
    rate_waits: int = MAX_RATE_LIMIT_WAITS

    def pause(self, failure: _Retryable) -> float | None:
        """Seconds to wait before the next try (None: give up). A 429 waits what ShipBob
        asks, up to ``MAX_RATE_LIMIT_WAITS`` times; anything else takes the next back-off."""
        if failure.wait is not None and self.rate_waits > 0:
            self.rate_waits -= 1
            return failure.wait
        return self.backoffs.pop(0) if self.backoffs else None


def expect_object(operation: str, value: Any) -> dict:
    if not isinstance(value, dict):
        raise shape_error(operation, "an object was expected")
    return value


def expect_list(operation: str, value: Any) -> list:
    if not isinstance(value, list):
        raise shape_error(operation, "a list was expected")
    return value


def shape_error(operation: str, why: str) -> ConnectorError:
    return ConnectorError(
        f"ShipBob answered the request to {operation} with a response that is not the shape its "
        f"API declares: {why}."
    )


def error_messages(body: Any) -> list[str]:
    """The messages of a ShipBob error body, whatever its shape: a ``{"field": ["message"]}``
    map, a ProblemDetails (``title``, ``detail``, ``errors``) or an ASP.NET object result
    (``value``)."""
    if isinstance(body, str):
        return [body]
    if isinstance(body, list):
        return [m for item in body for m in error_messages(item)]
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("value"), dict):
        return error_messages(body["value"])
    if isinstance(body.get("errors"), dict) and body["errors"]:
        return error_messages(body["errors"])
    if "detail" in body or "title" in body:
        return [str(body.get("detail") or body.get("title"))]
    messages = []
    for name, value in body.items():
        for message in error_messages(value):
            messages.append(f"{name}: {message}" if name else message)
    return messages


def _details(body: Any) -> str:
    text = "; ".join(error_messages(body))[:300].rstrip(".")
    return f": {text}" if text else ""


def _json(operation: str, response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise ConnectorError(
            f"ShipBob answered the request to {operation} with {response.status_code} and a body "
            f"that is not JSON{_excerpt(response)}."
        ) from None


def _reason(response: httpx.Response) -> str:
    """What a failed answer says: its error messages when it is JSON, else its first words."""
    try:
        return _details(response.json())
    except ValueError:
        return _excerpt(response)


def _excerpt(response: httpx.Response) -> str:
    """The start of a body that is not JSON; an HTML page by its title."""
    title = re.search(r"<title[^>]*>(.*?)</title>", response.text[:2000], re.I | re.S)
    if title:
        return f" (an HTML page: '{' '.join(title.group(1).split())[:80]}')"
    text = " ".join(response.text[:80].split())
    return f" ('{text}…')" if text else ""


def _seconds(raw: str | None) -> float:
    """``x-retry-after`` in seconds (at least 1, at most two minutes)."""
    try:
        return min(max(float(raw or 1), 1.0), MAX_RETRY_AFTER_SECONDS)
    except ValueError:
        return 1.0


def _query(params: dict[str, Any] | None) -> dict[str, str] | None:
    """Query parameters as ShipBob reads them (booleans lower case; None left out)."""
    if not params:
        return None
    return {
        key: str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in params.items()
        if value is not None
    }
