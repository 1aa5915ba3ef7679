"""Signing in and out, changing one's password, and setting it from a shared link.

Sign-in is throttled by ``tenancy.services.login``: a locked e-mail (or, from a locked address, an
e-mail that failed recently) is refused before any password is checked, with a message that says
which limit; every failure is recorded.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from openoms.tenancy.services.login import (
    BY_ADDRESS,
    BY_EMAIL,
    login_address_lock_seconds,
    login_failure_record,
    login_failures_clear,
    login_lock,
)
from openoms.web.forms import LoginForm

WRONG_CREDENTIALS = "E-mail or password is incorrect."


def safe_next(request, default: str = "web:home") -> str:
    """The ``next`` URL when it stays on this host, else the URL named ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse_lazy(default)


def _client_address(request) -> str:
    """The client's address; behind a trusted proxy, the last hop its header names."""
    header = settings.OPENOMS_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"


def _sign_in_error(request, email: str, password: str) -> str | None:
    """Sign the user in, or return why not (which limit, when a throttle refuses)."""
    address = _client_address(request)
    lock = login_lock(email=email, ip_address=address)
    if lock is not None:
        return _locked_message(lock.scope, lock.seconds)
    user = authenticate(request, username=email.strip(), password=password)
    if user is None:
        login_failure_record(email=email, ip_address=address)
        address_locked = login_address_lock_seconds(ip_address=address)
        if address_locked:
            return f"{WRONG_CREDENTIALS} {_locked_message(BY_ADDRESS, address_locked)}"
        return WRONG_CREDENTIALS
    login(request, user)
    login_failures_clear(email=email)
    return None


def _locked_message(scope: str, seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    wait = f"Try again in {minutes} {'minute' if minutes == 1 else 'minutes'}."
    if scope == BY_EMAIL:
        return f"Too many failed sign-ins for this e-mail. {wait}"
    return (
        "Too many failed sign-ins from your network address: an e-mail that failed recently "
        f"cannot sign in from it for now. {wait}"
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        error = _sign_in_error(request, email, form.cleaned_data["password"])
        if error is None:
            return redirect(safe_next(request))
    next_url = request.POST.get("next") or request.GET.get("next", "")
    context = {"form": form, "error": error, "next": next_url}
    return render(request, "web/login.html", context)


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only) and go back to the sign-in page."""

    next_page = reverse_lazy("web:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = reverse_lazy("web:home")
    extra_context = {"title": "Change password", "breadcrumbs": [("Your profile", None)]}

    def form_valid(self, form):
        messages.success(self.request, "Your password was changed.")
        return super().form_valid(form)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The page behind a set-password link that an administrator shared with a new user."""

    template_name = "web/password_set.html"
    success_url = reverse_lazy("web:login")

    def form_valid(self, form):
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return super().form_valid(form)
