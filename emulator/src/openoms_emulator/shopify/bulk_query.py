"""The inner query of a bulk operation: checked against Shopify's rules (at least one connection,
at most five, nested at most two levels, no top-level ``node``/``nodes``, one query operation),
rewritten so every connection node also selects its id, and its result flattened into JSONL lines
(one per connection node, nested connection nodes after their parent with ``__parentId``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    parse,
    validate,
)

MAX_CONNECTIONS = 5
MAX_NESTING = 2
HIDDEN_ID = "__bulkId"  # an alias added to every connection node: the ``__parentId`` source


class BulkQueryError(ValueError):
    pass


# -- the shape of a query: which response keys are connections -----------------------------------
def _fields(selection_set, owner, fragments) -> Iterator[tuple[FieldNode, object]]:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection, owner
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            inner = owner.schema_type(condition.name.value) if condition else owner
            yield from _fields(selection.selection_set, inner, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            inner = owner.schema_type(fragment.type_condition.name.value)
            yield from _fields(fragment.selection_set, inner, fragments)


class _Owner:
    """A schema type while walking a selection (with access to the schema for fragments)."""

    def __init__(self, schema, graphql_type) -> None:
        self.schema, self.type = schema, graphql_type

    def schema_type(self, name: str) -> _Owner:
        return _Owner(self.schema, self.schema.get_type(name))

    def field_type(self, name: str):
        field = (getattr(self.type, "fields", None) or {}).get(name)
        return get_named_type(field.type) if field is not None else None


def _node_selections(connection: FieldNode) -> Iterator[SelectionSetNode]:
    """The selection sets of a connection's nodes: ``nodes {…}`` and ``edges { node {…} }``."""
    for child in connection.selection_set.selections if connection.selection_set else ():
        if not isinstance(child, FieldNode) or child.selection_set is None:
            continue
        if child.name.value == "nodes":
            yield child.selection_set
        elif child.name.value == "edges":
            for grandchild in child.selection_set.selections:
                is_node = isinstance(grandchild, FieldNode) and grandchild.name.value == "node"
                if is_node and grandchild.selection_set is not None:
                    yield grandchild.selection_set


def _shape(selection_set, owner: _Owner, fragments, depth: int, counter: list[int]) -> dict:
    """{response key: ("connection" | "object", inner shape)}; scalars are left out. Counts
    connections in ``counter`` and refuses nesting deeper than MAX_NESTING."""
    shape: dict = {}
    for node, field_owner in _fields(selection_set, owner, fragments):
        named = field_owner.field_type(node.name.value)
        if named is None or node.selection_set is None:
            continue
        key = node.alias.value if node.alias else node.name.value
        if named.name.endswith("Connection"):
            counter[0] += 1
            if depth + 1 > MAX_NESTING:
                raise BulkQueryError(
                    f"Bulk queries cannot contain connections with a nesting depth greater than "
                    f"{MAX_NESTING}."
                )
            node_owner = _Owner(owner.schema, get_named_type(named.fields["nodes"].type))
            inner: dict = {}
            for selections in _node_selections(node):
                inner.update(_shape(selections, node_owner, fragments, depth + 1, counter))
            shape[key] = ("connection", inner)
        else:
            inner_owner = _Owner(owner.schema, named)
            shape[key] = (
                "object",
                _shape(node.selection_set, inner_owner, fragments, depth, counter),
            )
    return shape


def _with_ids(selection_set: SelectionSetNode, owner: _Owner, fragments) -> SelectionSetNode:
    """A copy of the selection whose connection nodes also select ``id`` (aliased HIDDEN_ID):
    the source of their children's ``__parentId``. Fragment spreads become inline fragments."""
    selections = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            named = owner.field_type(selection.name.value)
            if selection.selection_set is not None and named is not None:
                inner = _Owner(owner.schema, named)
                rebuild = _connection_with_ids if named.name.endswith("Connection") else _with_ids
                selection = replace(
                    selection, selection_set=rebuild(selection.selection_set, inner, fragments)
                )
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            inner = owner.schema_type(condition.name.value) if condition else owner
            selection = replace(
                selection, selection_set=_with_ids(selection.selection_set, inner, fragments)
            )
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            inner = owner.schema_type(fragment.type_condition.name.value)
            selection = InlineFragmentNode(
                type_condition=fragment.type_condition,
                directives=selection.directives,
                selection_set=_with_ids(fragment.selection_set, inner, fragments),
            )
        selections.append(selection)
    return replace(selection_set, selections=tuple(selections))


def _connection_with_ids(selection_set: SelectionSetNode, owner: _Owner, fragments):
    node_owner = _Owner(owner.schema, get_named_type(owner.type.fields["nodes"].type))

    def node_selection(selection: SelectionSetNode) -> SelectionSetNode:
        rebuilt = _with_ids(selection, node_owner, fragments)
        if node_owner.field_type("id") is None:
            return rebuilt
        hidden = FieldNode(alias=NameNode(value=HIDDEN_ID), name=NameNode(value="id"))
        return replace(rebuilt, selections=(*rebuilt.selections, hidden))

    selections = []
    for child in selection_set.selections:
        if isinstance(child, FieldNode) and child.selection_set is not None:
            if child.name.value == "nodes":
                child = replace(child, selection_set=node_selection(child.selection_set))
            elif child.name.value == "edges":
                edges = [
                    replace(e, selection_set=node_selection(e.selection_set))
                    if isinstance(e, FieldNode) and e.name.value == "node" and e.selection_set
                    else e
                    for e in child.selection_set.selections
                ]
                child = replace(
                    child, selection_set=replace(child.selection_set, selections=tuple(edges))
                )
        selections.append(child)
    return replace(selection_set, selections=tuple(selections))


def prepare(schema, text: str):
    """The parsed inner query with its shape, or BulkQueryError with Shopify's reason."""
    try:
        document = parse(text)
    except GraphQLError as error:
        raise BulkQueryError(f"Invalid bulk query: {error.message}") from error
    errors = validate(schema, document)
    if errors:
        raise BulkQueryError(f"Invalid bulk query: {errors[0].message}")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        raise BulkQueryError("Bulk queries must contain exactly one query operation.")
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = _Owner(schema, schema.query_type)
    for node, _ in _fields(operations[0].selection_set, root, fragments):
        if node.name.value in ("node", "nodes"):
            raise BulkQueryError(
                "The top-level node and nodes fields can't be used in bulk queries."
            )
    counter = [0]
    shape = _shape(operations[0].selection_set, root, fragments, 0, counter)
    if counter[0] == 0:
        raise BulkQueryError("Bulk queries must contain at least one connection.")
    if counter[0] > MAX_CONNECTIONS:
        raise BulkQueryError(
            f"Bulk queries cannot contain more than {MAX_CONNECTIONS} connections."
        )
    operation = replace(
        operations[0], selection_set=_with_ids(operations[0].selection_set, root, fragments)
    )
    return DocumentNode(definitions=(operation, *fragments.values())), shape


# -- flattening the result into JSONL ---------------------------------------------------------------
def _items(connection: dict) -> list[dict]:
    if connection.get("nodes") is not None:
        return connection["nodes"]
    return [edge["node"] for edge in connection.get("edges") or ()]


def _strip(value: dict, shape: dict, owner_id: str | None, lines: list) -> dict:
    out = {}
    for key, item in value.items():
        kind, inner = shape.get(key, ("scalar", None))
        if kind == "connection":
            for node in _items(item or {}):
                _emit(node, inner, owner_id, lines)
        elif kind == "object" and isinstance(item, list):
            out[key] = [
                _strip(v, inner, owner_id, lines) if isinstance(v, dict) else v for v in item
            ]
        elif kind == "object" and isinstance(item, dict):
            out[key] = _strip(item, inner, owner_id, lines)
        else:
            out[key] = item
    return out


def _emit(node: dict, shape: dict, parent_id: str | None, lines: list) -> None:
    own_id = node.get(HIDDEN_ID)
    index = len(lines)
    lines.append(None)  # the parent's line comes before its children's
    record = _strip(node, shape, own_id, lines)
    record.pop(HIDDEN_ID, None)
    if parent_id is not None:
        record["__parentId"] = parent_id
    lines[index] = record


def flatten(data: dict, shape: dict) -> list[dict]:
    lines: list = []
    _strip(data, shape, None, lines)
    return lines
