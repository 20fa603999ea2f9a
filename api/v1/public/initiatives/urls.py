from django.urls import path

from api.v1.public.initiatives import views

urlpatterns = [
    path("initiatives/", views.InitiativeListCreate.as_view(), name="initiative-list"),
    path(
        "initiatives/<str:public_id>/",
        views.InitiativeDetail.as_view(),
        name="initiative-detail",
    ),
    path(
        "initiatives/<str:public_id>/submit/",
        views.InitiativeSubmit.as_view(),
        name="initiative-submit",
    ),
    path(
        "initiatives/<str:public_id>/backing/",
        views.InitiativeBacking.as_view(),
        name="initiative-backing",
    ),
    path(
        "initiatives/<str:public_id>/volunteers/",
        views.InitiativeVolunteer.as_view(),
        name="initiative-volunteers",
    ),
    path(
        "initiatives/<str:public_id>/questions/",
        views.InitiativeQuestion.as_view(),
        name="initiative-questions",
    ),
    path(
        "initiatives/<str:public_id>/report/",
        views.InitiativeReport.as_view(),
        name="initiative-report",
    ),
]
