import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage parameter")
def test_levels_leave_room_for_heap_only_updates(db):
    # when
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'inventory_inventorylevel'")
        (options,) = cursor.fetchone()
    # then
    assert options == ["fillfactor=70"]
