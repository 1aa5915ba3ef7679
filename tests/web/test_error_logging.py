"""A refused request is one WARNING line in the log, not tracebacks; /favicon.ico exists."""

from __future__ import annotations

import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

from openoms.config.log_filters import ClientErrorsInOneLine
from openoms.tenancy.roles import Role


def test_a_403_is_logged_as_one_warning_line_without_traceback(signed_in, caplog):
    # given an Account User, who may not open the account's settings
    client = signed_in(Role.ACCOUNT_USER)
    # when
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/settings/account/")
    # then
    records = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 403
    assert len(records) == 1
    record = records[0]
    assert (record.levelname, record.exc_info, record.exc_text) == ("WARNING", None, None)
    assert record.getMessage().startswith("Forbidden (Permission denied): /settings/account/ (")
    assert "Traceback" not in caplog.text


def test_a_404_is_logged_as_one_warning_line_without_traceback(signed_in, caplog):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/sales-channels/999999/")
    # then
    records = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 404
    assert [(r.levelname, r.exc_info) for r in records] == [("WARNING", None)]
    assert records[0].getMessage().startswith("Not Found: /sales-channels/999999/")


def test_a_server_error_keeps_its_traceback():
    # given a 500 record as Django writes it
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x",),
            (type(exc), exc, exc.__traceback__),
        )
    record.status_code = 500
    # when
    kept = ClientErrorsInOneLine().filter(record)
    # then
    assert kept and record.exc_info is not None


def test_favicon_is_served_and_linked_from_every_page(db, signed_in):
    # given
    anonymous = Client()
    # when
    root = anonymous.get("/favicon.ico")
    login_page = anonymous.get("/login/").content.decode()
    home = signed_in(Role.ORGANIZATION_OWNER).get("/").content.decode()
    # then
    assert (root.status_code, root.url) == (301, "/static/web/favicon.ico")
    assert Path(finders.find("web/favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"  # ICO
    link = '<link rel="icon" href="/static/web/favicon.ico" sizes="32x32">'
    assert link in login_page and link in home
