"""The Events log: recording lines and reading them, scoped to the acting tenant."""

import pytest

from openoms.activity.models import Event, EventLevel
from openoms.activity.selectors import EventFilter, events
from openoms.activity.services import EventDraft, event_record, event_record_many
from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role


def lines(queryset) -> list[tuple]:
    return list(queryset.values_list("level", "message", "channel_id"))


def test_the_levels_are_info_warning_error_and_fatal():
    assert EventLevel.choices == [
        ("info", "Info"),
        ("warning", "Warning"),
        ("error", "Error"),
        ("fatal", "Fatal"),
    ]


def test_an_event_keeps_what_happened_to_which_entity(tenant):
    # when
    event = event_record(
        account=tenant.account,
        level=EventLevel.WARNING,
        message="Duplicate SKU TEE-S in the master catalog: skipped.",
        entity_type="sku",
        entity_id="TEE-S",
        entity_label="TEE-S",
        channel_id=7,
        actor_label="Recurring job",
    )
    # then
    stored = Event.objects.get(pk=event.pk)
    assert (
        stored.account_id,
        stored.level,
        stored.get_level_display(),
        stored.message,
        stored.entity_type,
        stored.entity_id,
        stored.entity_label,
        stored.channel_id,
        stored.actor_label,
    ) == (
        tenant.account.pk,
        "warning",
        "Warning",
        "Duplicate SKU TEE-S in the master catalog: skipped.",
        "sku",
        "TEE-S",
        "TEE-S",
        7,
        "Recurring job",
    )
    assert stored.created_at is not None


def test_an_unknown_level_is_refused_and_nothing_stored(tenant):
    # when / then
    with pytest.raises(ValueError) as refused:
        event_record(account=tenant.account, level="debug", message="x")
    assert str(refused.value) == "Unknown event level 'debug'."
    with pytest.raises(ValueError):
        event_record_many(
            account=tenant.account,
            drafts=[EventDraft("info", "ok"), EventDraft("loud", "not ok")],
        )
    assert not Event.objects.exists()


def test_events_are_read_newest_first_and_filtered(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    event_record_many(
        account=tenant.account,
        drafts=[
            EventDraft("info", "first", channel_id=1),
            EventDraft("warning", "second", channel_id=2),
            EventDraft("error", "third", channel_id=1),
        ],
    )
    # when / then
    assert lines(events(actor, tenant.account)) == [
        ("error", "third", 1),
        ("warning", "second", 2),
        ("info", "first", 1),
    ]
    assert lines(events(actor, tenant.account, EventFilter(level="warning"))) == [
        ("warning", "second", 2)
    ]
    assert lines(events(actor, tenant.account, EventFilter(channel_id=1))) == [
        ("error", "third", 1),
        ("info", "first", 1),
    ]
    with pytest.raises(ValidationFailed) as refused:
        events(actor, tenant.account, EventFilter(level="loud"))
    assert refused.value.errors == {"level": "Choose Info, Warning, Error or Fatal."}


def test_another_tenants_events_are_invisible(tenant, other_tenant):
    # given
    event_record(account=tenant.account, level="info", message="ours")
    event_record(account=tenant.account, level="info", message="ours too")
    event_record(account=tenant.second_account, level="info", message="second account")
    event_record(account=other_tenant.account, level="error", message="theirs")
    ours = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    owner = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # when / then: each account shows only its own lines
    assert [e.message for e in events(ours, tenant.account)] == ["ours too", "ours"]
    assert [e.message for e in events(owner, tenant.second_account)] == ["second account"]
    # and another tenant's account (or an account the user does not belong to) is not found
    with pytest.raises(NotFound):
        events(ours, other_tenant.account)
    with pytest.raises(NotFound):
        events(ours, tenant.second_account)
