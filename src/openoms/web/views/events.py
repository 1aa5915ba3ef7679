"""Automation → Events: the account's Events log (Info, Warning, Error, Fatal), newest first, with
filters on type, channel, entity, entity type, dates and message text.

Dates are days of the account's timezone: "from" is the start of that day, "to" the end of its
day; they are turned into aware UTC times before the selector is asked. A bad filter is shown as
an error on the page, never a 500.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render

from openoms.activity.models import EventLevel
from openoms.activity.selectors import EventFilter, events
from openoms.channels.selectors import channels
from openoms.core.errors import ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.scopes import selected_account_page

PAGE_SIZE = 50
ENTITY_TYPES = ("channel", "job")  # offered as suggestions; any type may be typed
DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
OUT_OF_RANGE = "The date is out of range."
# The selector's names of the fields it may refuse, as the form calls them.
SELECTOR_FIELDS = {
    "level": "type",
    "channel_id": "channel",
    "since": "date_from",
    "until": "date_to",
}


class EventFilterForm(forms.Form):
    """The filters of the Events page, read from the query string."""

    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *EventLevel.choices]
    )
    channel = forms.TypedChoiceField(label="Channel", required=False, coerce=int, empty_value=None)
    entity = forms.CharField(label="Entity", required=False, max_length=255)
    entity_type = forms.CharField(label="Entity type", required=False, max_length=40)
    date_from = forms.DateField(label="Date from", required=False, **DATE_WIDGET)
    date_to = forms.DateField(label="Date to", required=False, **DATE_WIDGET)
    q = forms.CharField(label="Search", required=False, max_length=200)

    def __init__(self, data, *, account: Account, channel_choices: list[tuple[int, str]]):
        super().__init__(data)
        self.account = account
        self.fields["channel"].choices = [("", "Any channel"), *channel_choices]
        self.fields["entity"].widget.attrs["placeholder"] = "Id or name"
        self.fields["entity_type"].widget.attrs["list"] = "entity-types"
        self.fields["q"].widget.attrs["placeholder"] = "Words in the message"

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("date_from"), cleaned.get("date_to")
        if since and until and until < since:
            self.add_error("date_to", "Date to is before date from.")
        return cleaned

    def event_filter(self) -> EventFilter:
        """The selector's filter (call after ``is_valid``): the days as aware UTC times."""
        data = self.cleaned_data
        return EventFilter(
            level=data["type"] or None,
            channel_id=data["channel"],
            entity_type=data["entity_type"].strip() or None,
            entity=data["entity"].strip() or None,
            since=self._start_of(data["date_from"], "date_from"),
            until=self._start_of(data["date_to"], "date_to", next_day=True),
            search=data["q"].strip() or None,
        )

    def _start_of(self, day: date | None, field: str, *, next_day: bool = False):
        """Midnight starting ``day`` (or the day after it) in the account's timezone, in UTC."""
        if day is None:
            return None
        try:
            day = day + timedelta(days=1) if next_day else day
            return datetime.combine(day, time.min, tzinfo=account_zone(self.account)).astimezone(
                UTC
            )
        except OverflowError:
            raise ValidationFailed({field: OUT_OF_RANGE}) from None


def account_zone(account: Account) -> ZoneInfo:
    """The account's timezone (UTC if its name is not known here)."""
    try:
        return ZoneInfo(account.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def channel_names(actor: Actor, account: Account) -> dict[int, str]:
    """The account's channels by id, as pickers name them (for the events' Channel column)."""
    return {channel.pk: channel.display_name for channel in channels(actor, account)}


def name_channels(page_obj, names: dict[int, str]):
    """Give each event of the page its ``channel_name`` (empty for a deleted channel)."""
    for event in page_obj:
        event.channel_name = names.get(event.channel_id, "")
    return page_obj


def _filtered(actor: Actor, account: Account, form: EventFilterForm):
    """The events the valid filters select, or None with the errors on the form."""
    if not form.is_valid():
        return None
    try:
        return events(actor, account, form.event_filter())
    except ValidationFailed as exc:
        for field, message in exc.errors.items():
            field = SELECTOR_FIELDS.get(field, field)
            form.add_error(field if field in form.fields else None, message)
        return None


events_page_guard = selected_account_page(
    Perm.AUTOMATION_VIEW, "Events", "The Events log belongs to one account."
)


@events_page_guard
def events_page(request, account: Account):
    """The log of the account selected in the header, filtered by the query string."""
    names = channel_names(request.actor, account)
    choices = sorted(names.items(), key=lambda item: item[1].lower())
    form = EventFilterForm(request.GET, account=account, channel_choices=choices)
    found = _filtered(request.actor, account, form)
    page_obj = None
    if found is not None:
        page_obj = name_channels(
            Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")), names
        )
    context = {
        "title": "Events",
        "breadcrumbs": [("Automation", None)],
        "account": account,
        "form": form,
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
        "entity_types": ENTITY_TYPES,
        "page_obj": page_obj,
    }
    return render(request, "web/automation/events.html", context)
