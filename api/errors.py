"""Service errors as API errors: a Django ValidationError becomes a 400 with field messages,
PermissionDenied a 403, a missing or hidden object a 404. Never a 500 for bad input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.settings import api_settings


def validation_detail(exc: DjangoValidationError, rename: dict[str, str] | None = None) -> dict:
    if hasattr(exc, "error_dict"):
        detail = exc.message_dict
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    rename = rename or {}
    return {rename.get(field, field): messages for field, messages in detail.items()}


@contextmanager
def service_errors(rename: dict[str, str] | None = None) -> Iterator[None]:
    """Run a service call; `rename` maps service argument names to API field names."""
    try:
        yield
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(validation_detail(exc, rename)) from None
    except PermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from None
    except ObjectDoesNotExist:
        raise exceptions.NotFound() from None


def too_large(limit: int) -> exceptions.ParseError:
    megabytes = round(limit / 1048576, 1)
    return exceptions.ParseError(
        gettext("The request is too large: at most %(mb)s MB.") % {"mb": megabytes}
    )


class BodyTooLargeIs400:
    """View mixin: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a JSON 400 with a message.

    Django raises RequestDataTooBig when the body is first read, which for a signed-in
    session is already the CSRF check; DRF would pass it on as a bare error page.
    """

    def handle_exception(self, exc):
        if isinstance(exc, RequestDataTooBig):
            exc = too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return super().handle_exception(exc)
