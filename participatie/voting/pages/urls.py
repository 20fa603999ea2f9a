from django.urls import path

from participatie.voting.pages import comments, projects, votes

# Mounted at /herinrichting/. Paths are Dutch (residents see and share them); names English.
urlpatterns = [
    path("", projects.project_list, name="redesign-list-page"),
    path("<slug:slug>/", projects.project_detail, name="redesign-page"),
    path("<slug:slug>/stemmen/", votes.vote, name="redesign-vote-page"),
    path("<slug:slug>/bon/", votes.receipt_check, name="redesign-receipt-page"),
    path("<slug:slug>/reageren/", comments.comment, name="redesign-comment-page"),
]
