from django.urls import path

from participatie.pins.pages import actions, edit, lists, places, reading

# Mounted at /meldingen/. Paths are Dutch (residents see and share them); names English.
urlpatterns = [
    path("", lists.pin_list, name="pin-list-page"),
    path("nieuw/", edit.pin_new, name="pin-new"),
    path("mijn/", lists.my_pins, name="my-pins"),
    path("plekken/", places.place_search, name="place-search"),
    path("plek/", places.place_lookup, name="place-lookup"),
    path("<int:pk>/", reading.pin_detail, name="pin-page"),
    path("<int:pk>/steunen/", actions.pin_support, name="pin-page-support"),
    path("<int:pk>/reageren/", actions.pin_comment, name="pin-page-comment"),
    path("<int:pk>/melden/", actions.pin_report, name="pin-page-report"),
    path(
        "<int:pk>/reacties/<int:comment_pk>/melden/",
        actions.comment_report,
        name="comment-page-report",
    ),
    path("<int:pk>/bewerken/", edit.pin_edit, name="pin-page-edit"),
    path("<int:pk>/intrekken/", edit.pin_withdraw, name="pin-page-withdraw"),
]
