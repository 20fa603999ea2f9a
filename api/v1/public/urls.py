from django.urls import include, path

from api.v1.public import auth, privacy, views

urlpatterns = [
    path("areas/", views.AreaList.as_view(), name="area-list"),
    path("areas/<slug:code>/", views.AreaDetail.as_view(), name="area-detail"),
    path("playgrounds/", views.PlaygroundList.as_view(), name="playground-list"),
    path("playgrounds/<int:pk>/", views.PlaygroundDetail.as_view(), name="playground-detail"),
    path("greenery/", views.GreeneryList.as_view(), name="greenery-list"),
    path("greenery/<int:pk>/", views.GreeneryDetail.as_view(), name="greenery-detail"),
    path("planned-works/", views.PlannedWorkList.as_view(), name="plannedwork-list"),
    path("planned-works/<int:pk>/", views.PlannedWorkDetail.as_view(), name="plannedwork-detail"),
    path("centres/", views.CentreList.as_view(), name="centre-list"),
    path("centres/<int:pk>/", views.CentreDetail.as_view(), name="centre-detail"),
    path("auth/token/", auth.ObtainToken.as_view(), name="auth-token"),
    path("me/export/", privacy.MyDataExport.as_view(), name="my-data-export"),
    # Pins, my pins and categories.
    path("", include("api.v1.public.pins.urls")),
    # Redesign projects: options, results, votes.
    path("", include("api.v1.public.voting.urls")),
    # Neighbourhood initiatives: the list, proposing, backing, volunteering, reporting.
    path("", include("api.v1.public.initiatives.urls")),
]
