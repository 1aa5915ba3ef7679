"""The Admin SDL, loaded and built once per process (graphql-core)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from graphql import GraphQLSchema, build_ast_schema, parse

SDL_NAME = "shopify-admin-2026-04.graphql"
ENV_VAR = "OPENOMS_SHOPIFY_SDL"

_lock = threading.Lock()
_schemas: dict[str, GraphQLSchema] = {}
load_seconds: dict[str, float] = {}


def default_sdl_path() -> Path:
    """``$OPENOMS_SHOPIFY_SDL``, else ``shared/contracts/<SDL_NAME>`` found walking up from here."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "contracts" / SDL_NAME
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{SDL_NAME} not found above {__file__}; pass --schema or set {ENV_VAR}"
    )


def load_schema(path: Path | str | None = None) -> GraphQLSchema:
    """Build the schema from the SDL once per process and path (about a second for 3 MB)."""
    key = str(Path(path or default_sdl_path()).resolve())
    with _lock:
        if key not in _schemas:
            started = time.perf_counter()
            document = parse(Path(key).read_text(encoding="utf-8"), no_location=True)
            # The file is Shopify's own dump: SDL validation would only cost time.
            _schemas[key] = build_ast_schema(document, assume_valid=True, assume_valid_sdl=True)
            load_seconds[key] = time.perf_counter() - started
        return _schemas[key]
