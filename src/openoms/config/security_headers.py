"""Security headers on every response: a Content-Security-Policy, ``no-store`` on what a signed-in
user (or an API key) sees, and ``Secure`` cookies whenever the request came over HTTPS.

The UI vendors every script, style sheet and image and uses no inline script, style element or
style attribute, so ``'self'`` suffices. The one exception is the ``<style>`` element htmx adds
for its request indicators, allowed by its hash (``HTMX_INDICATOR_STYLE``; it changes only with
htmx). Django's SecurityMiddleware adds ``nosniff``, the referrer policy and HSTS
(``OPENOMS_HSTS_SECONDS``); XFrameOptionsMiddleware adds ``X-Frame-Options: DENY``.

HTTPS is what ``request.is_secure()`` says: TLS to Django itself, or, behind a proxy that
terminates TLS, the header named by ``OPENOMS_PROXY_SSL_HEADER`` (docs/operations.md).
"""

from __future__ import annotations

import base64
import hashlib

from django.utils.cache import patch_cache_control

HTMX_INDICATOR_STYLE = (
    ".htmx-indicator{opacity:0;visibility: hidden} .htmx-request .htmx-indicator, "
    ".htmx-request.htmx-indicator{opacity:1;visibility: visible;transition: opacity 200ms ease-in}"
)
_HTMX_STYLE_HASH = base64.b64encode(hashlib.sha256(HTMX_INDICATOR_STYLE.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        f"style-src 'self' 'sha256-{_HTMX_STYLE_HASH}'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
API_PREFIX = "/api/"


class SecurityHeadersMiddleware:
    """Put it right after Django's SecurityMiddleware: it must see the cookies that the session,
    CSRF and messages middleware set on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if _private(request):
            patch_cache_control(response, no_store=True)
        if request.is_secure():
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response


def _private(request) -> bool:
    """A page of a signed-in user, or an API answer: never kept by a browser or a proxy."""
    if request.path.startswith(API_PREFIX):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
