"""Template filters of the web UI: one date format everywhere, in the active timezone."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter

register = template.Library()

DATETIME_FORMAT = "Y-m-d H:i T"
MINUS = "\u2212"


@register.filter(expects_localtime=True)
def when(value) -> str:
    """A datetime in the active timezone with its abbreviation ("2026-01-15 12:04 JST"); "—" if none."""
    if not value:
        return "—"
    return date_filter(value, DATETIME_FORMAT)


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current query string with ``page`` set to ``number``, so pages keep their filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return query.urlencode()


@register.filter
def signed(value) -> str:
    """A quantity change with its sign: "+4", "\u22123" (a real minus sign), "0"."""
    if value is None:
        return "—"
    if value > 0:
        return f"+{value}"
    return f"{MINUS}{abs(value)}" if value < 0 else "0"
