"""The words of the page scripts: Django's JavaScript catalog (domain "djangojs", from
locale/*/LC_MESSAGES/djangojs.po), loaded by base.html before the page bundle.

The catalog changes only with a deploy. It is built once per language and process, and its
address carries the language and a hash of its content (/jsi18n/nl.3f2a…js): the answer
depends on the address alone, so browsers and proxies keep it for a year, and a deploy that
changes a translation changes the address.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

YEAR = 365 * 24 * 60 * 60
# Only the project's own catalog (LOCALE_PATHS): not the admin's or other apps' strings.
PACKAGES = ["frontend"]

_built: dict[str, tuple[bytes, str]] = {}


def _catalog(language: str) -> tuple[bytes, str]:
    """(JavaScript, version) of the catalog in `language`. What JavaScriptCatalog.get()
    does, without a request: the error pages render base.html without one."""
    if language not in _built or settings.DEBUG:
        with translation.override(language):
            view = JavaScriptCatalog(packages=PACKAGES)
            paths = view.get_paths(PACKAGES)
            view.translation = DjangoTranslation(language, domain=view.domain, localedirs=paths)
            content = view.render_to_response(view.get_context_data()).content
        _built[language] = (content, hashlib.sha256(content).hexdigest()[:12])
    return _built[language]


def catalog_url() -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    _, version = _catalog(language)
    return reverse("javascript-catalog", kwargs={"language": language, "version": version})


def javascript_catalog(request: HttpRequest, language: str, version: str) -> HttpResponse:
    if language not in dict(settings.LANGUAGES):
        raise Http404("unknown language")
    content, current = _catalog(language)
    response = HttpResponse(content, content_type="text/javascript; charset=utf-8")
    response["ETag"] = f'"{current}"'
    if version == current:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        # A page from before a deploy: the current words, but not kept under the old name.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response
