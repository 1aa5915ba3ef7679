"""Fixtures and builders shared by the CSV import tests (inventory levels, products)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def uploads(settings, tmp_path):
    """Uploaded files go to a temporary data folder; returns the uploads folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads"


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run synchronously when enqueued (django_tasks resets its backends on this change)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(content: str | bytes, name: str) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")
