"""Every admin page of every registered model opens on the production server."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.test import RequestFactory
from django.urls import reverse

from tests.production.assets import check_assets

pytestmark = pytest.mark.django_db


def admin_pages(user) -> list[tuple[str, str, int]]:
    """(model, url, expected status) of the changelist, the add page and the change page of
    an existing row, for every model the admin site has."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = []
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append((model.__name__, reverse(f"{name}_changelist"), 200))
        can_add = model_admin.has_add_permission(request)
        pages.append((model.__name__, reverse(f"{name}_add"), 200 if can_add else 403))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        assert obj is not None, f"no {model.__name__} to open: add one in the `people` fixture"
        pages.append((model.__name__, reverse(f"{name}_change", args=[quote(obj.pk)]), 200))
    return pages


def test_every_admin_page_of_every_model_opens_with_its_static_files(production, people):
    pages = admin_pages(people.admin)
    models = {model for model, _, _ in pages}
    assert {"Area", "Pin", "User"} <= models
    session = people.session(people.admin_cookies)
    problems, html = [], {}
    for model, url, expected in pages:
        response = session.get(production.url + url, allow_redirects=False, timeout=60)
        if response.status_code != expected:
            problems.append(f"{model}: {url} answers {response.status_code}, not {expected}")
        elif expected == 200:
            html[url] = response.text
    assert not problems, "\n".join(problems) + "\n" + production.log_text()

    # The map widget's OpenLayers is among the files checked.
    area_page = next(url for model, url, _ in pages if model == "Area" and "/change/" in url)
    assert "/static/dist/vendor/ol/ol." in html[area_page]
    problems = check_assets(session, production.url, html)
    assert not problems, "\n".join(problems)
