from django.urls import include, path

# Mounted at /werkruimte/. Paths are Dutch (staff see and share them); names English.
urlpatterns = [
    path("export/", include("participatie.triage.exports.urls")),
    path("", include("participatie.triage.pages.urls")),
]
