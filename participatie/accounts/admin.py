from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from participatie.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "display_name",
        "role",
        "partner",
        "email_verified_at",
        "is_staff",
        "is_active",
    ]
    list_filter = ["role", "partner", "is_staff", "is_active", "email_verified_at"]
    search_fields = ["username", "email", "display_name", "first_name", "last_name"]
    filter_horizontal = ["districts", "groups", "user_permissions"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("Participation"),
            {
                "fields": [
                    "display_name",
                    "email_verified_at",
                    "role",
                    "partner",
                    "districts",
                    "home_neighbourhood",
                ]
            },
        ),
    )
