from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from participatie.accounts.models import User


class StaffFlagForm(UserChangeForm):
    """The admin flag ("staff status") is for programme administrators: the teams work in
    the workspace, and the admin would not let them in anyway."""

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("is_staff")
            and not cleaned.get("is_superuser")
            and cleaned.get("role") != User.Role.ADMIN
        ):
            raise forms.ValidationError(
                _(
                    "Only programme administrators (and superusers) use the management pages: "
                    "choose that role, or leave “staff status” off."
                ),
                code="staff_flag",
            )
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Programme administrators manage the accounts of residents and staff; only a superuser
    changes superusers, or hands out Django's own groups and permissions."""

    form = StaffFlagForm
    superuser_only_fields = ["is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.superuser_only_fields
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

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


# A lost phone: a programme administrator deletes the authenticator, and its owner sets up a
# new one at the next log-in. The operator's own authenticators are the operator's business.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(TOTPDeviceAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(user__is_superuser=False)
        return queryset
