import posixpath
import re

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from participatie.accounts import views as account_views
from participatie.pins.models.photos import PRIVATE_PREFIX

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("participatie.accounts.urls")),
    path("account/", include("participatie.privacy.urls")),
    path("privacy/", account_views.privacy, name="privacy"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include("api.urls")),
    path("tiles/", include("maps.tiles.urls")),
    path("meldingen/", include("participatie.pins.pages.urls")),
    path("werkruimte/", include("participatie.triage.urls")),
    # Residents compare and vote at /herinrichting/; designers work at /ontwerpen/.
    path("herinrichting/", include("participatie.voting.pages.urls")),
    path("ontwerpen/", include("participatie.voting.pages.designer_urls")),
    # The yearly overview of the initiatives (before the pages: "overzicht" is no initiative).
    path("initiatieven/overzicht/", include("participatie.initiatives.overview.urls")),
    # Residents propose and back at /initiatieven/; district teams review under beoordelen/.
    path("initiatieven/", include("participatie.initiatives.pages.urls")),
    path("", include("frontend.urls")),  # /jsi18n/ (the page scripts' words), /favicon.ico
    path("", include("maps.urls")),
]


def media(request, path):
    # Pin photos live under private/ and are served only by the pin photo view, which asks
    # who may see the pin (participatie/pins/pages/photos.py). A web server in front that
    # serves MEDIA_ROOT must refuse private/ the same way (README, Configuration).
    # Normalised as serve() does, so "pins/../private/…" cannot walk around the check.
    if (posixpath.normpath(path).lstrip("/") + "/").startswith(PRIVATE_PREFIX):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    # Uploaded photos (random, unguessable names) for installations without a web server
    # in front; production can serve MEDIA_ROOT itself and set SERVE_MEDIA=0.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.+)$", media, name="media"))

# Problem details (application/problem+json) under /api/ and /tiles/, pages elsewhere; a
# lost database connection is a 503 with Retry-After (participatie/handlers.py).
handler400 = "participatie.handlers.bad_request"
handler403 = "participatie.handlers.permission_denied"
handler404 = "participatie.handlers.page_not_found"
handler500 = "participatie.handlers.server_error"
