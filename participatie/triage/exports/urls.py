from django.urls import path

from participatie.triage.exports import views

# Mounted at /werkruimte/export/; each takes the workspace's query string (its filters).
urlpatterns = [
    path("meldingen.csv", views.export_csv, name="workspace-export-csv"),
    path("meldingen.geojson", views.export_geojson, name="workspace-export-geojson"),
    path("rapport/", views.area_report_page, name="workspace-report"),
]
