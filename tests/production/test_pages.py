"""Every page of the site answers on the production server, with all its static files."""

import re

import pytest

from tests.production.assets import check_assets

# The server reads what the session committed; the marker sets up the test database.
pytestmark = pytest.mark.django_db

ANONYMOUS = [
    "/",
    "/gebieden/",
    "/meldingen/",
    "/account/aanmelden/",
    "/account/aanmelden/verzonden/",
    "/account/inloggen/",
    "/account/wachtwoord-vergeten/",
    "/account/wachtwoord-vergeten/verzonden/",
    "/account/bevestigen/opnieuw/",
    "/account/privacy/",
    "/privacy/",
    "/api/docs/",
]
SIGNED_IN = [
    "/meldingen/nieuw/",
    "/meldingen/mijn/",
    "/account/",
    "/account/wachtwoord-wijzigen/",
    "/account/verwijderen/",
]


def _first_link(html: str, pattern: str) -> str:
    found = re.search(rf'href="({pattern})"', html)
    assert found, f"no link like {pattern}"
    return found.group(1)


def test_every_page_answers_and_every_static_file_it_loads_is_served(production, people):
    anonymous, resident = people.session(), people.session(people.resident_cookies)
    pages, problems = {}, []

    def visit(session, path):
        response = session.get(production.url + path, allow_redirects=False, timeout=30)
        if response.status_code != 200:
            problems.append(f"{path} answers {response.status_code}")
        pages[path] = response.text
        return response.text

    for path in ANONYMOUS:
        visit(anonymous, path)
    assert not problems, "\n".join(problems) + "\n" + production.log_text()
    # An area and a pin, reached the way a visitor reaches them: from the lists.
    visit(anonymous, _first_link(pages["/gebieden/"], r"/gebieden/[A-Z]{2}\d+/"))
    visit(anonymous, _first_link(pages["/meldingen/"], r"/meldingen/[a-z2-7]+/"))
    for path in SIGNED_IN:
        visit(resident, path)
    assert not problems, "\n".join(problems) + "\n" + production.log_text()

    # Signed in for real: the pages show the resident, not a log-in form.
    assert people.resident.display_name in pages["/account/"]
    schema = anonymous.get(production.url + "/api/schema/", timeout=30)
    assert schema.status_code == 200
    assert schema.text.startswith("openapi:")

    problems = check_assets(anonymous, production.url, pages)
    assert not problems, "\n".join(problems)
    # The bundles of the map page are among what was checked (served under hashed names).
    assert re.search(r'src="/static/dist/map\.[0-9a-f]{12}\.js"', pages["/"])
