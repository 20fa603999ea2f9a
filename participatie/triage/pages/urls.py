from django.urls import path

from participatie.triage.pages import handling, selection, workspace

# Mounted at /werkruimte/. Paths are Dutch (staff see and share them); names English.
urlpatterns = [
    path("", workspace.workspace, name="workspace"),
    path("resultaten/", workspace.workspace_results, name="workspace-results"),
    path("kaart/", workspace.workspace_map_data, name="workspace-map-data"),
    path("selectie/", selection.bulk_action, name="workspace-bulk"),
    path("filters/", selection.filter_save, name="workspace-filter-save"),
    path("filters/<int:pk>/verwijderen/", selection.filter_delete, name="workspace-filter-delete"),
    path("meldingen/<int:pk>/", handling.pin_handle, name="workspace-pin"),
    path("meldingen/<int:pk>/toewijzen/", handling.pin_assign, name="workspace-pin-assign"),
    path("meldingen/<int:pk>/status/", handling.pin_status, name="workspace-pin-status"),
    path("meldingen/<int:pk>/notitie/", handling.pin_note, name="workspace-pin-note"),
]
