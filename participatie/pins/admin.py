"""Admin for categories, pins, comments and reports. Changes go through the services, so
the admin keeps the same rules as the API (inside the municipality, public history)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.gis import admin as gis_admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from maps.widgets import LocalMapWidget
from participatie.guards.text import VisibleTextField
from participatie.pins import services
from participatie.pins.models import (
    PUBLIC_STATUS_CHOICES,
    Category,
    Comment,
    Pin,
    PinPhoto,
    PinStatusChange,
    Report,
)


class ReasonActionForm(ActionForm):
    reason = VisibleTextField(
        label=_("Reason"), required=False, max_length=500, help_text=_("Required for hiding.")
    )


class PinActionForm(ReasonActionForm):
    status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", "---------"), *PUBLIC_STATUS_CHOICES],
    )


def _run(modeladmin, request, queryset, action) -> None:
    """Apply a service to each selected object; report what worked and what did not."""
    done = 0
    for obj in queryset:
        try:
            action(obj, by=request.user)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(count)d changed.") % {"count": done})


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name", "name_en", "slug", "default_partner", "kinds", "is_public", "is_sensitive",
        "is_active", "ordering",
    ]  # fmt: skip
    list_filter = ["is_public", "is_sensitive", "is_active", "default_partner"]
    list_editable = ["ordering", "is_active"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        visibility = {"is_public", "is_sensitive"} & set(form.changed_data)
        services.category_save(category=obj, visibility_changed=bool(visibility) or not change)


class PhotoInline(admin.TabularInline):
    model = PinPhoto
    extra = 0
    # Linked through the pin photo view: the files are not under /media/.
    fields = ["photo", "width", "height", "created_at"]
    readonly_fields = ["photo", "width", "height", "created_at"]

    @admin.display(description=_("photo"))
    def photo(self, obj: PinPhoto):
        if obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}"><img src="{}" alt="" height="80"></a>', obj.url, obj.thumbnail_url
        )


class StatusChangeInline(admin.TabularInline):
    model = PinStatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "reason", "changed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # append-only: status changes come from the "set status" action


@admin.register(Pin)
class PinAdmin(gis_admin.GISModelAdmin):
    gis_widget = LocalMapWidget
    action_form = PinActionForm
    actions = ["set_status", "hide", "restore"]
    list_display = [
        "title", "kind", "category", "status", "neighbourhood", "support_count",
        "comment_count", "report_count", "is_hidden", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "kind", "category", "is_hidden", "is_demo", "district"]
    search_fields = ["title", "description"]
    date_hierarchy = "created_at"
    list_select_related = ["category", "neighbourhood"]
    fields = [
        "kind", "category", "title", "description", "geom", "neighbourhood", "district",
        "author", "status", "status_reason", "is_hidden", "hidden_reason", "support_count",
        "comment_count", "report_count", "is_demo", "created_at", "updated_at",
    ]  # fmt: skip
    readonly_fields = [
        "neighbourhood", "district", "author", "status", "status_reason", "is_hidden",
        "hidden_reason", "support_count", "comment_count", "report_count", "is_demo",
        "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [PhotoInline, StatusChangeInline]

    def get_queryset(self, request):
        # The one rule of who sees which pin: a programme administrator does not see the
        # confidential signals here either (the buurtteam answers them); the operator does.
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False  # residents post pins; staff can post through the site like anyone

    def delete_model(self, request, obj):
        services.pin_delete(pin=obj)

    def delete_queryset(self, request, queryset):
        for pin in queryset:
            services.pin_delete(pin=pin)

    def save_model(self, request, obj, form, change):
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.pin_correct(pin=obj, by=request.user, **changed)
        except ValidationError as exc:
            # Raised after the form validated: show it rather than a server error.
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)

    @admin.action(description=_("Set the status chosen below (with a reason)"))
    def set_status(self, request, queryset):
        status, reason = request.POST.get("status", ""), request.POST.get("reason", "")

        def action(pin, by):
            return services.pin_set_status(pin=pin, by=by, status=status, reason=reason)

        _run(self, request, queryset, action)

    @admin.action(description=_("Hide from the public (with a reason)"))
    def hide(self, request, queryset):
        reason = request.POST.get("reason", "")
        _run(
            self,
            request,
            queryset,
            lambda pin, by: services.pin_hide(pin=pin, by=by, reason=reason),
        )

    @admin.action(description=_("Show again"))
    def restore(self, request, queryset):
        _run(self, request, queryset, lambda pin, by: services.pin_restore(pin=pin, by=by))


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    action_form = ReasonActionForm
    actions = ["hide", "restore"]
    list_display = ["body", "pin", "is_hidden", "report_count", "created_at"]
    list_filter = ["is_hidden", "is_demo"]
    search_fields = ["body"]
    raw_id_fields = ["pin", "author"]
    readonly_fields = ["pin", "author", "is_hidden", "hidden_reason", "report_count", "created_at"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Hide from the public (with a reason)"))
    def hide(self, request, queryset):
        reason = request.POST.get("reason", "")

        def action(comment, by):
            return services.comment_hide(comment=comment, by=by, reason=reason)

        _run(self, request, queryset, action)

    @admin.action(description=_("Show again"))
    def restore(self, request, queryset):
        def action(comment, by):
            return services.comment_restore(comment=comment, by=by)

        _run(self, request, queryset, action)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reason", "pin", "comment", "created_at"]
    list_filter = ["reason"]
    search_fields = ["explanation"]
    readonly_fields = ["pin", "comment", "reporter", "reason", "explanation", "created_at"]

    def has_add_permission(self, request):
        return False
