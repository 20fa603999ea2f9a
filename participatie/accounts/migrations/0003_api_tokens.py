"""Named, revocable API tokens of their own (hashed), replacing DRF's one token per user.

The keys of DRF's table (authtoken_token, when it exists) move over as tokens named "API",
so apps that hold one keep working until the resident revokes it or changes the password.
"""

import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac

# As AbstractBaseUser.get_session_auth_hash (historical models have no methods).
FINGERPRINT_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


def move_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('authtoken_token') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        cursor.execute(
            "SELECT t.key, t.user_id, t.created, u.password FROM authtoken_token t "
            "JOIN accounts_user u ON u.id = t.user_id"
        )
        rows = cursor.fetchall()
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            label="API",
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            prefix=key[:8],
            password_fingerprint=salted_hmac(
                FINGERPRINT_SALT, password, algorithm="sha256"
            ).hexdigest(),
            created=created,
        )
        for key, user_id, created, password in rows
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_display_name_email_verified"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("label", models.CharField(max_length=60, verbose_name="name")),
                ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("prefix", models.CharField(editable=False, max_length=8)),
                ("password_fingerprint", models.CharField(editable=False, max_length=128)),
                (
                    "created",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created"
                    ),
                ),
                (
                    "last_used",
                    models.DateTimeField(blank=True, null=True, verbose_name="last used"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "ordering": ["-created", "-pk"],
            },
        ),
        migrations.RunPython(move_drf_tokens, migrations.RunPython.noop),
    ]
