from django.urls import include, path

# NamespaceVersioning: the version is the outer namespace ("v1"); "public" (anonymous and
# residents) and "private" (staff) are nested below it.
v1 = [
    path("public/", include(("api.v1.public.urls", "public"), namespace="public")),
    path("private/", include(("api.v1.private.urls", "private"), namespace="private")),
]

urlpatterns = [
    path("v1/", include((v1, "v1"), namespace="v1")),
]
