"""Liveness and database check for load balancers and monitoring; needs no API key."""

from __future__ import annotations

import logging
from typing import Literal

from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router, Status
from pydantic import BaseModel

logger = logging.getLogger("openoms.api")
router = Router(tags=["Health"])

State = Literal["ok", "unavailable"]


class HealthOut(BaseModel):
    """The service's state and its database's."""

    status: State
    database: State


def database_ok() -> bool:
    """True when a query reaches the database and returns."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database did not answer.", exc_info=True)
        return False
    return True


@router.get("", auth=None, response={200: HealthOut, 503: HealthOut}, operation_id="health")
def health(request: HttpRequest):
    """Is the API up and its database reachable? 200 when both are, 503 otherwise."""
    if database_ok():
        return {"status": "ok", "database": "ok"}
    return Status(503, {"status": "unavailable", "database": "unavailable"})
