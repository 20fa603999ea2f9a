"""What the pin pages share: who may take part, and service errors shown on form fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from participatie.pins import roles


def participation_refused(request: HttpRequest) -> HttpResponse | None:
    """None if the user may post, support, comment and report; else where to go instead:
    the log-in page (and back here afterwards), or their account to confirm the address."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles.can_participate(user):
        messages.error(request, _("Confirm your e-mail address first: then you can take part."))
        return redirect("account")
    return None


def wants_json(request: HttpRequest) -> bool:
    """Forms posted by the page script ask for a JSON answer instead of a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def form_errors_add(form: Form, error: ValidationError, rename: dict[str, str]) -> None:
    """Put a service's ValidationError on the form's fields (unknown keys: on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        field = rename.get(key, key)
        form.add_error(field if field in form.fields else None, errors)


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)
