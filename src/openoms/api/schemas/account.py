"""Account settings shapes, generated from ``tenancy.account_settings.SETTINGS``.

Each setting's ``api_path`` places it in the JSON (``("units_of_measure", "size")`` becomes
``{"units_of_measure": {"size": ...}}``) and its kind gives its type, so the API, the settings page
and the settings service can never disagree. Choices become ``Literal`` types, which OpenAPI lists
as enums. The update shape has every field optional and refuses unknown ones, at every level.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    create_model,
)
from pydantic_core import PydanticCustomError

from openoms.api.schemas.common import RowId, UtcDatetime
from openoms.tenancy.account_settings import (
    BOOL,
    CHOICE,
    MASTER_PRODUCT_CHANNEL,
    OPTIONAL_DAYS,
    REFERENCE,
    SETTINGS,
    TEXT,
    Setting,
)
from openoms.tenancy.setting_values import MAX_NAME_LENGTH, MAX_RETENTION_DAYS

SettingTree = dict[str, Any]  # key -> Setting, or key -> a nested SettingTree
# Reference settings whose value is a row id: an integer in the API (or null), text in the service.
ROW_ID_SETTINGS = frozenset({MASTER_PRODUCT_CHANNEL})


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _no_control_characters(value: str) -> str:
    if CONTROL_CHARACTERS.search(value):
        raise PydanticCustomError("control_characters", "Remove control characters (tabs, NUL…).")
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_LENGTH),
    AfterValidator(_no_control_characters),  # PostgreSQL cannot store NUL
]
Days = Annotated[StrictInt, Field(ge=1, le=MAX_RETENTION_DAYS)]


def settings_tree(settings: list[Setting] = SETTINGS) -> SettingTree:
    """The settings nested by ``api_path``, in declaration order."""
    tree: SettingTree = {}
    for setting in settings:
        node = tree
        for part in setting.api_path[:-1]:
            node = node.setdefault(part, {})
        node[setting.api_path[-1]] = setting
    return tree


def value_type(setting: Setting, *, update: bool) -> Any:
    """The pydantic type of a setting's value (strict: JSON booleans and integers only)."""
    if setting.name in ROW_ID_SETTINGS:
        return RowId | None
    if setting.kind == CHOICE:
        return Literal[tuple(code for code, _ in setting.choices())]
    kinds = {
        TEXT: Text if update else str,
        BOOL: StrictBool,
        OPTIONAL_DAYS: Days | None,
        REFERENCE: str | None,  # a code of the account's own rows, checked by the service
    }
    return kinds[setting.kind]


class _Shape(BaseModel):
    """Base of the response shapes."""


class _Update(BaseModel):
    """Base of the update shapes: unknown or read-only fields are refused."""

    model_config = ConfigDict(extra="forbid")


def _camel(key: str) -> str:
    return "".join(word.capitalize() for word in key.split("_"))


def _setting_field(setting: Setting, *, update: bool) -> tuple[Any, Any]:
    info = Field(None if update else ..., title=setting.label, description=setting.help)
    return value_type(setting, update=update), info


def _fields(tree: SettingTree, name: str, *, update: bool) -> dict[str, tuple[Any, Any]]:
    fields: dict[str, tuple[Any, Any]] = {}
    for key, node in tree.items():
        if isinstance(node, dict):
            fields[key] = _group_field(key, node, name, update=update)
        else:
            fields[key] = _setting_field(node, update=update)
    return fields


def _group_field(key: str, tree: SettingTree, parent: str, *, update: bool) -> tuple[Any, Any]:
    """A nested object (e.g. ``units_of_measure``) as its own model, named after its path."""
    name = f"{parent}{_camel(key)}"
    model = _model(name, _fields(tree, name, update=update), update=update)
    return model, Field(None if update else ..., title=_group_title(key, tree))


def _group_title(key: str, tree: SettingTree) -> str:
    """The settings page's group name ("Units of Measure", "Sales orders"), else from the key."""
    groups = [node.group for node in tree.values() if isinstance(node, Setting) and node.group]
    return groups[0] if groups else key.replace("_", " ").capitalize().replace("Api ", "API ")


def _model(name: str, fields: dict[str, tuple[Any, Any]], *, update: bool, doc: str = "") -> Any:
    base = _Update if update else _Shape
    return create_model(name, __base__=base, __doc__=doc or None, **fields)


class OrganizationOut(BaseModel):
    """The organization the account belongs to."""

    code: str
    name: str


class ApiKeyOut(BaseModel):
    """An active API key of the account (the key itself is shown only once, when created)."""

    name: str
    prefix: str = Field(description="The first characters of the key, to recognise it.")
    created_at: UtcDatetime
    last_used_at: UtcDatetime | None


class SettingChangeOut(BaseModel):
    """One changed setting: its API path and label, with old and new values as people read them."""

    field: str = Field(description='Dotted JSON path, e.g. "units_of_measure.size".')
    label: str
    old: str
    new: str


AccountOut = _model(
    "Account",
    {
        "organization": (OrganizationOut, ...),
        "code": (str, Field(description="The account's permanent reference code.")),
        **_fields(settings_tree(), "Account", update=False),
        "api_keys": (list[ApiKeyOut], Field(description="The account's active API keys.")),
        "created_at": (UtcDatetime, ...),
        "updated_at": (UtcDatetime, ...),
    },
    update=False,
    doc="The account's settings, named and grouped as on the Account settings page.",
)

AccountUpdateIn = _model(
    "AccountUpdate",
    {
        **_fields(settings_tree(), "AccountUpdate", update=True),
        "confirm_master_source_change": (
            StrictBool,
            Field(
                False,
                description="Confirm a Master Product Source change on an account that already "
                "holds products or other live data (otherwise 409 confirmation_required).",
            ),
        ),
    },
    update=True,
    doc="Settings to change; send only those you change. Unknown or read-only fields are refused.",
)

AccountUpdatedOut = _model(
    "AccountUpdated",
    {"account": (AccountOut, ...), "changes": (list[SettingChangeOut], ...)},
    update=False,
    doc="The account after the update, and what changed (empty when nothing did).",
)
