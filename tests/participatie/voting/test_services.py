"""The rules of a redesign vote, through the services and selectors: who may vote, when,
how many options, changing a vote, and the counts. Expected answers come from the raw
coordinates, dates and the ballots the test itself casts."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from maps.models import Area
from participatie.accounts.models import User
from participatie.voting import selectors, services
from participatie.voting.eligibility import resident_eligibility
from participatie.voting.models import Ballot, Participation, RedesignProject
from tests.participatie.factories import DesignerFactory, UserFactory
from tests.participatie.voting.factories import (
    OptionFactory,
    ProjectFactory,
    codes_issue,
    neighbourhood,
    options_of,
    phase_dates,
    phase_set,
    resident_of,
    street_in,
)

pytestmark = pytest.mark.django_db

RESIDENTS = RedesignProject.Eligibility.RESIDENTS
APPROVAL = RedesignProject.Method.APPROVAL


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def error_codes(exc_info, field) -> list[str]:
    return [e.code for e in exc_info.value.error_dict[field]]


def ballots_of(project) -> list[list[int]]:
    return sorted(Ballot.objects.filter(project=project).values_list("choices", flat=True))


def two_neighbours() -> tuple[Area, Area]:
    """A neighbourhood and one that shares a border with it."""
    home = neighbourhood(index=0)
    other = (
        Area.objects.neighbourhoods().exclude(pk=home.pk).filter(geom__touches=home.geom).first()
        or Area.objects.neighbourhoods()
        .exclude(pk=home.pk)
        .filter(geom__intersects=home.geom)
        .first()
    )
    assert other is not None
    return home, other


def residents_project(**kwargs) -> RedesignProject:
    return ProjectFactory(eligibility=RESIDENTS, **kwargs)


# --- eligibility ------------------------------------------------------------------------


def test_a_verified_resident_of_the_area_votes_and_the_ballot_counts_for_their_home():
    home = neighbourhood(index=0)
    project = residents_project(hood=home)
    voter = resident_of(home)
    first, _second = options_of(project)

    receipt = services.vote_cast(project=project, option_ids=[first.pk], user=voter)

    assert receipt.changed is False and len(receipt.receipt) == 14
    ballot = Ballot.objects.get(project=project)
    assert ballot.choices == [first.pk]
    assert ballot.neighbourhood_id == home.pk
    assert Participation.objects.filter(project=project).count() == 1


def test_a_resident_of_a_neighbourhood_outside_the_area_is_told_why():
    home, elsewhere = two_neighbours()
    project = residents_project(hood=home)
    outsider = resident_of(elsewhere)

    eligibility = resident_eligibility(project, outsider)
    assert eligibility.ok is False
    assert home.name in eligibility.reason and elsewhere.name in eligibility.reason
    with pytest.raises(PermissionDenied) as exc:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=outsider)
    assert str(exc.value) == eligibility.reason
    assert not Ballot.objects.filter(project=project).exists()
    assert not Participation.objects.filter(project=project).exists()


def test_several_neighbourhoods_may_form_the_area():
    home, other = two_neighbours()
    project = residents_project(hood=home, eligible_areas=[home, other.code])
    for hood in (home, other):
        services.vote_cast(
            project=project, option_ids=[options_of(project)[0].pk], user=resident_of(hood)
        )
    assert sorted(Ballot.objects.values_list("neighbourhood_id", flat=True)) == sorted(
        [home.pk, other.pk]
    )


def test_a_drawn_area_admits_the_neighbourhoods_it_covers_not_those_it_only_grazes():
    home, neighbour = two_neighbours()
    # Drawn a little wider than the home neighbourhood: it crosses the shared border.
    shape = home.geom.buffer(0.0004)
    assert shape.intersects(neighbour.geom)
    assert not shape.intersects(neighbour.geom.point_on_surface), "pick another pair"
    project = residents_project(hood=home, eligible_areas=[])
    project.eligible_shape = MultiPolygon(
        *(shape if shape.geom_type == "MultiPolygon" else [shape])
    )
    project.save()

    assert resident_eligibility(project, resident_of(home)).ok is True
    grazed = resident_eligibility(project, resident_of(neighbour))
    assert grazed.ok is False
    assert neighbour.name in grazed.reason


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("anonymous", "Log in to vote."),
        ("unverified", "Confirm your e-mail address first: then you can vote."),
        ("no home", "Set your home neighbourhood on your account page to vote."),
    ],
)
def test_who_may_not_vote_as_a_resident_and_what_they_are_told(who, reason):
    from django.contrib.auth.models import AnonymousUser

    home = neighbourhood(index=0)
    project = residents_project(hood=home)
    user = {
        "anonymous": lambda: AnonymousUser(),
        "unverified": lambda: resident_of(home, verified=False),
        "no home": lambda: resident_of(None),
    }[who]()

    assert resident_eligibility(project, user).reason == reason
    with pytest.raises(PermissionDenied) as exc:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=user)
    assert str(exc.value) == reason
    assert not Ballot.objects.filter(project=project).exists()


def test_an_unverified_resident_may_vote_once_the_address_is_confirmed():
    home = neighbourhood(index=0)
    project = residents_project(hood=home)
    voter = resident_of(home, verified=False)
    with pytest.raises(PermissionDenied):
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=voter)
    voter.email_verified_at = timezone.now()
    voter.save()
    services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=voter)
    assert Ballot.objects.filter(project=project).count() == 1


def test_a_code_vote_needs_a_code_even_from_a_resident_of_the_area():
    home = neighbourhood(index=0)
    project = ProjectFactory(hood=home)  # codes
    resident = resident_of(home)
    assert resident_eligibility(project, resident).ok is False
    assert "voting code" in resident_eligibility(project, resident).reason
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=resident)
    assert error_codes(exc, "code") == ["required"]
    assert not Ballot.objects.filter(project=project).exists()


def test_a_resident_vote_ignores_a_code_and_needs_the_account():
    project = residents_project()
    other = ProjectFactory()
    (code,) = codes_issue(other)
    with pytest.raises(PermissionDenied):
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], code=code)


def test_a_code_votes_without_an_account_typed_in_any_case_and_spacing():
    project = ProjectFactory()
    (code,) = codes_issue(project)
    typed = " " + code.replace("-", " ").lower() + " "
    services.vote_cast(project=project, option_ids=[options_of(project)[1].pk], code=typed)
    assert ballots_of(project) == [[options_of(project)[1].pk]]


@pytest.mark.parametrize("which", ["made up", "another project's", "one letter off"])
def test_an_unknown_code_is_refused(which):
    project = ProjectFactory()
    (code,) = codes_issue(project)
    (foreign,) = codes_issue(ProjectFactory())
    typed = {
        "made up": "ABCD-EFGH-JKLM",
        "another project's": foreign,
        "one letter off": ("B" if code[0] != "B" else "C") + code[1:],
    }[which]
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], code=typed)
    assert error_codes(exc, "code") == ["unknown"]
    assert not Ballot.objects.filter(project=project).exists()


def test_a_used_code_is_refused_and_the_first_ballot_stays():
    project = ProjectFactory()
    (code,) = codes_issue(project)
    first, second = options_of(project)
    services.vote_cast(project=project, option_ids=[first.pk], code=code)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(project=project, option_ids=[second.pk], code=code)
    assert error_codes(exc, "code") == ["used"]
    assert ballots_of(project) == [[first.pk]]


def test_codes_are_twelve_characters_from_an_alphabet_without_look_alikes():
    project = ProjectFactory()
    codes = codes_issue(project, 200)
    assert len(set(codes)) == 200
    letters = set("".join(codes).replace("-", ""))
    assert not letters & set("IO01")
    assert all(len(code.replace("-", "")) == 12 for code in codes)
    # 200 codes × 12 characters: every one of the 32 characters turns up.
    assert len(letters) == 32


def test_only_designers_issue_codes():
    project = ProjectFactory()
    with pytest.raises(PermissionDenied):
        services.codes_generate(project=project, by=UserFactory(), addresses=["Straat 1"])
    assert not project.codes.exists()


# --- phases and dates -------------------------------------------------------------------


def test_the_phase_follows_the_dates_including_the_exact_moments():
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    project = ProjectFactory.build(
        published_at=now,
        voting_opens_at=now + 2 * hour,
        voting_closes_at=now + 4 * hour,
        result_published_at=None,
    )
    assert project.phase_at(now - hour) == "draft"  # published in the future
    assert project.phase_at(now) == "consultation"
    assert project.phase_at(now + 2 * hour - dt.timedelta(microseconds=1)) == "consultation"
    assert project.phase_at(now + 2 * hour) == "voting"
    assert project.phase_at(now + 4 * hour - dt.timedelta(microseconds=1)) == "voting"
    assert project.phase_at(now + 4 * hour) == "closed"
    project.result_published_at = now + 5 * hour
    assert project.phase_at(now + 5 * hour - dt.timedelta(microseconds=1)) == "closed"
    assert project.phase_at(now + 5 * hour) == "result"
    project.published_at = None
    assert project.phase_at(now + 5 * hour) == "draft"


@pytest.mark.parametrize(
    ("phase", "code"),
    [
        ("draft", "not_open"),
        ("consultation", "not_open"),
        ("closed", "closed"),
        ("result", "closed"),
    ],
)
def test_votes_outside_the_voting_phase_are_refused(phase, code):
    project = ProjectFactory(phase="consultation")
    (voting_code,) = codes_issue(project)
    phase_set(project, phase)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(
            project=project, option_ids=[options_of(project)[0].pk], code=voting_code
        )
    assert error_codes(exc, "project") == [code]
    assert not Ballot.objects.filter(project=project).exists()
    assert not Participation.objects.filter(project=project).exists()


def test_publishing_needs_two_options_and_starts_the_consultation():
    designer = DesignerFactory()
    project = ProjectFactory(phase="draft", options=1, created_by=designer)
    with pytest.raises(ValidationError) as exc:
        services.project_publish(by=designer, project=project)
    assert "options" in exc.value.error_dict
    assert project.phase == "draft"
    OptionFactory(project=project)
    services.project_publish(by=designer, project=project)
    project.refresh_from_db()
    assert project.phase == "consultation"
    assert project.published_at <= timezone.now()


def test_only_designers_publish():
    project = ProjectFactory(phase="draft")
    with pytest.raises(PermissionDenied):
        services.project_publish(by=UserFactory(), project=project)
    project.refresh_from_db()
    assert project.published_at is None


def test_a_project_published_after_its_opening_date_is_open_for_voting_at_once():
    designer = DesignerFactory()
    project = ProjectFactory(phase="draft", created_by=designer)
    project.voting_opens_at = timezone.now() - dt.timedelta(minutes=1)
    project.save()
    services.project_publish(by=designer, project=project)
    assert project.phase == "voting"


def test_closing_early_ends_voting_and_then_the_result_can_be_published():
    designer = DesignerFactory()
    project = ProjectFactory(created_by=designer)
    codes = codes_issue(project, 2)
    services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], code=codes[0])

    with pytest.raises(ValidationError):
        services.result_publish(by=designer, project=project)  # still voting
    services.voting_close(by=designer, project=project)
    project.refresh_from_db()
    assert project.phase == "closed"
    assert project.voting_closes_at <= timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], code=codes[1])
    assert error_codes(exc, "project") == ["closed"]
    with pytest.raises(ValidationError):
        services.voting_close(by=designer, project=project)  # closed already

    services.result_publish(by=designer, project=project)
    project.refresh_from_db()
    assert project.phase == "result"
    assert Ballot.objects.filter(project=project).count() == 1


@pytest.mark.parametrize("phase", ["draft", "consultation", "result"])
def test_the_result_is_published_only_after_closing(phase):
    designer = DesignerFactory()
    project = ProjectFactory(phase=phase, created_by=designer)
    before = project.result_published_at
    with pytest.raises(ValidationError):
        services.result_publish(by=designer, project=project)
    project.refresh_from_db()
    assert project.result_published_at == before


def _save_args(project: RedesignProject, **changes) -> dict:
    values = {
        "title": project.title,
        "description": project.description,
        "geom": project.geom,
        "eligible_area_codes": list(project.eligible_areas.values_list("code", flat=True)),
        "eligible_shape": project.eligible_shape,
        "method": project.method,
        "eligibility": project.eligibility,
        "allow_vote_change": project.allow_vote_change,
        "voting_opens_at": project.voting_opens_at,
        "voting_closes_at": project.voting_closes_at,
        "planned_work": project.planned_work,
    }
    return {**values, **changes}


@pytest.mark.parametrize(
    "change",
    [
        {"method": "approval"},
        {"eligibility": "residents"},
        {"allow_vote_change": True},
        {"voting_opens_at": "earlier"},
        {"voting_closes_at": "earlier"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_while_voting_the_rules_and_dates_are_fixed(change):
    designer = DesignerFactory()
    project = ProjectFactory(created_by=designer)
    original = RedesignProject.objects.get(pk=project.pk)
    field = next(iter(change))
    value = change[field]
    if value == "earlier":
        value = getattr(project, field) - dt.timedelta(hours=1)
    with pytest.raises(ValidationError) as exc:
        services.project_save(by=designer, project=project, **_save_args(project, **{field: value}))
    assert "project" in exc.value.error_dict
    stored = RedesignProject.objects.get(pk=project.pk)
    assert getattr(stored, field) == getattr(original, field)


def test_while_voting_closing_may_move_later():
    designer = DesignerFactory()
    project = ProjectFactory(created_by=designer)
    later = project.voting_closes_at + dt.timedelta(days=3)
    services.project_save(
        by=designer, project=project, **_save_args(project, voting_closes_at=later)
    )
    assert RedesignProject.objects.get(pk=project.pk).voting_closes_at == later


def test_before_voting_the_rules_may_change():
    designer = DesignerFactory()
    project = ProjectFactory(phase="consultation", created_by=designer)
    services.project_save(
        by=designer, project=project, **_save_args(project, method=APPROVAL, eligibility=RESIDENTS)
    )
    stored = RedesignProject.objects.get(pk=project.pk)
    assert (stored.method, stored.eligibility) == (APPROVAL, RESIDENTS)


@pytest.mark.parametrize("phase", ["closed", "result"])
def test_after_closing_the_project_cannot_change(phase):
    designer = DesignerFactory()
    project = ProjectFactory(phase=phase, created_by=designer)
    with pytest.raises(ValidationError):
        services.project_save(
            by=designer, project=project, **_save_args(project, title="Andere titel")
        )
    assert RedesignProject.objects.get(pk=project.pk).title == project.title


def test_voting_must_close_after_it_opens():
    designer = DesignerFactory()
    now = timezone.now()
    hood = neighbourhood(index=0)
    with pytest.raises(ValidationError) as exc:
        services.project_save(
            by=designer,
            title="Herinrichting Kerkstraat",
            description="Twee ontwerpen.",
            geom=street_in(hood),
            eligible_area_codes=[hood.code],
            voting_opens_at=now + dt.timedelta(days=2),
            voting_closes_at=now + dt.timedelta(days=2),
        )
    assert "voting_closes_at" in exc.value.error_dict
    assert not RedesignProject.objects.filter(title="Herinrichting Kerkstraat").exists()


def test_a_published_option_is_fixed_while_voting_and_a_correction_starts_a_new_version():
    designer = DesignerFactory()
    project = ProjectFactory(created_by=designer)
    first, second = options_of(project)
    codes = codes_issue(project, 2)
    services.vote_cast(project=project, option_ids=[first.pk], code=codes[0])

    with pytest.raises(ValidationError) as exc:
        services.option_save(
            by=designer, project=project, option=first, title="Stiekem anders", description="x"
        )
    assert "project" in exc.value.error_dict
    first.refresh_from_db()
    assert first.title != "Stiekem anders"

    services.options_correct(
        by=designer,
        project=project,
        note="De tekening van ontwerp A had de bomen aan de verkeerde kant.",
        changes=[{"option": first, "title": first.title, "description": "Bomen aan de oostkant."}],
    )
    project.refresh_from_db()
    first.refresh_from_db()
    assert project.version == 2
    assert "verkeerde kant" in project.version_note
    assert (first.version, first.description) == (2, "Bomen aan de oostkant.")
    services.vote_cast(project=project, option_ids=[second.pk], code=codes[1])
    # Each ballot records the version of the options it was cast on.
    assert sorted(Ballot.objects.filter(project=project).values_list("version", flat=True)) == [
        1,
        2,
    ]


@pytest.mark.parametrize("phase", ["closed", "result"])
def test_options_cannot_be_corrected_after_voting_closed(phase):
    designer = DesignerFactory()
    project = ProjectFactory(phase=phase, created_by=designer)
    first = options_of(project)[0]
    with pytest.raises(ValidationError):
        services.options_correct(
            by=designer,
            project=project,
            note="Achteraf aangepast.",
            changes=[{"option": first, "title": "Achteraf", "description": "Achteraf."}],
        )
    project.refresh_from_db()
    first.refresh_from_db()
    assert (project.version, first.title) == (1, "Ontwerp A")


# --- voting methods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "picks",
    [[], [0, 1], [0, 1, 2], ["foreign"], ["not a number"]],
    ids=["none", "two", "three", "another project's option", "garbage"],
)
def test_single_choice_takes_exactly_one_of_its_own_options(picks):
    project = ProjectFactory(options=3)
    (code,) = codes_issue(project)
    options = options_of(project)
    foreign = options_of(ProjectFactory())[0]
    ids = [
        foreign.pk if p == "foreign" else p if isinstance(p, str) else options[p].pk for p in picks
    ]
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(project=project, option_ids=ids, code=code)
    assert "choices" in exc.value.error_dict
    assert not Ballot.objects.filter(project=project).exists()
    # The refused attempt did not use up the code.
    services.vote_cast(project=project, option_ids=[options[2].pk], code=code)
    assert ballots_of(project) == [[options[2].pk]]


@pytest.mark.parametrize("picks", [[0], [1, 2], [0, 1, 2], [2, 2, 0]])
def test_approval_takes_any_number_of_options_at_least_one(picks):
    project = ProjectFactory(method=APPROVAL, options=3)
    (code,) = codes_issue(project)
    options = options_of(project)
    services.vote_cast(project=project, option_ids=[options[i].pk for i in picks], code=code)
    assert ballots_of(project) == [sorted({options[i].pk for i in picks})]


def test_approval_with_nothing_ticked_is_refused():
    project = ProjectFactory(method=APPROVAL, options=3)
    (code,) = codes_issue(project)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(project=project, option_ids=[], code=code)
    assert "choices" in exc.value.error_dict


# --- changing a vote --------------------------------------------------------------------


def test_with_vote_change_on_a_second_vote_replaces_the_first():
    home = neighbourhood(index=0)
    project = residents_project(hood=home, allow_vote_change=True, method=APPROVAL, options=3)
    voter = resident_of(home)
    a, b, c = options_of(project)

    first = services.vote_cast(project=project, option_ids=[a.pk, b.pk], user=voter)
    second = services.vote_cast(project=project, option_ids=[c.pk], user=voter)

    assert (first.changed, second.changed) == (False, True)
    assert ballots_of(project) == [[c.pk]]
    assert Participation.objects.filter(project=project).count() == 1
    assert selectors.ballot_by_receipt(project, first.receipt) is None
    assert selectors.ballot_by_receipt(project, second.receipt).choices == [c.pk]


def test_with_vote_change_on_a_code_may_vote_again_and_still_counts_once():
    project = ProjectFactory(allow_vote_change=True)
    (code,) = codes_issue(project)
    first, second = options_of(project)
    services.vote_cast(project=project, option_ids=[first.pk], code=code)
    services.vote_cast(project=project, option_ids=[second.pk], code=code)
    services.vote_cast(project=project, option_ids=[first.pk], code=code)
    assert ballots_of(project) == [[first.pk]]


def test_with_vote_change_on_other_voters_ballots_are_left_alone():
    home = neighbourhood(index=0)
    project = residents_project(hood=home, allow_vote_change=True)
    first, second = options_of(project)
    one, two = resident_of(home), resident_of(home)
    services.vote_cast(project=project, option_ids=[first.pk], user=one)
    services.vote_cast(project=project, option_ids=[first.pk], user=two)
    services.vote_cast(project=project, option_ids=[second.pk], user=one)
    assert ballots_of(project) == [[first.pk], [second.pk]]


def test_with_vote_change_off_a_second_vote_is_refused_and_the_first_stays():
    home = neighbourhood(index=0)
    project = residents_project(hood=home)
    voter = resident_of(home)
    first, second = options_of(project)
    receipt = services.vote_cast(project=project, option_ids=[first.pk], user=voter)
    with pytest.raises(ValidationError) as exc:
        services.vote_cast(project=project, option_ids=[second.pk], user=voter)
    assert error_codes(exc, "project") == ["already_voted"]
    assert ballots_of(project) == [[first.pk]]
    assert selectors.ballot_by_receipt(project, receipt.receipt).choices == [first.pk]


def test_one_resident_votes_once_in_each_project():
    home = neighbourhood(index=0)
    voter = resident_of(home)
    projects = [residents_project(hood=home) for _ in range(2)]
    for project in projects:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=voter)
    assert [Ballot.objects.filter(project=p).count() for p in projects] == [1, 1]


def test_a_receipt_finds_the_ballot_only_in_its_own_project():
    project, other = ProjectFactory(), ProjectFactory()
    (code,) = codes_issue(project)
    receipt = services.vote_cast(project=project, option_ids=[options_of(project)[1].pk], code=code)
    assert selectors.ballot_by_receipt(project, receipt.receipt.lower()).choices == [
        options_of(project)[1].pk
    ]
    assert selectors.ballot_by_receipt(other, receipt.receipt) is None
    assert selectors.ballot_by_receipt(project, "AAAA-AAAA-AAAA") is None


# --- results and turnout ----------------------------------------------------------------


def test_turnout_with_codes_is_ballots_over_issued_codes():
    project = ProjectFactory()
    codes = codes_issue(project, 7)
    for code in codes[:3]:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], code=code)
    result = selectors.results(project)
    assert (result.ballots, result.eligible) == (3, 7)
    assert result.turnout == pytest.approx(3 / 7)


def _may_vote_as_resident(area: Area) -> int:
    """Accounts that pass the residents' rule with this home: raw fields, counted in Python."""
    return sum(
        1
        for user in User.objects.filter(home_neighbourhood=area)
        if user.is_active and (user.email_verified_at or user.is_staff or user.is_superuser)
    )


def test_turnout_with_residents_is_ballots_over_verified_residents_of_the_area():
    home, other = two_neighbours()
    project = residents_project(hood=home)
    before = _may_vote_as_resident(home)
    voters = [resident_of(home) for _ in range(4)]
    resident_of(home, verified=False)
    resident_of(home, is_active=False)
    resident_of(other)
    resident_of(None)
    for voter in voters[:3]:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=voter)

    result = selectors.results(project)
    assert result.eligible == before + 4
    assert result.ballots == 3
    assert result.turnout == pytest.approx(3 / (before + 4))


def test_turnout_with_a_drawn_area_counts_only_who_may_vote_there():
    home, neighbour = two_neighbours()
    shape = home.geom.buffer(0.0004)
    assert shape.intersects(neighbour.geom)
    assert not shape.intersects(neighbour.geom.point_on_surface)
    project = residents_project(hood=home, eligible_areas=[])
    project.eligible_shape = MultiPolygon(
        *(shape if shape.geom_type == "MultiPolygon" else [shape])
    )
    project.save()
    before = _may_vote_as_resident(home)
    resident_of(home)
    resident_of(neighbour)  # lives in a neighbourhood the drawing only grazes: may not vote

    assert selectors.eligible_count(project) == before + 1


def test_turnout_is_unknown_when_no_one_may_vote():
    # A drawn square far outside every neighbourhood's centre: nobody lives there.
    spot = neighbourhood(index=0).geom.point_on_surface
    tiny = Polygon.from_bbox((spot.x, spot.y, spot.x + 1e-6, spot.y + 1e-6))
    project = residents_project(eligible_areas=[])
    project.eligible_shape = MultiPolygon(tiny, srid=4326)
    project.save()
    result = selectors.results(project)
    assert (result.eligible, result.turnout, result.ballots) == (0, None, 0)


def _three_neighbourhoods() -> tuple[Area, Area, Area]:
    home, other = two_neighbours()
    third = Area.objects.neighbourhoods().exclude(pk__in=[home.pk, other.pk]).order_by("code")[0]
    return home, other, third


def test_results_per_option_and_per_neighbourhood_add_up_from_the_ballots():
    home, other, third = _three_neighbourhoods()
    project = ProjectFactory(hood=home, options=3)
    a, b, c = options_of(project)
    # (where the letter went, what its household chose)
    votes = (
        [(home, a)] * 4
        + [(home, b)] * 2  # 6 ballots
        + [(other, b)] * 3
        + [(other, c)] * 2  # 5 ballots
        + [(third, c)] * 2  # 2 ballots: too few to show on their own
        + [(None, a)]  # a letter without a known neighbourhood
    )
    for hood, choice in votes:
        (code,) = codes_issue(project, hood=hood)
        services.vote_cast(project=project, option_ids=[choice.pk], code=code)
    codes_issue(project, 4)  # letters nobody used

    result = selectors.results(project)
    per_option = Counter(choice.pk for _hood, choice in votes)
    assert (result.ballots, result.eligible) == (14, 18)
    assert [(r.option_id, r.votes) for r in result.options] == [
        (a.pk, per_option[a.pk]),
        (b.pk, per_option[b.pk]),
        (c.pk, per_option[c.pk]),
    ]
    assert per_option == {a.pk: 5, b.pk: 5, c.pk: 4}
    assert [r.share for r in result.options] == pytest.approx([5 / 14, 5 / 14, 4 / 14])
    # Shown on their own: neighbourhoods with 5 or more ballots (home 6, other 5). The rest
    # (third 2 + unknown 1 = 3) would be smaller than 5, and it can be worked out from the
    # total, so the smallest shown neighbourhood (other, 5) joins it: 8 ballots together.
    other_row = "Other neighbourhoods or unknown"
    assert result.ballots_per_neighbourhood == {home.name: 6, other_row: 8}
    assert result.per_neighbourhood == {
        home.name: {a.pk: 4, b.pk: 2},
        other_row: {a.pk: 1, b.pk: 3, c.pk: 4},
    }


def test_results_show_no_neighbourhood_breakdown_when_every_neighbourhood_is_small():
    home, other, _third = _three_neighbourhoods()
    project = ProjectFactory(hood=home)
    a, b = options_of(project)
    for hood, choice in [(home, a), (home, a), (home, b), (other, b), (other, b)]:
        (code,) = codes_issue(project, hood=hood)
        services.vote_cast(project=project, option_ids=[choice.pk], code=code)
    result = selectors.results(project)
    assert result.ballots == 5
    assert (result.per_neighbourhood, result.ballots_per_neighbourhood) == ({}, {})


def test_results_per_neighbourhood_with_every_neighbourhood_large_enough_have_no_rest_row():
    home, other, _third = _three_neighbourhoods()
    project = ProjectFactory(hood=home)
    a, b = options_of(project)
    votes = [(home, a)] * 5 + [(other, b)] * 4 + [(other, a)]
    for hood, choice in votes:
        (code,) = codes_issue(project, hood=hood)
        services.vote_cast(project=project, option_ids=[choice.pk], code=code)
    result = selectors.results(project)
    assert result.ballots_per_neighbourhood == {home.name: 5, other.name: 5}
    assert result.per_neighbourhood == {home.name: {a.pk: 5}, other.name: {b.pk: 4, a.pk: 1}}


def test_approval_results_count_every_tick_and_shares_may_add_up_past_one():
    project = ProjectFactory(method=APPROVAL, options=3)
    a, b, c = options_of(project)
    ballots = [[a, b], [a, b, c], [b], [a]]
    for chosen in ballots:
        (code,) = codes_issue(project)
        services.vote_cast(project=project, option_ids=[o.pk for o in chosen], code=code)
    result = selectors.results(project)
    assert [r.votes for r in result.options] == [3, 3, 1]
    assert [r.share for r in result.options] == pytest.approx([3 / 4, 3 / 4, 1 / 4])
    assert sum(r.share for r in result.options) > 1


def test_results_of_a_changed_vote_count_only_the_last_choice():
    project = ProjectFactory(allow_vote_change=True)
    a, b = options_of(project)
    codes = codes_issue(project, 2)
    services.vote_cast(project=project, option_ids=[a.pk], code=codes[0])
    services.vote_cast(project=project, option_ids=[a.pk], code=codes[1])
    services.vote_cast(project=project, option_ids=[b.pk], code=codes[0])
    result = selectors.results(project)
    assert [(r.votes, r.share) for r in result.options] == [(1, 0.5), (1, 0.5)]
    assert result.ballots == 2


def test_a_project_without_votes_has_zero_results_not_errors():
    project = ProjectFactory()
    codes_issue(project, 2)
    phase_set(project, "closed")
    result = selectors.results(project)
    assert result.ballots == 0 and result.turnout == 0
    assert [r.votes for r in result.options] == [0, 0]
    assert [r.share for r in result.options] == [0.0, 0.0]


def test_phase_dates_helper_matches_the_model():
    # The factory's dates are what the tests above rely on; check them once against raw times.
    now = timezone.now()
    for phase in ("draft", "consultation", "voting", "closed", "result"):
        project = ProjectFactory.build(**phase_dates(phase, now))
        assert project.phase_at(now) == phase
