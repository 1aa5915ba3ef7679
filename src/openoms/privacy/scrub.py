"""Finding one order's personal data in stored text and JSON, and replacing it with ``MARKER``.

Two ways, both applied to every stored copy the redaction reaches:

* **By value** (``Needles``): the order's customer name, e-mail, phone and address values. A
  text containing one (any case) has it replaced; a whole value equal to one is replaced too.
  The region, postal code and country (short, shared by many people: "CA", "10001") and values
  under 4 characters are only replaced as whole values, so a message such as "Order 10001
  created" is not mangled.
* **By key** (JSON payloads such as a webhook's body or an API response): a value under a key
  that holds personal data (``PII_KEYS``: "email", "phone", "first_name", "address1", …) and
  everything inside an address or customer object (``PII_OBJECTS``: "shipping_address",
  "customer", "ship_to", …) is replaced, whoever it belongs to — except ids, SKUs, quantities,
  prices and dates (``KEPT_KEYS``), which reports and the sync need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

MARKER = "[redacted]"
MIN_SEARCHED = 4
WHOLE_VALUE_ONLY = frozenset({"region", "postal_code", "country"})
FINDING = frozenset({"customer_name", "name", "email", "phone", "address1"})
PII_KEYS = frozenset(
    {
        "email",
        "contact_email",
        "customer_email",
        "customer_name",
        "phone",
        "phone_number",
        "first_name",
        "last_name",
        "full_name",
        "company",
        "address1",
        "address2",
        "address3",
        "city",
        "zip",
        "zip_code",
        "postal_code",
        "province",
        "browser_ip",
        "latitude",
        "longitude",
        "note",
    }
)
PII_OBJECTS = frozenset(
    {
        "shipping_address",
        "billing_address",
        "default_address",
        "addresses",
        "customer",
        "client_details",
        "ship_to",
        "bill_to",
        "recipient",
        "destination",
    }
)
KEPT_KEYS = frozenset(
    {
        "id",
        "admin_graphql_api_id",
        "order_id",
        "reference_id",
        "order_number",
        "external_ref",
        "sku",
        "quantity",
        "price",
        "currency",
        "created_at",
        "updated_at",
    }
)


@dataclass(frozen=True)
class Needles:
    """The personal values of some orders: ``whole`` (casefolded) are replaced when a value is
    exactly one of them, ``pattern`` finds the longer ones inside any text, and ``regex`` (for
    the database) finds a text holding one of the values that single a customer out (name,
    e-mail, phone, street): a text quoting an address quotes its street too, so a smaller
    expression finds the rows, and ``pattern`` then replaces every value in them."""

    whole: frozenset[str]
    pattern: re.Pattern | None
    regex: str = ""

    @classmethod
    def of(cls, values: Iterable[tuple[str, str]]) -> Needles:
        """From (field, value) pairs; the field says whether it is searched inside texts."""
        whole: set[str] = set()
        searched: set[str] = set()
        finding: set[str] = set()
        for field, value in values:
            text = (value or "").strip()
            if not text or text == MARKER:
                continue
            whole.add(text.casefold())
            if field not in WHOLE_VALUE_ONLY and len(text) >= MIN_SEARCHED:
                # also as JSON text spells it ("Zo\u00eb"), to find it in stored JSON bodies
                forms = {text, json.dumps(text)[1:-1]}
                searched |= forms
                finding |= forms if field in FINDING else set()
        found_by = _pattern(finding)
        return cls(frozenset(whole), _pattern(searched), found_by.pattern if found_by else "")

    @classmethod
    def none(cls) -> Needles:
        """No value to look for: only the keys of JSON payloads are used."""
        return cls(frozenset(), None)


def _pattern(values: set[str]) -> re.Pattern | None:
    if not values:
        return None
    longest_first = sorted(values, key=lambda text: (-len(text), text))
    return re.compile("|".join(re.escape(text) for text in longest_first), re.IGNORECASE)


def scrub_text(text: str, needles: Needles) -> str:
    """``text`` with every personal value of ``needles`` in it replaced by the marker."""
    if not text or text == MARKER:
        return text
    if text.strip().casefold() in needles.whole:
        return MARKER
    if needles.pattern is None:
        return text
    return needles.pattern.sub(MARKER, text)


def scrub_json(value: object, needles: Needles, *, personal: bool = False) -> object:
    """A copy of the JSON ``value`` with its personal data replaced (see the module);
    ``personal``: ``value`` is inside an address or customer object, so all of it goes."""
    if isinstance(value, dict):
        return {key: _item(str(key), item, needles, personal) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_json(item, needles, personal=personal) for item in value]
    if isinstance(value, str):
        return MARKER if personal and value else scrub_text(value, needles)
    return value


def _item(key: str, value: object, needles: Needles, personal: bool) -> object:
    if key in KEPT_KEYS:
        return value
    if key in PII_KEYS or key in PII_OBJECTS:
        return _all_of(value, needles)
    return scrub_json(value, needles, personal=personal)


def _all_of(value: object, needles: Needles) -> object:
    """A personal value: text becomes the marker, a number nothing, an object all markers."""
    if isinstance(value, dict | list):
        return scrub_json(value, needles, personal=True)
    if isinstance(value, str):
        return MARKER if value else value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None
    return value
