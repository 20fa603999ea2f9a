"""The handling history (PinEvent) is append-only, and the database makes it so: a row is
never updated, and deleted only together with its pin, by the service that deletes pins
(which says so for its transaction with `history_delete_allowed`)."""

from __future__ import annotations

from django.db import connection

APPEND_ONLY_SQL = """
CREATE FUNCTION pins_pinevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('participatie.history_delete', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the handling history of a pin is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER pins_pinevent_append_only BEFORE UPDATE OR DELETE ON pins_pinevent
    FOR EACH ROW EXECUTE FUNCTION pins_pinevent_append_only();
"""

DROP_APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS pins_pinevent_append_only ON pins_pinevent;
DROP FUNCTION IF EXISTS pins_pinevent_append_only();
"""


def history_delete_allowed() -> None:
    """Within the current transaction only: deleting pins may take their history along."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL participatie.history_delete = 'on'")
