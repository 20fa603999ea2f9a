"""The map page keeps the redesign projects that follow a planned work in its page cache:
a written project shows once its write commits, and the phase (and whether a project is
published at all) follows the clock on every view, without a write."""

import datetime as dt
import json
import re
import time

import pytest
from django.utils import timezone

from maps.models import PlannedWork
from tests.participatie.voting.factories import ProjectFactory, phase_set

pytestmark = pytest.mark.django_db


def works_on_map(client) -> dict:
    html = client.get("/").content.decode()
    raw = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html)
    return json.loads(raw.group(1))["redesigns"]["works"]


def test_a_written_project_shows_on_the_map_once_committed(
    client, django_capture_on_commit_callbacks
):
    work = PlannedWork.objects.order_by("pk").first()
    assert works_on_map(client) == {}  # cached now

    with django_capture_on_commit_callbacks(execute=True):
        project = ProjectFactory(planned_work=work, title="Nieuwe herinrichting")
    assert works_on_map(client)[str(work.pk)]["title"] == "Nieuwe herinrichting"

    with django_capture_on_commit_callbacks(execute=True):
        project.title = "Andere titel"
        project.save()
        phase_set(project, "closed")
    shown = works_on_map(client)[str(work.pk)]
    assert (shown["title"], shown["phase"]) == ("Andere titel", "closed")

    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert works_on_map(client) == {}


def test_publication_and_the_phase_follow_the_clock_without_a_write(client):
    works = list(PlannedWork.objects.order_by("pk")[:2])
    soon = timezone.now() + dt.timedelta(seconds=2)
    opening = ProjectFactory(planned_work=works[0], phase="consultation")
    opening.voting_opens_at = soon
    opening.save()
    publishing = ProjectFactory(planned_work=works[1], phase="consultation")
    publishing.published_at = soon
    publishing.save()

    first = works_on_map(client)  # cached now, before either moment
    assert first[str(works[0].pk)]["phase"] == "consultation"
    assert str(works[1].pk) not in first

    deadline = time.monotonic() + 30
    while timezone.now() < soon + dt.timedelta(milliseconds=50):
        assert time.monotonic() < deadline
        works_on_map(client)
    later = works_on_map(client)
    assert later[str(works[0].pk)]["phase"] == "voting"
    assert later[str(works[1].pk)]["phase"] == "consultation"
