"""Upload limits. Django does not limit the size of uploaded files at all (only of the
other form fields, DATA_UPLOAD_MAX_MEMORY_SIZE): a multipart body larger than what a view
can accept is refused here, before it is read to disk.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import parsers

from api.errors import too_large


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
