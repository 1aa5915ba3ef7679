"""Who the connector is to a Shopify store: the store's address and its access token.

A channel stores the shop domain and either an Admin API access token (a custom app's token, which
does not expire) or the app's client id and secret. With the client id and secret the connector
obtains tokens with Shopify's client-credentials grant (``POST {base}/admin/oauth/access_token``,
``grant_type=client_credentials``: ``{"access_token", "scope", "expires_in"}``), stores each new
token through ``ChannelAccess.save_credentials`` (with ``access_token_expires_at``) and gets a new
one when the stored one is about to expire or Shopify refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx

from openoms.connectors.base import ChannelAccess, ConnectorError

MYSHOPIFY = ".myshopify.com"
_SHOP_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
TOKEN_PATH = "/admin/oauth/access_token"
RENEW_BEFORE = timedelta(minutes=5)  # a token this close to its expiry is renewed first
TIMEOUT = httpx.Timeout(30.0, connect=5.0)  # every call to Shopify: connect 5 s, read 30 s


def shop_domain(value: object) -> str:
    """The store's ``*.myshopify.com`` domain from what a person typed (``my-store``,
    ``my-store.myshopify.com`` or its https URL); ``ConnectorError`` for anything else."""
    text = str(value or "").strip().lower()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    text = text.strip("/")
    name = text.removesuffix(MYSHOPIFY)
    if not _SHOP_NAME.fullmatch(name) or (text != name and not text.endswith(MYSHOPIFY)):
        raise ConnectorError(
            f"The shop domain {str(value or '').strip()!r} is not a Shopify store: give its "
            "myshopify domain, e.g. my-store.myshopify.com."
        )
    return name + MYSHOPIFY


def base_url(access: ChannelAccess, domain: str) -> str:
    """Where the store's API is: the channel's API base URL override, else ``https://{domain}``."""
    return (access.base_url or f"https://{domain}").rstrip("/")


def _parse_time(value: object) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class Tokens:
    """The access token of one channel, renewed with the client-credentials grant when the
    channel has a client id and secret (``renewable``)."""

    access: ChannelAccess
    base: str
    http: httpx.Client
    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __post_init__(self) -> None:
        credentials = self.access.credentials
        self.credentials = dict(credentials)
        self.client_id = str(credentials.get("client_id") or "").strip()
        self.client_secret = str(credentials.get("client_secret") or "").strip()
        self.token = str(credentials.get("access_token") or "").strip()
        self.expires_at = _parse_time(credentials.get("access_token_expires_at"))
        if not self.token and not self.renewable:
            raise ConnectorError(
                f"The Shopify credentials of {self.access.channel_ref} need an Admin API access "
                "token, or the app's client id and client secret."
            )

    @property
    def renewable(self) -> bool:
        return bool(self.client_id and self.client_secret)

    def current(self) -> str:
        """The token to send now (a new one first when it is missing or about to expire)."""
        if self.renewable and (not self.token or self._expiring()):
            self.renew()
        return self.token

    def _expiring(self) -> bool:
        return self.expires_at is not None and self.expires_at - RENEW_BEFORE <= self.now()

    def renew(self) -> datetime | None:
        """Get a new token with the client-credentials grant and store it; → its expiry."""
        if not self.renewable:
            raise ConnectorError(self.refused_message())
        body = self._grant()
        token = str(body.get("access_token") or "")
        if not token:
            raise ConnectorError("Shopify's token endpoint answered without an access token.")
        lifetime = body.get("expires_in")
        expires = self.now() + timedelta(seconds=int(lifetime)) if lifetime else None
        self.token, self.expires_at = token, expires
        self.credentials = {
            **self.credentials,
            "access_token": token,
            "access_token_expires_at": expires.isoformat() if expires else "",
        }
        self.access.save_credentials(dict(self.credentials))
        return expires

    def refused_message(self) -> str:
        return (
            f"Shopify refused the access token of {self.access.channel_ref} (HTTP 401): update "
            "the Admin API access token in the channel's credentials (or give the app's client "
            "id and secret so OpenOMS can renew it)."
        )

    def renewed_refused_message(self) -> str:
        return (
            f"Shopify refused even a new access token of {self.access.channel_ref} (HTTP 401): "
            "check that the app is installed on the store with the scopes OpenOMS needs."
        )

    def _grant(self) -> dict:
        payload = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        url = self.base + TOKEN_PATH
        try:
            response = self.http.post(
                url, data=payload, headers={"Accept": "application/json"}, timeout=TIMEOUT
            )
        except httpx.HTTPError as exc:
            raise ConnectorError(f"Shopify's token endpoint could not be reached: {exc}.") from exc
        if response.status_code != 200:
            raise ConnectorError(
                f"Shopify refused the app's client id and secret of {self.access.channel_ref} "
                f"(HTTP {response.status_code}: {response.text[:200].strip()}): check them in "
                "the channel's credentials."
            )
        try:
            body = response.json()
        except ValueError as exc:
            raise ConnectorError(
                "Shopify's token endpoint answered with something not JSON."
            ) from exc
        if not isinstance(body, dict):
            raise ConnectorError("Shopify's token endpoint answered with something unexpected.")
        return body
