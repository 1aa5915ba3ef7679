"""Query cost as Shopify calculates it (shopify.engineering, "rate limiting GraphQL APIs by
calculating query complexity"): scalar and enum fields 0, object fields 1, a connection 2 plus its
page size (``first``/``last``) times the cost of one item, a mutation 10.

The requested cost is computed from the document before execution; the actual cost walks the
result the same way, counting the items really returned."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    is_leaf_type,
    value_from_ast_untyped,
)

MUTATION_COST = 10
CONNECTION_BASE = 2
MAX_QUERY_COST = 1000


def is_connection(named_type) -> bool:
    return (
        isinstance(named_type, GraphQLObjectType)
        and named_type.name.endswith("Connection")
        and "pageInfo" in named_type.fields
    )


class CostCalculator:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict | None,
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.variables = dict(variables or {})
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(definition.default_value)
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.is_mutation = operation.operation == OperationType.MUTATION
        self.root = schema.mutation_type if self.is_mutation else schema.query_type

    # -- requested ---------------------------------------------------------------------------
    def requested(self) -> int:
        if self.is_mutation:
            fields = self._fields(self.operation.selection_set, self.root)
            return MUTATION_COST * sum(1 for node, _ in fields if not _is_meta(node))
        return self._selection_cost(self.operation.selection_set, self.root)

    def _selection_cost(self, selection_set: SelectionSetNode | None, parent) -> int:
        return sum(
            self._field_cost(node, owner) for node, owner in self._fields(selection_set, parent)
        )

    def _field_cost(self, node: FieldNode, owner) -> int:
        named = self._named_type(node, owner)
        if named is None or is_leaf_type(named):
            return 0
        if is_connection(named):
            item = self._item_cost(node.selection_set, named)
            return CONNECTION_BASE + self.page_size(node) * item
        return 1 + self._selection_cost(node.selection_set, named)

    def _item_cost(self, selection_set: SelectionSetNode | None, connection) -> int:
        # ``edges { node {…} }`` and ``nodes {…}`` describe the same items: the dearer one counts.
        costs = [0]
        for node, owner in self._fields(selection_set, connection):
            named = self._named_type(node, owner)
            if node.name.value == "edges":
                costs.append(self._selection_cost(node.selection_set, named))
            elif node.name.value == "nodes":
                costs.append(1 + self._selection_cost(node.selection_set, named))
        return max(costs)

    # -- actual --------------------------------------------------------------------------------
    def actual(self, data: dict | None) -> int:
        if data is None:
            return 0
        if self.is_mutation:
            fields = self._fields(self.operation.selection_set, self.root)
            return MUTATION_COST * sum(1 for node, _ in fields if data.get(_key(node)) is not None)
        return self._actual_selection(self.operation.selection_set, self.root, data)

    def _actual_selection(self, selection_set, parent, value) -> int:
        if not isinstance(value, dict):
            return 0
        total = 0
        for node, owner in self._fields(selection_set, parent):
            if _key(node) in value:
                total += self._actual_field(node, owner, value[_key(node)])
        return total

    def _actual_field(self, node: FieldNode, owner, value) -> int:
        named = self._named_type(node, owner)
        if named is None or is_leaf_type(named):
            return 0
        if is_connection(named):
            return CONNECTION_BASE + self._actual_items(node.selection_set, named, value or {})
        if isinstance(value, list):
            children = [self._actual_selection(node.selection_set, named, v) for v in value]
            return 1 + max(children, default=0)
        return 1 + self._actual_selection(node.selection_set, named, value)

    def _actual_items(self, selection_set, connection, value: dict) -> int:
        totals = [0]
        for node, owner in self._fields(selection_set, connection):
            named = self._named_type(node, owner)
            items = value.get(_key(node)) or []
            if node.name.value == "edges":
                totals.append(
                    sum(self._actual_selection(node.selection_set, named, e) for e in items)
                )
            elif node.name.value == "nodes":
                totals.append(
                    sum(1 + self._actual_selection(node.selection_set, named, n) for n in items)
                )
        return max(totals)

    # -- helpers -------------------------------------------------------------------------------
    def page_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value in ("first", "last"):
                value = value_from_ast_untyped(argument.value, self.variables)
                if isinstance(value, int):
                    return max(0, value)
        return 0

    def _named_type(self, node: FieldNode, owner):
        fields = getattr(owner, "fields", None) or {}
        field = fields.get(node.name.value)
        return get_named_type(field.type) if field is not None else None

    def _fields(self, selection_set, parent) -> Iterator[tuple[FieldNode, object]]:
        """Fields of a selection with their owning type, fragments inlined, one per response key."""
        seen: set[str] = set()
        for node, owner in self._walk(selection_set, parent):
            if _key(node) not in seen:
                seen.add(_key(node))
                yield node, owner

    def _walk(self, selection_set, parent) -> Iterator[tuple[FieldNode, object]]:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                owner = self.schema.get_type(condition.name.value) if condition else parent
                yield from self._walk(selection.selection_set, owner)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    owner = self.schema.get_type(fragment.type_condition.name.value)
                    yield from self._walk(fragment.selection_set, owner)


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _is_meta(node: FieldNode) -> bool:
    return node.name.value.startswith("__")
