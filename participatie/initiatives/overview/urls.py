from django.urls import path, reverse

from participatie.initiatives.overview import views

# Included at /initiatieven/overzicht/ (participatie/urls.py).
urlpatterns = [
    path("", views.overview_current, name="initiative-overview-current"),
    path("<int:year>/", views.overview_page, name="initiative-overview"),
    path("<int:year>/csv/", views.overview_csv_download, name="initiative-overview-csv"),
]


def overview_url() -> str:
    return reverse("initiative-overview-current")
