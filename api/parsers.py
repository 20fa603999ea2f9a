"""Upload limits. Django does not limit the size of uploaded files at all (only of the
other form fields, DATA_UPLOAD_MAX_MEMORY_SIZE): a multipart body larger than what a view
can accept is refused here, before it is read to disk. JSON nested past MAX_JSON_DEPTH
levels is a 400 that says so, not a RecursionError.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext
from rest_framework import exceptions, parsers

from api.errors import too_large
from participatie.guards.nesting import MAX_JSON_DEPTH, TooDeeplyNested, check_depth


def _length(parser_context) -> int:
    meta = parser_context["request"].META
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class LimitedMultiPartParser(parsers.MultiPartParser):
    """Form fields within DATA_UPLOAD_MAX_MEMORY_SIZE, the whole body within `max_bytes()`."""

    def max_bytes(self) -> int | None:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def parse(self, stream, media_type=None, parser_context=None):
        limit = self.max_bytes()
        if limit is not None and _length(parser_context) > limit:
            raise too_large(limit)
        try:
            return super().parse(stream, media_type, parser_context)
        except RequestDataTooBig:
            raise too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) from None


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with nesting past MAX_JSON_DEPTH levels a 400 that says so.

    DRF turns unreadable JSON into a ParseError (400) but lets the RecursionError of a
    body like `[[[[…` (a thousand levels) through as a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            return check_depth(data)
        except (RecursionError, TooDeeplyNested):
            raise too_deep() from None


def too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        gettext("The JSON is nested too deeply: at most %(max)s levels.") % {"max": MAX_JSON_DEPTH}
    )
