"""A channel's API base URL: https anywhere, plain http only on this machine (issue 12 §4)."""

import pytest

from openoms.channels.base_url import clean_base_url
from openoms.core.errors import InvalidValue

LOOPBACK_ONLY = "Plain http is allowed only on this machine (127.0.0.1, ::1, localhost): use https."


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("", ""),
        ("  ", ""),
        ("https://proxy.example.com/", "https://proxy.example.com"),
        ("https://proxy.example.com:8443/shopify", "https://proxy.example.com:8443/shopify"),
        ("http://127.0.0.1:8701", "http://127.0.0.1:8701"),
        ("http://127.5.6.7:8701/", "http://127.5.6.7:8701"),
        ("http://[::1]:8701", "http://[::1]:8701"),
        ("http://localhost:8701", "http://localhost:8701"),
    ],
)
def test_accepted_addresses_are_stored_without_a_trailing_slash(given, stored):
    assert clean_base_url(given) == stored


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("http://10.0.0.5:8701", LOOPBACK_ONLY),
        ("http://shop.example.com", LOOPBACK_ONLY),
        ("http://127.0.0.1.example.com", LOOPBACK_ONLY),
        (
            "ftp://127.0.0.1",
            "Enter an address such as https://proxy.example.com or http://127.0.0.1:8701.",
        ),
        (
            "127.0.0.1:8701",
            "Enter an address such as https://proxy.example.com or http://127.0.0.1:8701.",
        ),
        (
            "https://user:pw@proxy.example.com",
            "The address may hold no user, password, query or fragment.",
        ),
        (
            "https://proxy.example.com/?a=1",
            "The address may hold no user, password, query or fragment.",
        ),
        ("http://127.0.0.1:99999", "The port must be a number from 1 to 65535."),
        ("https://" + "a" * 300 + ".com", "Use at most 300 characters."),
    ],
)
def test_refused_addresses_say_why(given, reason):
    with pytest.raises(InvalidValue) as refused:
        clean_base_url(given)
    assert str(refused.value) == reason
