from django.urls import include, path

# The staff API (/api/v1/private/): the workspace's pins and their handling.
urlpatterns = [
    path("", include("api.v1.private.pins.urls")),
    path("", include("api.v1.private.initiatives.urls")),
]
