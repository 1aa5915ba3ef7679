"""API and web call only services and selectors: no model manager (``Model.objects``) is used in
their code, except the API's own idempotency-key table. import-linter keeps connectors, tasks and
SQL internals out of them (pyproject.toml); this test covers what imports cannot show."""

import ast
from pathlib import Path

import openoms

PACKAGE = Path(openoms.__file__).parent
OWN_TABLES = {"api/idempotency.py", "api/redaction.py"}  # the API's own IdempotencyKey rows


def managers_used(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
    ]


def offenders(root: Path) -> dict[str, list[int]]:
    found = {}
    for layer in ("api", "web"):
        for path in sorted((root / layer).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "migrations" in relative or relative in OWN_TABLES:
                continue
            if lines := managers_used(path):
                found[relative] = lines
    return found


def test_api_and_web_use_no_model_manager():
    assert offenders(PACKAGE) == {}


def test_the_rule_catches_a_manager_in_a_view(tmp_path):
    # given a copy of a web module that reads a table directly
    (tmp_path / "web").mkdir()
    (tmp_path / "api").mkdir()
    (tmp_path / "web" / "views.py").write_text(
        "from openoms.channels.models import Channel\n\n"
        "def page(request):\n    return Channel.objects.all()\n"
    )
    # then
    assert offenders(tmp_path) == {"web/views.py": [4]}
