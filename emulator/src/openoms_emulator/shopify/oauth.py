"""``POST /admin/oauth/access_token`` with ``grant_type=client_credentials``: an app exchanges its
client id and secret for an Admin API token that expires (shopify.dev, "client credentials grant").

Tokens expire on the emulator's clock after ``token_lifetime_seconds`` (Shopify: 86,399 s). The
answer to unknown credentials is not documented by Shopify; the emulator answers RFC 6749 §5.2's
``invalid_client`` with HTTP 401, and ``unsupported_grant_type`` / ``invalid_request`` with 400.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs

DEFAULT_APPS = {"openoms-emulator-app": "shpss_emulator_secret"}  # client id -> client secret
DEFAULT_TOKEN_LIFETIME = 86399
DEFAULT_SCOPE = (
    "read_products,write_products,read_inventory,write_inventory,read_locations,"
    "read_orders,write_orders,read_fulfillments,write_fulfillments,"
    "read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders"
)


@dataclass(frozen=True)
class IssuedToken:
    client_id: str
    expires_at: float  # emulator clock seconds


def read_form(raw: bytes, content_type: str) -> dict[str, str]:
    """The request's parameters, form-encoded or JSON (Shopify's libraries send either)."""
    if content_type.startswith("application/json"):
        try:
            payload = json.loads(raw or b"{}")
        except (ValueError, UnicodeDecodeError):
            return {}
        return {str(k): str(v) for k, v in payload.items()} if isinstance(payload, dict) else {}
    pairs = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    return {key: values[0] for key, values in pairs.items()}


def oauth_error(status: int, error: str, description: str) -> tuple[int, dict]:
    return status, {"error": error, "error_description": description}


def exchange(apps: dict[str, str], params: dict[str, str]) -> tuple[int, dict] | tuple[None, str]:
    """(None, client id) for valid client credentials, else (status, error body)."""
    if params.get("grant_type") != "client_credentials":
        return oauth_error(
            400,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        )
    client_id, secret = params.get("client_id"), params.get("client_secret")
    if not client_id or not secret:
        return oauth_error(400, "invalid_request", "client_id and client_secret are required.")
    known = apps.get(client_id)
    if known is None or not secrets.compare_digest(known, secret):
        return oauth_error(
            401,
            "invalid_client",
            "Client authentication failed due to unknown client or invalid client secret.",
        )
    return None, client_id


def new_token() -> str:
    return f"shpat_{secrets.token_hex(16)}"
