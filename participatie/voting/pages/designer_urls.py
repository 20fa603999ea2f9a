from django.urls import path

from participatie.voting.pages import designer, designer_options, designer_votes

# Mounted at /ontwerpen/. Paths are Dutch (designers see and share them); names English.
urlpatterns = [
    path("", designer.project_list, name="designer-projects"),
    path("nieuw/", designer.project_new, name="designer-project-new"),
    path("<int:pk>/", designer.project_page, name="designer-project"),
    path("<int:pk>/bewerken/", designer.project_edit, name="designer-project-edit"),
    path("<int:pk>/voorbeeld/", designer.project_preview, name="designer-project-preview"),
    path("<int:pk>/publiceren/", designer.project_publish, name="designer-project-publish"),
    path("<int:pk>/opties/nieuw/", designer_options.option_new, name="designer-option-new"),
    path("<int:pk>/opties/<int:option_pk>/", designer_options.option_edit, name="designer-option"),
    path(
        "<int:pk>/opties/<int:option_pk>/corrigeren/",
        designer_options.option_correct,
        name="designer-option-correct",
    ),
    path(
        "<int:pk>/opties/<int:option_pk>/verwijderen/",
        designer_options.option_delete,
        name="designer-option-delete",
    ),
    path(
        "<int:pk>/opties/<int:option_pk>/afbeeldingen/",
        designer_options.image_add,
        name="designer-option-image-add",
    ),
    path(
        "<int:pk>/opties/<int:option_pk>/afbeeldingen/<int:image_pk>/verwijderen/",
        designer_options.image_remove,
        name="designer-option-image-remove",
    ),
    path("<int:pk>/stemcodes/", designer_votes.codes, name="designer-codes"),
    path("<int:pk>/sluiten/", designer_votes.voting_close, name="designer-close"),
    path("<int:pk>/uitslag/", designer_votes.results, name="designer-results"),
    path(
        "<int:pk>/uitslag/publiceren/",
        designer_votes.result_publish,
        name="designer-result-publish",
    ),
    path("<int:pk>/uitslag.csv", designer_votes.results_csv, name="designer-results-csv"),
]
