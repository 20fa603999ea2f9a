from django.urls import path

from api.v1.public.voting import views

urlpatterns = [
    path("redesigns/", views.RedesignList.as_view(), name="redesign-list"),
    path("redesigns/<slug:slug>/", views.RedesignDetail.as_view(), name="redesign-detail"),
    path(
        "redesigns/<slug:slug>/options/", views.RedesignOptions.as_view(), name="redesign-options"
    ),
    path(
        "redesigns/<slug:slug>/results/", views.RedesignResults.as_view(), name="redesign-results"
    ),
    path("redesigns/<slug:slug>/vote/", views.RedesignVote.as_view(), name="redesign-vote"),
    path(
        "redesigns/<slug:slug>/receipt/", views.RedesignReceipt.as_view(), name="redesign-receipt"
    ),
]
