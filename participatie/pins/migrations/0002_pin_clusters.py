from django.db import migrations

from participatie.pins.clusters import CREATE_SQL, DROP_SQL, REBUILD_SQL


class Migration(migrations.Migration):
    """Pre-aggregated clusters of public pins for low-zoom tiles, kept by a row trigger."""

    dependencies = [("pins", "0001_initial")]

    operations = [
        migrations.RunSQL(CREATE_SQL + REBUILD_SQL, reverse_sql=DROP_SQL),
    ]
