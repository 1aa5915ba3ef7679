"""Fixtures of the activity tests: uploads go to a temporary data folder."""

from tests.file_imports import uploads  # noqa: F401
