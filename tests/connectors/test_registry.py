"""The connectors declare what they can do, once; the channel kinds read it from them."""

import pytest

from openoms.channels.kinds import KINDS
from openoms.connectors.base import ROLES, ChannelAccess
from openoms.connectors.registry import CONNECTORS, Planned, connector_capabilities
from openoms.core.capabilities import Capability


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_a_connector_plays_every_role_its_capabilities_need(kind):
    entry = CONNECTORS[kind]
    if isinstance(entry, Planned):
        pytest.skip("a planned connector has no code yet")
    connector = entry(ChannelAccess({}, "channel 1"))
    for capability in entry.capabilities:
        role = ROLES.get(capability)
        assert role is None or isinstance(connector, role), (kind, capability)


def test_each_kind_can_do_exactly_what_its_connector_declares():
    assert set(KINDS) == set(CONNECTORS)
    for code, kind in KINDS.items():
        assert kind.capabilities == connector_capabilities(code)
    assert KINDS["sandbox_sales"].can(Capability.PUSH_INVENTORY)
    assert not KINDS["sandbox_fulfillment"].can(Capability.IMPORT_PRODUCTS)
    assert KINDS["shipbob"].can(Capability.IMPORT_PRODUCTS)


def test_an_unknown_kind_can_do_nothing():
    assert connector_capabilities("carrier-pigeon") == frozenset()
