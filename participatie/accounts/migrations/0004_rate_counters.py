"""Rate-limit counters (participatie/accounts/counters.py) in an UNLOGGED table: no
write-ahead log for counts that only matter for a minute or an hour; after a crash the
table is empty, which at worst forgets the windows that were running."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_tokens"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("window_start", models.DateTimeField()),
                ("expires_at", models.DateTimeField(db_index=True)),
                ("count", models.PositiveIntegerField()),
            ],
            options={
                "verbose_name": "rate counter",
                "verbose_name_plural": "rate counters",
            },
        ),
        migrations.RunSQL(
            "ALTER TABLE accounts_ratecounter SET UNLOGGED",
            reverse_sql="ALTER TABLE accounts_ratecounter SET LOGGED",
        ),
    ]
