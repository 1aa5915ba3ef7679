"""A beta sales channel's inventory synchronization settings (seed 002, issue 13 §1, §3, §8): the
mode and Duplicate SKU with their rules, the preview before sending starts, the catch-up."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.core.errors import PermissionDenied
from openoms.inventory.services.levels import level_adjust
from openoms.inventory.triggers import Trigger
from openoms.sync.models import PendingPush
from openoms.sync.services.inventory_settings import (
    DUPLICATES_NEED_FC,
    DUPLICATES_UNSUPPORTED,
    INVALID_VALUE,
    NOT_SALES_CHANNEL,
    OVERSELLING_WARNING,
    STABLE_CHANNEL,
    InventorySettingRefused,
    InventoryWanted,
    PreviewRequired,
    channel_settings_update,
    inventory_settings_change,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level

DNS, RT, FC = "do_not_sync", "real_time", "sync_with_fulfillment_channel"


def make_store(account, name="Acme Shopify", kind="shopify", **fields) -> Channel:
    return Channel.objects.create(
        account=account, type="sales", kind=kind, name=name, credentials={}, **fields
    )


@pytest.fixture
def admin(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))


@pytest.fixture
def store(tenant) -> Channel:
    """A beta Shopify store: location "101" fed by warehouse A, where SKU-1 (listed as SHOP-1)
    has 7 and SKU-2 (SHOP-2) has 0."""
    store = make_store(tenant.account)
    warehouse = make_warehouse(tenant.organization, "A")
    enable(tenant.account, warehouse)
    variants = make_variants(tenant.account, "SKU-1", "SKU-2")
    set_level(tenant.account, variants["SKU-1"], warehouse, 7)
    WarehouseMapping.objects.create(channel=store, warehouse=warehouse, external_id="101")
    for number in (1, 2):
        SkuMapping.objects.create(
            account=tenant.account,
            channel=store,
            channel_sku=f"SHOP-{number}",
            variant=variants[f"SKU-{number}"],
        )
    return store


def stored(channel: Channel) -> tuple[str, bool]:
    row = Channel.objects.get(pk=channel.pk)
    return row.inventory_sync_mode, row.update_duplicate_skus


def pending(channel: Channel) -> list[tuple[str, str, bool, int]]:
    rows = PendingPush.objects.filter(channel=channel).order_by("channel_sku", "location")
    return list(rows.values_list("channel_sku", "location", "full", "delta"))


def events(channel: Channel) -> list[tuple[str, str]]:
    rows = Event.objects.filter(channel_id=channel.pk).order_by("id")
    return list(rows.values_list("level", "message"))


def change(actor, channel, confirm=False, **wanted):
    return inventory_settings_change(
        actor=actor, channel=channel, wanted=InventoryWanted(**wanted), confirm=confirm
    )


def refusal(actor, channel, **wanted) -> tuple[str, dict[str, str]]:
    with pytest.raises(InventorySettingRefused) as caught:
        change(actor, channel, **wanted)
    return caught.value.code, caught.value.errors


def test_a_mode_change_between_sending_modes_is_saved_with_an_event_and_a_catch_up(admin, store):
    # when
    result = change(admin, store, mode=RT)

    # then
    assert (result.mode_before, result.mode, result.notices) == (FC, RT, ())
    assert stored(store) == (RT, False)
    assert events(store) == [
        (
            "info",
            "Inventory Synchronization with Sales Channel changed from Synchronize With "
            "Fulfillment Channel to Real-Time Adjustment on Acme Shopify.",
        )
    ]
    assert pending(store) == [("SHOP-1", "101", True, 0), ("SHOP-2", "101", True, 0)]


def test_leaving_do_not_sync_needs_the_preview_confirmed_and_changes_nothing_before(admin, store):
    # given
    store.inventory_sync_mode = DNS
    store.save()

    # when
    with pytest.raises(PreviewRequired) as caught:
        change(admin, store, mode=RT)

    # then
    preview = caught.value.preview
    assert caught.value.message == (
        "Switching Acme Shopify from Do not Synchronize to Real-Time Adjustment sends OpenOMS's "
        "Available quantities to the channel: review what would change, then confirm."
    )
    assert (preview.checked, preview.unknown, preview.changes) == (2, 2, [])
    assert stored(store) == (DNS, False)
    assert (events(store), pending(store)) == ([], [])


def test_a_confirmed_switch_into_sending_saves_and_sends_what_the_channel_missed(admin, store):
    # given
    store.inventory_sync_mode = DNS
    store.save()

    # when
    result = change(admin, store, confirm=True, mode=FC)

    # then
    assert result.starts_sending is True
    assert stored(store) == (FC, False)
    assert pending(store) == [("SHOP-1", "101", True, 0), ("SHOP-2", "101", True, 0)]


def test_switching_to_do_not_sync_needs_no_preview_and_sends_nothing(admin, store):
    # when
    result = change(admin, store, mode=DNS)

    # then
    assert (result.mode, result.starts_sending) == (DNS, False)
    assert stored(store) == (DNS, False)
    assert pending(store) == []


def test_switching_to_do_not_sync_forgets_what_was_waiting(admin, store, tenant):
    # given a Real-Time store with a change waiting for SHOP-1 at location 101
    change(admin, store, mode=RT)
    PendingPush.objects.all().delete()
    variant = SkuMapping.objects.get(channel=store, channel_sku="SHOP-1").variant
    warehouse = WarehouseMapping.objects.get(channel=store).warehouse
    level_adjust(
        actor=admin,
        account=tenant.account,
        warehouse=warehouse,
        variant=variant,
        delta=2,
        trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
    )
    assert pending(store) == [("SHOP-1", "101", False, 2)]
    # when
    change(admin, store, mode=DNS)
    # then nothing is left to send
    assert pending(store) == []


def test_turning_duplicates_on_warns_and_switches_the_mode_to_fc_saying_so(admin, store):
    # given
    store.inventory_sync_mode = RT
    store.save()

    # when
    result = change(admin, store, update_duplicate_skus=True)

    # then
    assert result.notices == (
        OVERSELLING_WARNING,
        "Duplicate SKU is on, so Inventory Synchronization with Sales Channel was switched from "
        "Real-Time Adjustment to Synchronize With Fulfillment Channel.",
    )
    assert stored(store) == (FC, True)
    assert events(store)[-1] == (
        "info",
        "Inventory Synchronization with Sales Channel changed from Real-Time Adjustment to "
        "Synchronize With Fulfillment Channel; Duplicate SKU changed to Yes on Acme Shopify.",
    )


def test_turning_duplicates_on_wins_over_another_mode_asked_with_it(admin, store):
    # when (the page posts the mode shown with the new Duplicate SKU)
    result = change(admin, store, mode=RT, update_duplicate_skus=True)

    # then
    assert stored(store) == (FC, True)
    assert result.notices == (
        OVERSELLING_WARNING,
        "Duplicate SKU is on, so Inventory Synchronization with Sales Channel was switched from "
        "Real-Time Adjustment to Synchronize With Fulfillment Channel.",
    )


def test_the_switch_is_told_when_the_page_already_picked_the_mode(admin, store):
    # given (the page's script picks the mode as soon as Duplicate SKU is Yes)
    store.inventory_sync_mode = RT
    store.save()

    # when
    result = change(admin, store, mode=FC, update_duplicate_skus=True)

    # then
    assert stored(store) == (FC, True)
    assert result.notices == (
        OVERSELLING_WARNING,
        "Duplicate SKU is on, so Inventory Synchronization with Sales Channel was switched from "
        "Real-Time Adjustment to Synchronize With Fulfillment Channel.",
    )


def test_turning_duplicates_on_in_the_mode_it_needs_tells_no_switch(admin, store):
    # when (the store is in Synchronize With Fulfillment Channel already)
    result = change(admin, store, update_duplicate_skus=True)

    # then
    assert stored(store) == (FC, True)
    assert result.notices == (OVERSELLING_WARNING,)


def test_turning_duplicates_on_from_do_not_sync_needs_the_preview(admin, store):
    # given
    store.inventory_sync_mode = DNS
    store.save()

    # when
    with pytest.raises(PreviewRequired):
        change(admin, store, update_duplicate_skus=True)
    confirmed = change(admin, store, confirm=True, update_duplicate_skus=True)

    # then
    assert confirmed.notices[1] == (
        "Duplicate SKU is on, so Inventory Synchronization with Sales Channel was switched from "
        "Do not Synchronize to Synchronize With Fulfillment Channel."
    )
    assert stored(store) == (FC, True)


def test_another_mode_while_duplicates_stay_on_is_refused(admin, store):
    # given
    store.update_duplicate_skus = True
    store.save()

    # when
    code, errors = refusal(admin, store, mode=RT)

    # then
    assert code == DUPLICATES_NEED_FC
    assert errors == {
        "inventory_sync_mode": "While Duplicate SKU is Yes the mode stays Synchronize With "
        "Fulfillment Channel (deltas to listings sharing a SKU would oversell): set Duplicate "
        "SKU to No first, or in the same change."
    }
    assert stored(store) == (FC, True)


def test_duplicates_off_and_another_mode_together_are_saved(admin, store):
    # given
    store.update_duplicate_skus = True
    store.save()

    # when
    result = change(admin, store, mode=RT, update_duplicate_skus=False)

    # then
    assert (result.notices, stored(store)) == ((), (RT, False))


def test_a_kind_that_cannot_update_duplicates_cannot_turn_them_on(admin, tenant):
    # given
    sandbox = make_store(tenant.account, "Sandbox", kind="sandbox_sales")

    # when
    code, errors = refusal(admin, sandbox, update_duplicate_skus=True)
    unchanged = change(admin, sandbox, update_duplicate_skus=False)

    # then
    assert code == DUPLICATES_UNSUPPORTED
    assert errors == {
        "update_duplicate_skus": "Sandbox store channels cannot update listings that share a "
        "SKU yet; only Shopify can. Duplicate SKUs are skipped, with a Warning per SKU."
    }
    assert (unchanged.duplicates, stored(sandbox)) == (False, (FC, False))
    assert events(sandbox) == []


def test_a_stable_sales_channel_and_a_fulfillment_channel_have_no_such_settings(admin, tenant):
    # given
    stable = make_store(tenant.account, "Stable", is_beta=False)
    threepl = Channel.objects.create(
        account=tenant.account, type="fulfillment", kind="shipbob", name="3PL", credentials={}
    )

    # when
    stable_refusal = refusal(admin, stable, mode=RT, update_duplicate_skus=False)
    threepl_refusal = refusal(admin, threepl, mode=DNS)

    # then
    assert stable_refusal == (
        STABLE_CHANNEL,
        dict.fromkeys(
            ["inventory_sync_mode", "update_duplicate_skus"],
            "A stable sales channel follows the account's Enable Inventory Real-Time Updates; "
            "make it beta to choose its own inventory synchronization.",
        ),
    )
    assert threepl_refusal == (
        NOT_SALES_CHANNEL,
        {
            "inventory_sync_mode": "A fulfillment channel receives no inventory: these are "
            "settings of a sales channel."
        },
    )
    assert (stored(stable), stored(threepl)) == ((FC, False), (FC, False))


def test_an_unknown_mode_is_refused(admin, store):
    # when
    code, errors = refusal(admin, store, mode="sometimes")

    # then
    assert code == INVALID_VALUE
    assert errors == {
        "inventory_sync_mode": "Choose one of: Do not Synchronize, Real-Time Adjustment, "
        "Synchronize With Fulfillment Channel."
    }


def test_a_role_without_channels_manage_changes_nothing(tenant, store):
    # given
    user = Actor.for_user(tenant.user(Role.ACCOUNT_USER))

    # when
    with pytest.raises(PermissionDenied):
        change(user, store, mode=RT)

    # then
    assert stored(store) == (FC, False)


def test_another_settings_refusal_rolls_the_inventory_change_back(admin, store, tenant):
    # given
    make_store(tenant.account, "Taken")

    # when
    result = channel_settings_update(
        actor=admin,
        channel=store,
        values={"name": "Taken"},
        wanted=InventoryWanted(mode=RT),
        confirm=False,
    )

    # then
    assert (result.saved, result.inventory, result.code) == (False, None, "")
    assert result.field_errors == {"name": "The account already has a channel with this name."}
    assert stored(store) == (FC, False)
    assert (events(store), pending(store)) == ([], [])


def test_refusals_of_both_parts_are_returned_together(admin, store, tenant):
    # given
    store.update_duplicate_skus = True
    store.save()
    make_store(tenant.account, "Taken")

    # when
    result = channel_settings_update(
        actor=admin,
        channel=store,
        values={"name": "Taken"},
        wanted=InventoryWanted(mode=DNS),
        confirm=False,
    )

    # then
    assert result.code == DUPLICATES_NEED_FC
    assert sorted(result.field_errors) == ["inventory_sync_mode", "name"]
    assert Channel.objects.get(pk=store.pk).name == "Acme Shopify"
