from django.db import migrations

from participatie.pins.history import ACTOR_FORGETTABLE_SQL, APPEND_ONLY_SQL


class Migration(migrations.Migration):
    """Deleting an account sets the actor of its history steps to NULL; the append-only
    trigger lets exactly that update through (and nothing else)."""

    dependencies = [("pins", "0003_handling")]

    operations = [
        migrations.RunSQL(
            ACTOR_FORGETTABLE_SQL,
            reverse_sql=APPEND_ONLY_SQL.split("CREATE TRIGGER")[0].replace(
                "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
            ),
        ),
    ]
