"""``{% upload_retention_days %}``: how many days uploaded files are kept (the import page)."""

from django import template

from openoms.activity.retention import upload_retention_days as _days

register = template.Library()


@register.simple_tag
def upload_retention_days() -> int:
    return _days()
