"""Fixtures of the inventory tests: ``stock`` (warehouses, SKUs, an actor) and file uploads."""

from tests.file_imports import immediate_tasks, uploads  # noqa: F401
from tests.inventory.stock import stock  # noqa: F401
