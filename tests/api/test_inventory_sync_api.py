"""API v2: a channel's inventory synchronization (issue 13 §7, §8) — `PATCH /channels/{id}` with
`inventory_sync_mode` / `update_duplicate_skus` under the page's rules, the preview before sending
starts (409 with it, then `confirm`), and `POST /channels/{id}/sync`."""

from __future__ import annotations

from openoms.activity.models import Event
from openoms.automation.models import JobRun
from openoms.channels.models import Channel
from openoms.sync.models import ListingState, PendingPush
from openoms.sync.selectors.outbox import NEVER_READ
from openoms.sync.services.inventory_settings import OVERSELLING_WARNING
from tests.api.channel_data import make_channel
from tests.api.helpers import api_get, api_send, error

DNS, RT, FC = "do_not_sync", "real_time", "sync_with_fulfillment_channel"
SWITCHED = (
    "Duplicate SKU is on, so Inventory Synchronization with Sales Channel was switched from "
    "Real-Time Adjustment to Synchronize With Fulfillment Channel."
)


def patch(client, channel, body, key):
    return api_send(client, "patch", f"/channels/{channel.pk}", body, key)


def sync(client, channel, key):
    return api_send(client, "post", f"/channels/{channel.pk}/sync", "", key)


def stored(channel) -> tuple[str, bool]:
    row = Channel.objects.get(pk=channel.pk)
    return row.inventory_sync_mode, row.update_duplicate_skus


def set_mode(channel, mode: str, duplicates: bool = False) -> None:
    channel.inventory_sync_mode, channel.update_duplicate_skus = mode, duplicates
    channel.save()


def inventory_fields(body: dict) -> tuple:
    return (
        body["inventory_sync_mode"],
        body["update_duplicate_skus"],
        body["inventory_sync"],
        body["notices"],
    )


def test_a_mode_is_set_and_read_back(client, outlets, api_key):
    # when
    response = patch(client, outlets.store, {"inventory_sync_mode": RT}, api_key)
    again = api_get(client, f"/channels/{outlets.store.pk}", api_key)

    # then
    assert response.status_code == 200
    assert inventory_fields(response.json()) == (RT, False, RT, [])
    assert (again.json()["inventory_sync_mode"], again.json()["inventory_sync"]) == (RT, RT)
    assert stored(outlets.store) == (RT, False)


def test_duplicates_on_switches_the_mode_and_says_so_in_notices(client, outlets, api_key):
    # given
    set_mode(outlets.store, RT)

    # when
    response = patch(client, outlets.store, {"update_duplicate_skus": True}, api_key)

    # then
    assert response.status_code == 200
    assert inventory_fields(response.json()) == (FC, True, FC, [OVERSELLING_WARNING, SWITCHED])
    assert stored(outlets.store) == (FC, True)


def test_another_mode_while_duplicates_stay_on_is_a_422_with_its_reason(client, outlets, api_key):
    # given
    set_mode(outlets.store, FC, duplicates=True)

    # when
    refused = patch(client, outlets.store, {"inventory_sync_mode": RT}, api_key)
    together = patch(
        client, outlets.store, {"inventory_sync_mode": RT, "update_duplicate_skus": False}, api_key
    )

    # then
    assert refused.status_code == 422
    assert refused.json() == error(
        "duplicate_skus_require_sync_with_fulfillment_channel",
        "The inventory synchronization settings cannot be changed so.",
        [
            {
                "field": "inventory_sync_mode",
                "message": "While Duplicate SKU is Yes the mode stays Synchronize With "
                "Fulfillment Channel (deltas to listings sharing a SKU would oversell): set "
                "Duplicate SKU to No first, or in the same change.",
            }
        ],
    )
    assert together.status_code == 200
    assert stored(outlets.store) == (RT, False)


def test_a_kind_that_cannot_update_duplicates_is_a_422(client, outlets, api_key):
    # given
    sandbox = make_channel(outlets.shop.account, "Sandbox", "sandbox_sales")

    # when
    response = patch(client, sandbox, {"update_duplicate_skus": True}, api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "duplicate_skus_unsupported"
    assert response.json()["error"]["fields"] == [
        {
            "field": "update_duplicate_skus",
            "message": "Sandbox store channels cannot update listings that share a SKU yet; only "
            "Shopify can. Duplicate SKUs are skipped, with a Warning per SKU.",
        }
    ]
    assert stored(sandbox) == (FC, False)


def test_a_stable_or_fulfillment_channel_is_a_422_naming_why(client, outlets, api_key):
    # when
    stable = patch(client, outlets.legacy, {"inventory_sync_mode": DNS}, api_key)
    threepl = patch(client, outlets.threepl, {"update_duplicate_skus": False}, api_key)

    # then
    assert (stable.status_code, threepl.status_code) == (422, 422)
    assert stable.json()["error"]["code"] == "stable_channel_follows_account"
    assert threepl.json()["error"]["code"] == "not_a_sales_channel"
    assert threepl.json()["error"]["fields"] == [
        {
            "field": "update_duplicate_skus",
            "message": "A fulfillment channel receives no inventory: these are settings of a "
            "sales channel.",
        }
    ]
    assert (stored(outlets.legacy), stored(outlets.threepl)) == ((FC, False), (FC, False))


def test_an_unknown_mode_or_a_null_is_a_422(client, outlets, api_key):
    # when
    unknown = patch(client, outlets.store, {"inventory_sync_mode": "hourly"}, api_key)
    nulled = patch(client, outlets.store, {"update_duplicate_skus": None}, api_key)

    # then
    assert (unknown.status_code, nulled.status_code) == (422, 422)
    assert unknown.json()["error"]["fields"][0]["field"] == "inventory_sync_mode"
    assert stored(outlets.store) == (FC, False)


def test_leaving_do_not_sync_is_a_409_with_the_preview_then_confirm_saves(client, outlets, api_key):
    # given the channel last held 4 of SHOP-TEE at "101" (Available now 10) and 3 of
    # "SHOP BAG 1" at "7" (Available now 3)
    store = outlets.store
    set_mode(store, DNS)
    for sku, location, known in (("SHOP-TEE", "101", 4), ("SHOP BAG 1", "7", 3)):
        ListingState.objects.create(
            account=store.account,
            channel=store,
            listing_ref=f"gid://shopify/InventoryItem/{sku}",
            channel_sku=sku,
            location=location,
            known=known,
        )

    # when
    asked = patch(client, store, {"inventory_sync_mode": RT, "name": "Acme Shop"}, api_key)
    before_confirm = (stored(store), Channel.objects.get(pk=store.pk).name)
    confirmed = patch(
        client, store, {"inventory_sync_mode": RT, "name": "Acme Shop", "confirm": True}, api_key
    )

    # then
    assert asked.status_code == 409
    assert asked.json() == {
        "error": {
            "code": "confirmation_required",
            "message": "Switching Acme Shopify from Do not Synchronize to Real-Time Adjustment "
            "sends OpenOMS's Available quantities to the channel: review what would change, "
            "then confirm.",
            "preview": {
                "checked": 4,
                "changes": [
                    {
                        "channel_sku": "SHOP-TEE",
                        "location": "101",
                        "listing_ref": "gid://shopify/InventoryItem/SHOP-TEE",
                        "known": 4,
                        "available": 10,
                    }
                ],
                "to_zero": [],
                "unchanged": 1,
                "unknown": 2,
                "note": "",
            },
        }
    }
    assert before_confirm == ((DNS, False), "Acme Shopify")
    assert confirmed.status_code == 200
    assert inventory_fields(confirmed.json()) == (RT, False, RT, [])
    assert confirmed.json()["name"] == "Acme Shop"
    assert PendingPush.objects.filter(channel=store, full=True).count() == 4


def test_a_preview_of_a_channel_never_read_says_so(client, outlets, api_key):
    # given
    set_mode(outlets.store, DNS)

    # when
    response = patch(client, outlets.store, {"inventory_sync_mode": FC}, api_key)

    # then
    preview = response.json()["error"]["preview"]
    assert (response.status_code, preview["unknown"], preview["note"]) == (409, 4, NEVER_READ)


def test_another_fields_refusal_saves_no_inventory_change(client, outlets, api_key):
    # when
    response = patch(
        client,
        outlets.store,
        {"inventory_sync_mode": DNS, "api_base_url": "http://10.0.0.1"},
        api_key,
    )

    # then
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["api_base_url"]
    assert stored(outlets.store) == (FC, False)
    assert Event.objects.filter(channel_id=outlets.store.pk).count() == 0


def test_sync_starts_export_on_a_sales_channel_and_import_on_a_fulfillment_one(
    client, outlets, api_key
):
    # given
    sandbox_store = make_channel(outlets.shop.account, "Sandbox", "sandbox_sales")
    sandbox_3pl = make_channel(
        outlets.shop.account, "Sandbox 3PL", "sandbox_fulfillment", "fulfillment"
    )

    # when
    sales = sync(client, sandbox_store, api_key)
    fulfillment = sync(client, sandbox_3pl, api_key)

    # then
    assert (sales.status_code, fulfillment.status_code) == (202, 202)
    assert [
        (body["job_type"], body["channel_id"], body["trigger"], body["status"])
        for body in (sales.json(), fulfillment.json())
    ] == [
        ("export_inventory", sandbox_store.pk, "manual", "queued"),
        ("import_inventory", sandbox_3pl.pk, "manual", "queued"),
    ]
    assert JobRun.objects.count() == 2


def test_sync_refusals_are_those_of_the_sync_endpoint(client, outlets, api_key):
    # given
    sandbox_store = make_channel(outlets.shop.account, "Sandbox", "sandbox_sales")
    first = sync(client, sandbox_store, api_key)

    # when
    again = sync(client, sandbox_store, api_key)

    # then
    assert (first.status_code, again.status_code) == (202, 409)
    assert again.json()["error"]["code"] == "conflict"
    assert JobRun.objects.count() == 1


def test_another_accounts_channel_is_404_on_patch_and_sync(client, outlets, api_key):
    # when
    patched = patch(client, outlets.theirs, {"inventory_sync_mode": DNS}, api_key)
    synced = sync(client, outlets.theirs, api_key)

    # then
    assert (patched.status_code, synced.status_code) == (404, 404)
    assert patched.json() == error("not_found", "Channel not found.")
    assert stored(outlets.theirs) == (FC, False)
    assert JobRun.objects.count() == 0
