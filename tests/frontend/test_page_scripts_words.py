"""The page scripts' words: Django's JavaScript catalog (djangojs), linked from every page
under an address that changes with its content, so browsers may keep it for a year."""

import re

import pytest

pytestmark = pytest.mark.django_db

CATALOG = re.compile(r'<script defer src="(/jsi18n/(\w+)\.(\w+)\.js)"></script>')


def catalog_of(client, **headers):
    html = client.get("/gebieden/", **headers).content.decode()
    match = CATALOG.search(html)
    assert match, "no catalog script on the page"
    return match.groups()


def test_every_page_links_the_catalog_in_its_language_before_the_page_script(client):
    html = client.get("/").content.decode()
    assert html.index('src="/jsi18n/nl.') < html.index(
        '<script type="module" src="/static/dist/map.'
    )
    url, language, _ = catalog_of(client)
    assert language == "nl"

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    # Dutch words of the map (from djangojs.po), and the plural of the list's status.
    assert '"Zoom in": "Inzoomen"' in body
    assert '"%(count)s report in view": [' in body
    assert "meldingen in beeld" in body
    # Only the project's own catalog, not the admin's words.
    assert "Show all" not in body and "Alles tonen" not in body


def test_the_english_catalog_has_its_own_address_and_no_dutch(client):
    nl_url, _, _ = catalog_of(client)
    en_url, language, _ = catalog_of(client, HTTP_ACCEPT_LANGUAGE="en")
    assert language == "en" and en_url != nl_url

    body = client.get(en_url).content.decode()

    assert "Inzoomen" not in body and "in beeld" not in body
    # The address alone decides the language, not the visitor's settings.
    assert "Inzoomen" in client.get(nl_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_catalog_is_kept_for_a_year_under_its_current_address_only(client):
    url, language, version = catalog_of(client)

    current = client.get(url)
    old = client.get(f"/jsi18n/{language}.{'0' * len(version)}.js")

    assert "max-age=31536000" in current["Cache-Control"]
    assert "immutable" in current["Cache-Control"]
    assert "public" in current["Cache-Control"]
    # A page from before a deploy still gets the words, but they are not kept.
    assert old.status_code == 200
    assert old.content == current.content
    assert "max-age=0" in old["Cache-Control"]
    assert client.get(f"/jsi18n/xx.{version}.js").status_code == 404


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    icon = response["Location"]
    assert icon.startswith("/static/") and icon.endswith(".ico")
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/favicon\.\w*\.?svg"', html)
