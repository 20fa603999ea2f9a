"""Admin of the neighbourhood initiatives, for programme administrators: programmes with
their threshold and checklist, the yearly budgets with the allocation per district, and the
household counts. Initiatives themselves are shown read-only: residents and the district's
team change them through the services that keep the rules (threshold, budget)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.gis import admin as gis_admin
from django.utils.translation import gettext_lazy as _

from maps.widgets import LocalMapWidget
from participatie.initiatives.models import (
    Budget,
    ChecklistItem,
    DistrictAllocation,
    HouseholdCount,
    Initiative,
    Programme,
)


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1
    fields = ["position", "text", "is_active"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "majority_required", "min_backer_percent", "min_backers"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChecklistInline]


class AllocationForm(forms.ModelForm):
    class Meta:
        model = DistrictAllocation
        fields = ["district", "amount_cents", "is_priority"]

    def clean(self):
        cleaned = super().clean()
        granted = self.instance.granted_cents if self.instance.pk else 0
        amount = cleaned.get("amount_cents")
        if amount is not None and amount < granted:
            self.add_error(
                "amount_cents",
                _("%(granted)s cents have been granted from this allocation already.")
                % {"granted": granted},
            )
        return cleaned


class AllocationInline(admin.TabularInline):
    model = DistrictAllocation
    form = AllocationForm
    extra = 1
    fields = ["district", "amount_cents", "is_priority", "granted_cents"]
    readonly_fields = ["granted_cents"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # grants refer to it; set the amount instead


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "total_cents"]
    list_filter = ["programme", "year"]
    inlines = [AllocationInline]

    def save_formset(self, request, form, formset, change):
        """Existing allocations are updated in their editable columns only, never in
        `granted_cents` (a grant may have drawn from it since the page was loaded), and
        only while the new amount still covers what was granted."""
        if formset.model is not DistrictAllocation:
            return super().save_formset(request, form, formset, change)
        # What the admin's change message reads after saving.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for item_form in formset.forms:
            if not item_form.has_changed() or not item_form.cleaned_data:
                continue
            instance = item_form.instance
            if instance.pk is None:
                instance.budget = form.instance
                instance.save()
                formset.new_objects.append(instance)
                continue
            updated = DistrictAllocation.objects.filter(
                pk=instance.pk, granted_cents__lte=item_form.cleaned_data["amount_cents"]
            ).update(
                district=item_form.cleaned_data["district"],
                amount_cents=item_form.cleaned_data["amount_cents"],
                is_priority=item_form.cleaned_data["is_priority"],
            )
            if updated:
                formset.changed_objects.append((instance, item_form.changed_data))
            else:
                self.message_user(
                    request,
                    _("%(district)s: more has been granted than this amount; not changed.")
                    % {"district": instance.district},
                    messages.ERROR,
                )
        return None


@admin.register(HouseholdCount)
class HouseholdCountAdmin(admin.ModelAdmin):
    list_display = ["area", "year", "households", "source"]
    list_filter = ["year"]
    search_fields = ["area__name", "area__code"]


@admin.register(Initiative)
class InitiativeAdmin(gis_admin.GISModelAdmin):
    # The place and the drawn area on the map served from this site (no CDN).
    gis_widget = LocalMapWidget
    list_display = ["title", "status", "kind", "district", "year", "submitted_at"]
    list_filter = ["status", "kind", "year", "district"]
    search_fields = ["title", "public_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
