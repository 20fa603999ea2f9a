"""What residents do on a pin page: support, comment, report. Plain forms that work
without JavaScript; the support button also answers the page script with JSON."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from participatie.pins import services
from participatie.pins.forms import CommentForm, ReportForm
from participatie.pins.models import Comment, Pin
from participatie.pins.pages.common import (
    form_errors_add,
    message_of,
    participation_refused,
    wants_json,
)
from participatie.pins.pages.ratelimits import over_limit
from participatie.pins.pages.reading import render_pin_page, visible_pin


def _pin_url(pin: Pin, anchor: str = "") -> str:
    return pin.get_absolute_url() + (f"#{anchor}" if anchor else "")


def support_count_text(count: int) -> str:
    return ngettext(
        "%(count)s resident supports this", "%(count)s residents support this", count
    ) % {"count": count}


@require_POST
def pin_support(request: HttpRequest, public_id: str) -> HttpResponse:
    """Add (action=add) or take back (action=remove) the user's support."""
    pin = visible_pin(request, public_id)
    refused = participation_refused(request)
    if refused:
        if wants_json(request):
            return JsonResponse({"error": _("Log in to support this.")}, status=403)
        return refused
    adding = request.POST.get("action") != "remove"
    try:
        if adding:
            services.support_add(pin=pin, user=request.user)
        else:
            services.support_remove(pin=pin, user=request.user)
    except (ValidationError, Pin.DoesNotExist, PermissionDenied) as error:
        text = (
            message_of(error)
            if isinstance(error, ValidationError)
            else _("This pin cannot be supported.")
        )
        if wants_json(request):
            return JsonResponse({"error": text}, status=400)
        messages.error(request, text)
        return redirect(_pin_url(pin, "support"))
    pin.refresh_from_db(fields=["support_count"])
    text = _("You support this now.") if adding else _("You no longer support this.")
    if wants_json(request):
        return JsonResponse(
            {
                "supported": adding,
                "support_count": pin.support_count,
                "count_text": support_count_text(pin.support_count),
                "message": text,
            }
        )
    messages.success(request, text)
    return redirect(_pin_url(pin, "support"))


@require_POST
def pin_comment(request: HttpRequest, public_id: str) -> HttpResponse:
    pin = visible_pin(request, public_id)
    refused = participation_refused(request)
    if refused:
        return refused
    form = CommentForm(request.POST)
    if form.is_valid() and not over_limit(request, "comment_post", form):
        try:
            comment = services.comment_create(
                pin=pin, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form_errors_add(form, error, {})
        except Pin.DoesNotExist:
            form.add_error(None, _("Comments are only possible on public pins."))
        else:
            messages.success(request, _("Your comment has been placed."))
            return redirect(_pin_url(pin, f"comment-{comment.pk}"))
    return render_pin_page(request, pin, comment_form=form, status=400)


def _report(request: HttpRequest, pin: Pin, *, comment: Comment | None = None) -> HttpResponse:
    refused = participation_refused(request)
    if refused:
        return refused
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        target = {"comment": comment} if comment is not None else {"pin": pin}
        try:
            services.report_create(reporter=request.user, **form.cleaned_data, **target)
        except ValidationError as error:
            form_errors_add(form, error, {})
        except (Pin.DoesNotExist, Comment.DoesNotExist):
            form.add_error(None, _("This can no longer be reported."))
        else:
            messages.success(
                request, _("Thank you for reporting this. A moderator will look at it.")
            )
            return redirect(_pin_url(pin))
    context = {"form": form, "pin": pin, "comment": comment}
    return render(request, "pins/report.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def pin_report(request: HttpRequest, public_id: str) -> HttpResponse:
    return _report(request, visible_pin(request, public_id))


@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, public_id: str, comment_pk: int) -> HttpResponse:
    pin = visible_pin(request, public_id)
    comment = get_object_or_404(Comment.objects.visible(), pk=comment_pk, pin=pin)
    return _report(request, pin, comment=comment)
