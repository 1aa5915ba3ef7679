"""The guard every signed-in page wears: login required, and domain errors turned into HTTP answers.

``NotFound`` becomes Django's 404 (another tenant's rows are never "forbidden"), ``PermissionDenied``
a 403 whose page shows the reason, and any other unhandled domain error a page with its message.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import render

from openoms.core.errors import DomainError, NotFound, PermissionDenied


def page(view):
    """Require a signed-in user and map ``openoms.core.errors`` onto HTTP responses."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            context = {"title": "This could not be done", "message": exc.message}
            return render(request, "web/error.html", context, status=exc.http_status)

    return login_required(guarded)


def no_store(response):
    """Mark a response that carries a secret (a new API key, a set-password link) as uncacheable."""
    response["Cache-Control"] = "no-store"
    return response
