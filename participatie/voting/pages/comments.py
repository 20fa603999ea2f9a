"""Residents comment on a redesign during its consultation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participatie.voting import services
from participatie.voting.pages.forms import CommentForm
from participatie.voting.pages.projects import render_project_page, visible_project
from participatie.voting.pages.ratelimits import comment_over_limit


@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    project = visible_project(request, slug)
    page = reverse("redesign-page", args=[project.slug])
    if not request.user.is_authenticated:
        return redirect_to_login(page + "#comments")
    if not request.user.can_participate:
        messages.error(request, _("Confirm your e-mail address first: then you can take part."))
        return redirect("account")
    form = CommentForm(request.POST)
    if form.is_valid() and not comment_over_limit(request, form):
        try:
            created = services.comment_create(
                project=project, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your comment has been placed."))
            return redirect(f"{page}#comment-{created.pk}")
    return render_project_page(request, project, comment_form=form, status=400)
