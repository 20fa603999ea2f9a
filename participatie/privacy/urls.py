from django.urls import path

from participatie.privacy import views

# Mounted at /account/ next to participatie.accounts.urls.
urlpatterns = [
    path("mijn-gegevens.zip", views.export_download, name="account-export"),
    path("verwijderen/", views.account_delete, name="account-delete"),
    path("verwijderd/", views.account_deleted, name="account-deleted"),
]
