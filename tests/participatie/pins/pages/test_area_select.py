"""The list page's area select starts with "the whole municipality": an empty value, named in
the visitor's language and chosen when no area is. Sending the form with it shows every
public pin, with no message about filters that were not understood. The category and status
selects likewise start with "all", chosen until another option is."""

import re
from html.parser import HTMLParser

import pytest

from tests.participatie.factories import UserFactory, pin_create
from tests.participatie.pins.raw import public_ids, raw_pins

pytestmark = pytest.mark.django_db
NOT_UNDERSTOOD = {
    "nl": "Sommige filters werden niet begrepen en zijn genegeerd.",
    "en": "Some filters were not understood and are ignored.",
}


class AreaOptions(HTMLParser):
    """(value, label, selected) of each <option> of the <select name="area"> (or another)."""

    def __init__(self, name: str = "area"):
        super().__init__()
        self.name = name
        self.options: list[list] = []
        self.in_select = False
        self.in_option = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") == self.name:
            self.in_select = True
        elif tag == "option" and self.in_select:
            self.in_option = True
            self.options.append([attrs.get("value"), "", "selected" in attrs])

    def handle_endtag(self, tag):
        if tag == "select":
            self.in_select = False
        if tag == "option":
            self.in_option = False

    def handle_data(self, data):
        if self.in_option:
            self.options[-1][1] += data


def area_options(html: str, name: str = "area") -> list[tuple[str, str, bool]]:
    parser = AreaOptions(name)
    parser.feed(html)
    return [(value, label.strip(), selected) for value, label, selected in parser.options]


def report_count(html: str) -> int:
    [title] = re.findall(r'<h2 id="results-title">([^<]*)</h2>', html)
    return int(re.sub(r"\D", "", title))


@pytest.mark.parametrize("language, label", [("nl", "Hele gemeente"), ("en", "Whole municipality")])
def test_the_first_area_option_is_the_whole_municipality_and_shows_every_pin(
    client, language, label
):
    pin_create(UserFactory(), title="Een melding om te tonen")
    expected = len(public_ids(raw_pins()))
    assert expected > 0

    page = client.get("/meldingen/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    options = area_options(page)
    assert len(options) > 1  # the areas follow
    assert options[0] == ("", label, True)
    assert not any(selected for _value, _label, selected in options[1:])
    # The form sent with that option, as a browser sends it.
    first_value = options[0][0]
    response = client.get("/meldingen/", {"area": first_value}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_UNDERSTOOD[language] not in html
    assert report_count(html) == expected
    assert "Een melding om te tonen" in html
    assert area_options(html)[0] == ("", label, True)


@pytest.mark.parametrize(
    "name, choice, labels",
    [
        ("category", "straat-en-stoep", {"nl": "Alle categorieën", "en": "All categories"}),
        ("status", "new", {"nl": "Alle statussen", "en": "All statuses"}),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_category_and_status_selects_start_with_all_chosen_until_one_is(
    client, name, choice, labels, language
):
    page = client.get("/meldingen/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    options = area_options(page, name)
    assert len(options) > 1
    assert options[0] == ("", labels[language], True)
    assert not any(selected for _value, _label, selected in options[1:])

    page = client.get("/meldingen/", {name: choice}, HTTP_ACCEPT_LANGUAGE=language)
    options = area_options(page.content.decode(), name)
    assert options[0] == ("", labels[language], False)
    assert [value for value, _label, selected in options if selected] == [choice]


def test_the_list_select_reads_one_or_several_values_from_a_query_or_a_plain_dict():
    from django.http import QueryDict

    from participatie.pins.filters import ListAsSelect

    read = ListAsSelect().value_from_datadict
    assert read(QueryDict("status=new&status=done"), {}, "status") == ["new", "done"]
    assert read(QueryDict("status=&status=new"), {}, "status") == ["new"]
    assert read(QueryDict("status="), {}, "status") == []
    assert read(QueryDict(""), {}, "status") == []
    # A filter set made in code (an area page's pins) is given a plain dict.
    assert read({"status": "new"}, {}, "status") == ["new"]
    assert read({"status": ["new", "done"]}, {}, "status") == ["new", "done"]
    assert read({"status": ""}, {}, "status") == []
    assert read({"area": "WK010601"}, {}, "status") == []


def test_an_empty_choice_sent_by_the_form_keeps_all_chosen(client):
    page = client.get("/meldingen/", {"status": ""}).content.decode()
    assert area_options(page, "status")[0] == ("", "Alle statussen", True)
