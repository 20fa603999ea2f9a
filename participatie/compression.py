"""gzip for the site's own answers: pages, API JSON, GeoJSON.

Django's GZipMiddleware, which since 4.2 adds a random number of bytes to every compressed
answer ("Heal the Breach"), so the length of an answer no longer tells an observer how
well a guess matched a secret on the page (BREACH). Pages carry a CSRF token; Django masks
it afresh for every answer, so it never repeats as the same bytes an attacker could match
against, and the session cookie is SameSite=Lax. README ("Performance") says why this is
enough to compress pages with a token too.

Left alone: answers that already say how they are encoded (vector tiles are cached and sent
gzip-compressed by maps/tiles), static files (whitenoise, above this middleware, serves the
`.gz` copies `collectstatic` wrote), and media types that are compressed by their nature
(photos, zip exports), where gzip would cost time and win nothing.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware

COMPRESSED_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif", "application/zip")


class GZipMiddleware(DjangoGZipMiddleware):
    def process_response(self, request, response):
        media_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if media_type in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
