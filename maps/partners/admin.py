from django.contrib import admin

from maps.partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    prepopulated_fields = {"slug": ["name"]}
