"""The handling history (PinEvent) is append-only, and the database makes it so: a row is
never updated, and deleted only together with its pin, by the service that deletes pins
(which says so for its transaction with `history_delete_allowed`).

One update is allowed: forgetting who did a step (`actor` set to NULL, nothing else
changed), which is what deleting an account does to the steps that person took
(`ACTOR_FORGETTABLE_SQL`, migration 0004)."""

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

# The same rule, except that an update which only sets the actor to NULL goes through: a
# deleted account leaves the history without a name (the right to be forgotten), while
# what happened and when stays as it was.
ACTOR_FORGETTABLE_SQL = """
CREATE OR REPLACE FUNCTION pins_pinevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('participatie.history_delete', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.pin_id, NEW.kind, NEW.detail, NEW.created_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.pin_id, OLD.kind, OLD.detail, OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the handling history of a pin is append-only (% refused)', TG_OP;
END $$;
"""

DROP_APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS pins_pinevent_append_only ON pins_pinevent;
DROP FUNCTION IF EXISTS pins_pinevent_append_only();
"""


def history_delete_allowed() -> None:
    """Within the current transaction only: deleting pins may take their history along."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL participatie.history_delete = 'on'")
