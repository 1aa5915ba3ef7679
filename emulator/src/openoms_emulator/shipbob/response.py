"""One answer of the emulator, before the HTTP adapter writes it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # committed, but the connection is closed without an answer

    def encoded(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body).encode()
