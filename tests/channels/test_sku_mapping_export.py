"""C_SKU_Mappings.csv export and template: header, order, quoting, streaming, tenancy."""

import pytest

from openoms.channels.models import SkuMapping
from openoms.channels.sku_mapping_csv import (
    SKU_MAPPING_FILE,
    SKU_MAPPING_HEADER,
    sku_mapping_template_csv,
    sku_mappings_csv,
)
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.channels.sku_mapping_files import (
    make_channel,
    make_variants,
    map_sku,
    mapped_fixture,  # noqa: F401 -- a fixture
)


def test_the_template_is_the_header_row():
    # when / then
    assert (SKU_MAPPING_FILE, SKU_MAPPING_HEADER) == ("C_SKU_Mappings.csv", ["SKU", "Channel SKU"])
    assert sku_mapping_template_csv() == "SKU,Channel SKU\r\n"


def test_a_channel_without_mappings_exports_the_blank_template(mapped):
    # when
    exported = "".join(sku_mappings_csv(actor=mapped.actor, channel=mapped.channel))
    # then
    assert exported == sku_mapping_template_csv()


def test_the_export_lists_the_channels_mappings_by_channel_sku_sku_first(mapped):
    # given
    mapped.variants.update(make_variants(mapped.account, 'TEE, "RED"'))
    map_sku(mapped, "B-2", "SKU-2")
    map_sku(mapped, "A-1", "SKU-1")
    map_sku(mapped, 'Tee "Red", L', 'TEE, "RED"')
    map_sku(mapped, "C-3", "SKU-1")
    other = make_channel(mapped.account, "Other store")
    SkuMapping.objects.create(
        account=mapped.account, channel=other, channel_sku="ZZ", variant=mapped.variants["SKU-3"]
    )
    # when
    exported = "".join(sku_mappings_csv(actor=mapped.actor, channel=mapped.channel))
    # then
    assert exported == (
        "SKU,Channel SKU\r\n"
        "SKU-1,A-1\r\n"
        "SKU-2,B-2\r\n"
        "SKU-1,C-3\r\n"
        '"TEE, ""RED""","Tee ""Red"", L"\r\n'
    )


def test_a_fulfillment_channel_exports_the_same_format(mapped):
    # given
    fulfillment = make_channel(mapped.account, "3PL", type="fulfillment")
    SkuMapping.objects.create(
        account=mapped.account,
        channel=fulfillment,
        channel_sku="SB-1",
        variant=mapped.variants["SKU-1"],
    )
    # when
    exported = "".join(sku_mappings_csv(actor=mapped.actor, channel=fulfillment))
    # then
    assert exported == "SKU,Channel SKU\r\nSKU-1,SB-1\r\n"


def test_a_large_export_streams_in_chunks(mapped):
    # given
    SkuMapping.objects.bulk_create(
        SkuMapping(
            account=mapped.account,
            channel=mapped.channel,
            channel_sku=f"CH-{n:05d}",
            variant=mapped.variants["SKU-1"],
        )
        for n in range(2500)
    )
    # when
    chunks = list(sku_mappings_csv(actor=mapped.actor, channel=mapped.channel))
    # then
    assert len(chunks) == 3
    lines = "".join(chunks).splitlines()
    assert (len(lines), lines[1], lines[-1]) == (2501, "SKU-1,CH-00000", "SKU-1,CH-02499")


def test_another_tenant_does_not_see_the_channel(mapped, other_tenant):
    # given
    outsider = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    # when / then
    with pytest.raises(NotFound):
        sku_mappings_csv(actor=outsider, channel=mapped.channel)
