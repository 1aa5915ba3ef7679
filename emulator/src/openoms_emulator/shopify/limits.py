"""Every input array is capped at 250 items (shopify.dev/docs/api/usage/limits)."""

from __future__ import annotations

from graphql import DocumentNode, FieldNode, Visitor, value_from_ast_untyped, visit

MAX_INPUT_ITEMS = 250


class _FieldCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[FieldNode] = []

    def enter_field(self, node: FieldNode, *_args) -> None:
        self.fields.append(node)


def _oversized(value, path: list) -> list[tuple[list, int]]:
    found = []
    if isinstance(value, list):
        if len(value) > MAX_INPUT_ITEMS:
            found.append((path, len(value)))
        for index, item in enumerate(value):
            found.extend(_oversized(item, [*path, index]))
    elif isinstance(value, dict):
        for key, item in value.items():
            found.extend(_oversized(item, [*path, key]))
    return found


def input_size_errors(document: DocumentNode, variables: dict | None) -> list[dict]:
    collector = _FieldCollector()
    visit(document, collector)
    errors = []
    for field in collector.fields:
        for argument in field.arguments or ():
            value = value_from_ast_untyped(argument.value, variables or {})
            for path, size in _oversized(value, [field.name.value, argument.name.value]):
                errors.append(
                    {
                        "message": f"The input array size of {size} is greater than the maximum "
                        f"allowed of {MAX_INPUT_ITEMS}.",
                        "locations": [
                            {
                                "line": field.loc.start_token.line,
                                "column": field.loc.start_token.column,
                            }
                        ]
                        if field.loc
                        else [],
                        "path": path,
                        "extensions": {"code": "MAX_INPUT_SIZE_EXCEEDED"},
                    }
                )
    return errors
