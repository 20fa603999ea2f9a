from django.urls import path

from api.v1.private.initiatives import views

urlpatterns = [
    path("initiatives/", views.StaffInitiativeList.as_view(), name="staff-initiative-list"),
    path(
        "initiatives/<str:public_id>/decision/",
        views.StaffInitiativeDecision.as_view(),
        name="staff-initiative-decision",
    ),
    path(
        "initiatives/<str:public_id>/checklist/",
        views.StaffInitiativeChecklist.as_view(),
        name="staff-initiative-checklist",
    ),
    path(
        "initiatives/<str:public_id>/questions/",
        views.StaffInitiativeQuestion.as_view(),
        name="staff-initiative-questions",
    ),
    path(
        "initiatives/<str:public_id>/open-backing/",
        views.StaffInitiativeOpenBacking.as_view(),
        name="staff-initiative-open-backing",
    ),
]
