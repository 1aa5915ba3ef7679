"""Changing the Master Product Channel records where Import Products may now run (seed 000)."""

import pytest

from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel
from openoms.core.errors import ConfirmationRequired, Conflict
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from openoms.tenancy.services.accounts import account_update_settings
from tests.sync.conftest import event_lines, make_channel, make_master
from tests.sync.runs import sync_now

IMPORT, EXPORT = "import_products", "export_products"


def owner(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))


def test_moving_the_master_and_back_to_openoms_is_logged(tenant):
    # given
    first = make_channel(tenant.account, "First Store")
    second = make_channel(tenant.account, "Second Store", enabled=False)
    make_master(first)
    # when
    make_master(second)
    account_update_settings(
        actor=owner(tenant),
        account=tenant.account,
        values={"master_product_source": "openoms"},
    )
    # then
    assert event_lines(tenant.account) == [
        ("info", "Import Products is now allowed only on First Store."),
        (
            "info",
            "Import Products is now allowed only on Second Store (disabled). "
            "First Store no longer imports products.",
        ),
        (
            "info",
            "Import Products is no longer allowed on any channel: OpenOMS is the source. "
            "Second Store (disabled) no longer imports products.",
        ),
    ]


def test_a_live_account_confirms_before_the_source_changes(tenant, actor, master):
    # given products imported from the master
    sync_now(master, IMPORT, actor)
    events_before = event_lines(tenant.account)
    values = {"master_product_source": "openoms"}
    # when not confirmed: nothing moves
    with pytest.raises(ConfirmationRequired):
        account_update_settings(actor=owner(tenant), account=tenant.account, values=values)
    assert Channel.objects.get(is_product_master=True) == master
    assert event_lines(tenant.account) == events_before
    # when confirmed
    account_update_settings(
        actor=owner(tenant),
        account=tenant.account,
        values=values,
        confirm_master_source_change=True,
    )
    # then no channel may import any more, and the change is logged
    assert not Channel.objects.filter(is_product_master=True).exists()
    assert event_lines(tenant.account)[-1] == (
        "info",
        "Import Products is no longer allowed on any channel: OpenOMS is the source. "
        "Demo Store no longer imports products.",
    )
    with pytest.raises(Conflict):
        sync_now(master, IMPORT, actor)
    assert ProductVariant.objects.filter(account=tenant.account).count() == 25
