"""Logging filters named in ``settings.LOGGING``.

Django logs a refused request (403, 404, 400) with the exception that caused it, so a
``PermissionDenied`` raised from a domain ``PermissionDenied`` wrote two full tracebacks for an
expected answer. A client error is one WARNING line with its reason; server errors (5xx) keep their
traceback.
"""

from __future__ import annotations

import logging


class ClientErrorsInOneLine(logging.Filter):
    """Drop the traceback of a 4xx record of ``django.request``; keep the reason on the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is None or status >= 500 or not record.exc_info:
            return True
        reason = str(record.exc_info[1] or "").strip()
        message = record.getMessage()
        if reason:
            reason = reason.encode("unicode_escape").decode("ascii")
            message = f"{message} ({reason})"
        record.msg, record.args = message, ()
        record.exc_info, record.exc_text = None, None
        return True
