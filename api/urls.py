from django.urls import include, path

urlpatterns = [
    path("v1/public/", include(("api.v1.public.urls", "public"), namespace="v1-public")),
]
