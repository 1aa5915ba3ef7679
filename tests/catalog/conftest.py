"""Fixtures of the catalog tests: file uploads and tasks that run when enqueued."""

from tests.file_imports import immediate_tasks, uploads  # noqa: F401
