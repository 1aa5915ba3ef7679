import pytest

from openoms.channels.master_product import product_import_refusal
from openoms.channels.models import Channel
from openoms.channels.services.channels import channel_create, channel_update
from openoms.core.errors import ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import AuditEntry
from openoms.tenancy.roles import Role
from openoms.tenancy.services.accounts import account_update_settings


@pytest.fixture
def channels(tenant):
    system = Actor.system()
    store = channel_create(
        actor=system,
        account=tenant.account,
        type="sales",
        kind="sandbox_sales",
        name="Pop-up store",
        credentials={"store_name": "popup"},
    )
    old = channel_create(
        actor=system,
        account=tenant.account,
        type="sales",
        kind="sandbox_sales",
        name="Old store",
        credentials={"store_name": "old"},
    )
    channel_update(actor=system, channel=old, values={"is_enabled": False})
    tpl = channel_create(
        actor=system,
        account=tenant.account,
        type="fulfillment",
        kind="sandbox_fulfillment",
        name="3PL",
        credentials={"warehouse_name": "x"},
    )
    return store, old, tpl


def owner(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))


def test_picker_offers_channels_that_import_products_with_the_disabled_suffix(tenant, channels):
    # given
    store, old, _ = channels
    # when
    from openoms.tenancy.account_settings import SETTINGS_BY_NAME

    options = SETTINGS_BY_NAME["master_product_channel"].options(tenant.account)
    # then the sandbox 3PL (no product import) is not offered; the disabled store is, with its suffix
    assert options == [
        (str(old.pk), "Old store (disabled) — Sales Channel"),
        (str(store.pk), "Pop-up store — Sales Channel"),
    ]


def test_a_channel_source_needs_a_channel_of_its_type(tenant, channels):
    # given
    _, _, tpl = channels
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        account_update_settings(
            actor=owner(tenant),
            account=tenant.account,
            values={"master_product_source": "sales_channel"},
        )
    assert list(raised.value.errors) == ["master_product_channel"]
    with pytest.raises(ValidationFailed):
        account_update_settings(
            actor=owner(tenant),
            account=tenant.account,
            values={
                "master_product_source": "fulfillment_channel",
                "master_product_channel": str(tpl.pk),
            },
        )
    assert not Channel.objects.filter(is_product_master=True).exists()


def test_choosing_and_leaving_a_master_channel(tenant, channels):
    # given
    store, old, _ = channels
    # when a disabled channel becomes master (allowed: it just syncs nothing)
    account_update_settings(
        actor=owner(tenant),
        account=tenant.account,
        values={"master_product_source": "sales_channel", "master_product_channel": str(old.pk)},
    )
    # then only it may import products
    old.refresh_from_db()
    store.refresh_from_db()
    tenant.account.refresh_from_db()
    assert old.is_product_master and not store.is_product_master
    assert product_import_refusal(old) is None
    assert product_import_refusal(store) == (
        "Only the Master Product Channel (Old store (disabled)) imports products (Account → Workflow Settings)."
    )
    entry = AuditEntry.objects.get(field="master_product_channel")
    assert (entry.old_value, entry.new_value) == ("(empty)", "Old store (disabled) — Sales Channel")
    # when OpenOMS becomes the source again, the master channel is cleared
    account_update_settings(
        actor=owner(tenant), account=tenant.account, values={"master_product_source": "openoms"}
    )
    assert not Channel.objects.filter(is_product_master=True).exists()
    old = Channel.objects.select_related("account").get(pk=old.pk)
    assert product_import_refusal(old).startswith("OpenOMS is this account's Master Product Source")


def test_moving_the_master_channel_on_a_live_account_needs_confirmation(tenant, channels):
    # given an account with products whose master is the pop-up store
    from openoms.catalog.services.products import product_create
    from openoms.core.errors import ConfirmationRequired

    store, old, _ = channels
    account_update_settings(
        actor=owner(tenant),
        account=tenant.account,
        values={"master_product_source": "sales_channel", "master_product_channel": str(store.pk)},
    )
    Channel.objects.filter(pk=store.pk).update(is_product_master=True)
    tenant.account.refresh_from_db()
    product_create(
        actor=Actor.system(),
        account=tenant.account,
        name="P",
        variants=[{"sku": "P1"}],
        from_master=True,
    )
    # when / then: moving to the other sales channel asks first
    with pytest.raises(ConfirmationRequired):
        account_update_settings(
            actor=owner(tenant),
            account=tenant.account,
            values={"master_product_channel": str(old.pk)},
        )
    assert Channel.objects.get(is_product_master=True).pk == store.pk
    account_update_settings(
        actor=owner(tenant),
        account=tenant.account,
        values={"master_product_channel": str(old.pk)},
        confirm_master_source_change=True,
    )
    assert Channel.objects.get(is_product_master=True).pk == old.pk
