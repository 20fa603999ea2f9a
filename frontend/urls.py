from django.templatetags.static import static
from django.urls import re_path
from django.utils.cache import patch_cache_control
from django.views.generic import RedirectView

from frontend.jsi18n import javascript_catalog


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on their own, to the icon under its hashed name
    (a temporary redirect: the name changes when the icon does)."""

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=24 * 60 * 60)
        return response


urlpatterns = [
    re_path(
        r"^jsi18n/(?P<language>[a-z]{2}(?:-[a-z0-9]+)?)\.(?P<version>[0-9a-f]{1,64})\.js$",
        javascript_catalog,
        name="javascript-catalog",
    ),
    re_path(r"^favicon\.ico$", FaviconView.as_view(), name="favicon"),
]
