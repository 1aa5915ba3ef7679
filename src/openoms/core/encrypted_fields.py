"""A model field holding a JSON object encrypted at rest (``core.secrets``): the code reads and
writes a plain ``dict``, the database only ever holds a Fernet token."""

from __future__ import annotations

import json

from django.db import models

from openoms.core.secrets import SecretUnreadable, seal, unreadable_message, unseal


class UnreadableSecret:
    """What a stored value reads as when no configured key decrypts it.

    Loading the row works (lists, other fields); using the value raises ``SecretUnreadable``, a
    domain error with a message saying what to do. Saving the row writes the token back unchanged,
    so nothing is lost until the right key is configured.
    """

    def __init__(self, token: str):
        self.token = token

    def _refuse(self, *args, **kwargs):
        raise SecretUnreadable(unreadable_message("The stored credentials"))

    __getitem__ = __iter__ = __len__ = __bool__ = __contains__ = _refuse
    get = keys = values = items = copy = _refuse

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnreadableSecret) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)

    def __repr__(self) -> str:
        return "<UnreadableSecret>"


class EncryptedJSONField(models.TextField):
    """A ``dict`` stored as ``seal(json.dumps(value))`` in a text column."""

    description = "A JSON object, encrypted at rest"

    def from_db_value(self, value, expression, connection):
        return None if value is None else self._open(value)

    def to_python(self, value):
        if isinstance(value, str):
            return self._open(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, UnreadableSecret):
            return value.token
        return seal(json.dumps(value, sort_keys=True, separators=(",", ":")))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    @staticmethod
    def _open(token: str):
        try:
            return json.loads(unseal(token))
        except SecretUnreadable:
            return UnreadableSecret(token)
