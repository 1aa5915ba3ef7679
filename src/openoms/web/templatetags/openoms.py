"""Template filters of the web UI: one date format everywhere, in the active timezone."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter

register = template.Library()

DATETIME_FORMAT = "Y-m-d H:i T"


@register.filter(expects_localtime=True)
def when(value) -> str:
    """A datetime in the active timezone with its abbreviation ("2026-01-15 12:04 JST"); "—" if none."""
    if not value:
        return "—"
    return date_filter(value, DATETIME_FORMAT)
