"""GET /api/v2/health: no key needed; 503 when the database does not answer."""

from django.db import OperationalError


def test_health_is_ok_without_a_key(client, db):
    # when
    response = client.get("/api/v2/health")

    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_fails(client, db, monkeypatch):
    # given
    class UnreachableDatabase:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("openoms.api.routers.health.connection", UnreachableDatabase())

    # when
    response = client.get("/api/v2/health")

    # then
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
