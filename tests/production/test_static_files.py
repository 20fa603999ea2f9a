"""Every static file the code refers to is in the manifest of the collected files.

With the manifest storage, `{% static %}` and a form's Media raise for a file that was not
collected, and the page answers 500: these find such a reference without rendering pages.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

STATIC_TAG = re.compile(r"""{%\s*static\s+(["'])(.+?)\1""")


def template_static_references() -> dict[str, set[str]]:
    """name → templates that name it, from every {% static "name" %} of every template
    folder (the project's and the installed apps')."""
    found: dict[str, set[str]] = {}
    for folder in engines["django"].template_dirs:
        for path in Path(folder).rglob("*"):
            if path.is_file() and path.suffix in (".html", ".txt", ".xml", ".js"):
                for _quote, name in STATIC_TAG.findall(path.read_text(errors="replace")):
                    found.setdefault(name, set()).add(str(path))
    return found


def test_every_static_tag_in_the_templates_names_a_collected_file():
    references = template_static_references()
    project = str(settings.BASE_DIR / "frontend")
    assert any(project in path for paths in references.values() for path in paths)
    missing = []
    for name, templates in sorted(references.items()):
        try:
            staticfiles_storage.url(name)
        except ValueError:
            missing.append(f"{name} (in {', '.join(sorted(templates))})")
    assert not missing, "not collected:\n" + "\n".join(missing)


def _admin_media(model_admin, request):
    media = model_admin.media + model_admin.get_form(request)().media
    if model_admin.action_form:
        media += model_admin.action_form().media
    for inline in model_admin.get_inline_instances(request):
        media += inline.media + inline.get_formset(request)().media
    return media


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_admin_form_asset_is_collected_and_local(language):
    """The widgets' Media of every admin form (map widget, autocomplete with its
    translations per language, ...) resolve in the manifest and come from this site."""
    from participatie.accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(username="media", is_active=True, is_staff=True, is_superuser=True)
    problems, rendered = [], {}
    with translation.override(language):
        for model, model_admin in admin.site._registry.items():
            try:
                html = str(_admin_media(model_admin, request))
            except ValueError as error:
                problems.append(f"{model.__name__}: {error}")
                continue
            rendered[model.__name__] = html
            problems += [
                f"{model.__name__}: {url}" for url in re.findall(r'"(https?:[^"]+)"', html)
            ]
    assert not problems, "\n".join(problems)
    assert re.search(r"/static/dist/vendor/ol/ol\.[0-9a-f]{12}\.js", rendered["Area"])
