"""Service errors as API errors: a Django ValidationError becomes a 400 with field messages,
PermissionDenied a 403, a missing or hidden object a 404. Never a 500 for bad input.

Every error leaves as RFC 9457 problem details (participatie/problems.py): the exception
handler below turns DRF's error responses into that shape, with field messages under
`errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from participatie.problems import CONTENT_TYPE, problem, validation_summary


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


class ContentTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def too_large(limit: int) -> ContentTooLarge:
    megabytes = round(limit / 1048576, 1)
    return ContentTooLarge(
        gettext("The request is too large: at most %(mb)s MB.") % {"mb": megabytes}
    )


def problem_exception_handler(exc, context) -> Response | None:
    """DRF's EXCEPTION_HANDLER: DRF's own answer (status, headers such as Retry-After and
    WWW-Authenticate, the rolled-back transaction), in the problem details shape. Anything
    else (None) goes on to Django's handler500 (participatie/handlers.py), which also maps a
    lost database connection to a 503."""
    if isinstance(exc, Http404):
        # Not DRF's "No Pin matches the given query.": it names the model, in English.
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    # DRF wraps a message as {"detail": message}; field errors come as a dict or a list.
    message_only = isinstance(data, dict) and set(data) == {"detail"}
    if isinstance(exc, exceptions.ValidationError) or not message_only:
        errors = data if isinstance(data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: data}
        body = problem(response.status_code, validation_summary(errors), errors=errors)
    else:
        body = problem(response.status_code, data["detail"])
    # JSON also for a browser that asks for HTML: the browsable API would label its page
    # with the problem's media type.
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = CONTENT_TYPE
    response.data = body
    response.content_type = CONTENT_TYPE
    response["Cache-Control"] = "no-store"
    return response


class BodyTooLarge:
    """View mixin: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 problem with a message.

    Django raises RequestDataTooBig when the body is first read, which for a signed-in
    session is already the CSRF check; DRF would pass it on as a bare error page.
    """

    def handle_exception(self, exc):
        if isinstance(exc, RequestDataTooBig):
            exc = too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return super().handle_exception(exc)
