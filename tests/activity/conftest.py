"""Fixtures of the activity tests: uploads go to a temporary data folder; ``stock`` (warehouses,
SKUs, an actor) for the import recovery tests."""

from tests.file_imports import uploads  # noqa: F401
from tests.inventory.stock import stock  # noqa: F401
