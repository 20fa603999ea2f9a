from django.contrib import admin
from django.contrib.gis import admin as gis_admin

from maps.models import Area, Centre, Greenery, PlannedWork, Playground
from maps.services import feature_delete, feature_save
from maps.widgets import LocalMapWidget


class MapAdmin(gis_admin.GISModelAdmin):
    gis_widget = LocalMapWidget
    list_filter = ["is_demo"]
    search_fields = ["name", "description"]

    def save_model(self, request, obj, form, change):
        previous = type(obj).objects.only("geom").get(pk=obj.pk).geom if change else None
        feature_save(instance=obj, previous_geom=previous)

    def delete_model(self, request, obj):
        feature_delete(instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            feature_delete(instance=obj)


@admin.register(Area)
class AreaAdmin(MapAdmin):
    list_display = ["name", "code", "level", "parent", "is_priority", "population"]
    list_filter = ["level", "is_priority"]
    list_editable = ["is_priority", "population"]
    search_fields = ["name", "code"]
    readonly_fields = ["updated_at"]
    autocomplete_fields = ["parent"]


@admin.register(Playground)
class PlaygroundAdmin(MapAdmin):
    list_display = ["name", "age_group", "is_demo"]
    list_filter = ["age_group", "is_demo"]


@admin.register(Greenery)
class GreeneryAdmin(MapAdmin):
    list_display = ["name", "kind", "is_demo"]
    list_filter = ["kind", "is_demo"]


@admin.register(PlannedWork)
class PlannedWorkAdmin(MapAdmin):
    list_display = ["name", "kind", "status", "owner", "start_date", "end_date", "is_demo"]
    list_filter = ["kind", "status", "owner", "is_demo"]
    date_hierarchy = "start_date"


@admin.register(Centre)
class CentreAdmin(MapAdmin):
    list_display = ["name", "address", "city", "is_demo"]
