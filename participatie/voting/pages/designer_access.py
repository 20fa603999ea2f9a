"""The gate of every designer page (/ontwerpen/): the staff gate (log-in, staff role, second
factor), then roles.can_design. Residents and the partners' teams get a page that says why
(403). A designer manages the projects they made; programme administrators all of them."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from participatie.accounts.access import is_staff_member, staff_required
from participatie.accounts.models import User
from participatie.voting import roles
from participatie.voting.models import DesignOption, RedesignProject


def refused(request: HttpRequest) -> HttpResponse:
    context = {"is_staff": is_staff_member(request.user)}
    return render(request, "voting/designer/refused.html", context, status=403)


def designer_view(view):
    """Signed in (else to the log-in page), a verified staff member, and a designer or a
    programme administrator; anyone else is refused kindly."""

    @wraps(view)
    def designing(request, *args, **kwargs):
        if not roles.can_design(request.user):
            return refused(request)
        return view(request, *args, **kwargs)

    gated = staff_required(designing)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not is_staff_member(user):
            return refused(request)
        return gated(request, *args, **kwargs)

    return wrapped


def managed_projects(user):
    """The projects this designer manages: their own; every project for administrators."""
    projects = RedesignProject.objects.all()
    if user.is_superuser or user.role == User.Role.ADMIN:
        return projects
    return projects.filter(created_by=user)


def managed_project(request: HttpRequest, pk: int) -> RedesignProject:
    project = managed_projects(request.user).select_related("planned_work").filter(pk=pk).first()
    if project is None:
        raise Http404("no such project of yours")
    return project


def managed_option(project: RedesignProject, pk: int) -> DesignOption:
    option = project.options.filter(pk=pk).first()
    if option is None:
        raise Http404("no such option in this project")
    option.project = project
    return option


def errors_to_form(form: Form, error: ValidationError, rename: dict[str, str] | None = None):
    """A service's ValidationError on the form's fields (unknown keys: on the form)."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        field = rename.get(key, key)
        form.add_error(field if field in form.fields else None, errors)
