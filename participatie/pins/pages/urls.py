from django.urls import path

from participatie.pins import converters  # noqa: F401  (registers <pin:…>, <photo:…>)
from participatie.pins.pages import actions, edit, lists, photos, places, reading

# Mounted at /meldingen/. Paths are Dutch (residents see and share them); names English.
urlpatterns = [
    path("", lists.pin_list, name="pin-list-page"),
    path("nieuw/", edit.pin_new, name="pin-new"),
    path("mijn/", lists.my_pins, name="my-pins"),
    path("plekken/", places.place_search, name="place-search"),
    path("plek/", places.place_lookup, name="place-lookup"),
    path("<pin:public_id>/", reading.pin_detail, name="pin-page"),
    path("<pin:public_id>/steunen/", actions.pin_support, name="pin-page-support"),
    path("<pin:public_id>/reageren/", actions.pin_comment, name="pin-page-comment"),
    path("<pin:public_id>/melden/", actions.pin_report, name="pin-page-report"),
    path(
        "<pin:public_id>/reacties/<int:comment_pk>/melden/",
        actions.comment_report,
        name="comment-page-report",
    ),
    path("<pin:public_id>/foto/<photo:name>.jpg", photos.pin_photo, name="pin-photo"),
    path("<pin:public_id>/bewerken/", edit.pin_edit, name="pin-page-edit"),
    path("<pin:public_id>/intrekken/", edit.pin_withdraw, name="pin-page-withdraw"),
]
