"""Ballot secrecy: nothing in the schema, the stored rows, the admin or any page, API or
export ties a person or a voting code to a choice (docs/voting.md)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection, models

from participatie.accounts.models import User
from participatie.voting import keys, selectors, services
from participatie.voting.models import Ballot, Participation, RedesignProject, VotingCode
from tests.participatie.voting.factories import (
    ProjectFactory,
    codes_issue,
    neighbourhood,
    options_of,
    resident_of,
)

RESIDENTS = RedesignProject.Eligibility.RESIDENTS
# What a ballot may hold, and nothing more: which project, what was chosen, the voter's
# neighbourhood (results per neighbourhood), the receipt's hash, the change key where votes
# may change, and the version of the options.
BALLOT_COLUMNS = {
    "id",
    "project_id",
    "choices",
    "neighbourhood_id",
    "receipt_hash",
    "change_key",
    "version",
}
PARTICIPATION_COLUMNS = {"id", "project_id", "voter_key"}
TIME_TYPES = {
    "date",
    "time without time zone",
    "time with time zone",
    "timestamp without time zone",
    "timestamp with time zone",
    "interval",
}


def columns(table: str) -> dict[str, tuple[str, str | None]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type, column_default FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        return {name: (kind, default) for name, kind, default in cursor.fetchall()}


def referenced_tables(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def tables_referring_to(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text FROM pg_constraint "
            "WHERE confrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def triggers_on(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


# --- the schema -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ballot_table_holds_no_voter_no_code_and_no_time():
    table = Ballot._meta.db_table
    found = columns(table)
    assert set(found) == BALLOT_COLUMNS
    assert not {name for name, (kind, _d) in found.items() if kind in TIME_TYPES}
    assert not [name for name, (_k, default) in found.items() if default and "now" in default]
    # It refers to its project and to a neighbourhood, nothing else; nothing refers to it.
    assert referenced_tables(table) == {
        RedesignProject._meta.db_table,
        apps.get_model("maps", "Area")._meta.db_table,
    }
    assert tables_referring_to(table) == set()
    assert triggers_on(table) == []


@pytest.mark.django_db
def test_the_participation_table_holds_only_a_keyed_hash_and_no_time():
    table = Participation._meta.db_table
    found = columns(table)
    assert set(found) == PARTICIPATION_COLUMNS
    assert not {name for name, (kind, _d) in found.items() if kind in TIME_TYPES}
    assert referenced_tables(table) == {RedesignProject._meta.db_table}
    assert tables_referring_to(table) == set()
    assert triggers_on(table) == []


@pytest.mark.django_db
def test_voting_codes_point_to_no_ballot_and_no_participation():
    table = VotingCode._meta.db_table
    assert not {name for name, (kind, _d) in columns(table).items() if kind in TIME_TYPES}
    assert referenced_tables(table) <= {
        RedesignProject._meta.db_table,
        apps.get_model("maps", "Area")._meta.db_table,
    }
    assert tables_referring_to(table) == set()


def _related_models(model) -> set:
    return {
        field.related_model
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model is not None
    }


def test_no_model_relation_joins_a_voter_or_a_code_to_a_ballot():
    identities = {User, VotingCode, Participation}
    assert not _related_models(Ballot) & identities
    for model in identities:
        assert Ballot not in _related_models(model), model
    # Nor does any model point at a ballot (one that did, and at a person too, would be
    # the join): ballots are referred to by nothing at all.
    for model in apps.get_models():
        pointing = {
            field.related_model
            for field in model._meta.get_fields()
            if (field.many_to_one or field.many_to_many or field.one_to_one) and field.concrete
        }
        assert Ballot not in pointing, model


def test_ballots_and_participations_carry_no_date_field():
    time_fields = (models.DateField, models.TimeField, models.DurationField)
    for model in (Ballot, Participation):
        assert not [f.name for f in model._meta.concrete_fields if isinstance(f, time_fields)]


# --- what a stored ballot holds ---------------------------------------------------------


@pytest.mark.django_db
def test_with_vote_change_off_a_ballot_has_no_change_key():
    home = neighbourhood(index=0)
    project = ProjectFactory(eligibility=RESIDENTS, hood=home)
    voter = resident_of(home)
    services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], user=voter)
    ballot = Ballot.objects.get(project=project)
    assert ballot.change_key is None
    # The participation holds the keyed hash, not the account: neither its id nor its
    # e-mail address nor the hash of the ballot's own keys.
    participation = Participation.objects.get(project=project)
    assert participation.voter_key == keys.voter_key(project.pk, keys.resident_identity(voter))
    stored = " ".join(
        str(v) for v in Participation.objects.filter(project=project).values_list()[0]
    )
    for trace in (voter.email, voter.username, f"resident:{voter.pk}"):
        assert trace not in stored


@pytest.mark.django_db
def test_keys_differ_per_project_and_purpose():
    identity = keys.code_identity("ABCD-EFGH-JKLM")
    assert keys.voter_key(1, identity) != keys.voter_key(2, identity)
    assert keys.voter_key(1, identity) != keys.change_key(1, identity)
    assert keys.code_hash(1, "ABCD-EFGH-JKLM") not in {keys.voter_key(1, identity)}


@pytest.mark.django_db
def test_with_vote_change_on_the_change_key_is_a_different_hash_from_the_voter_key():
    project = ProjectFactory(allow_vote_change=True)
    (code,) = codes_issue(project)
    services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], code=code)
    ballot = Ballot.objects.get(project=project)
    participation = Participation.objects.get(project=project)
    assert ballot.change_key and participation.voter_key
    assert ballot.change_key != participation.voter_key
    assert code.replace("-", "") not in ballot.change_key + participation.voter_key


# --- what PostgreSQL itself keeps (transactional: each vote commits on its own) ----------


def xmins(table: str, project: RedesignProject) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE project_id = %s", [project.pk])
        return [row[0] for row in cursor.fetchall()]


def physical_order(project: RedesignProject) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT receipt_hash FROM {Ballot._meta.db_table} WHERE project_id = %s ORDER BY ctid",
            [project.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_code_vote_leaves_the_code_row_untouched(assen_db):
    """A row written in the ballot's transaction would carry its transaction id (xmin): the
    household's address would then point at the choice without any key."""
    project = ProjectFactory()
    codes = codes_issue(project, 5)
    before = dict(VotingCode.objects.filter(project=project).values_list("pk", "address"))
    code_xmins = set(xmins(VotingCode._meta.db_table, project))
    for code, option in zip(codes[:3], [0, 1, 1], strict=True):
        services.vote_cast(project=project, option_ids=[options_of(project)[option].pk], code=code)

    assert set(xmins(VotingCode._meta.db_table, project)) == code_xmins
    assert not set(xmins(Ballot._meta.db_table, project)) & code_xmins
    assert dict(VotingCode.objects.filter(project=project).values_list("pk", "address")) == before


def test_sealing_at_close_removes_the_traces_that_tie_a_participation_to_its_ballot(assen_db):
    home = neighbourhood(index=0)
    project = ProjectFactory(eligibility=RESIDENTS, hood=home, allow_vote_change=True, options=3)
    designer = project.created_by
    voters = [resident_of(home) for _ in range(12)]
    options = options_of(project)
    receipts = []
    for n, voter in enumerate(voters):
        chosen = options[n % 3]
        receipts.append(
            (
                services.vote_cast(project=project, option_ids=[chosen.pk], user=voter),
                chosen.pk,
            )
        )
    # While voting is open, each participation shares its transaction id with one ballot:
    # the trace docs/voting.md describes, and the reason for sealing.
    ballot_xmins = xmins(Ballot._meta.db_table, project)
    participation_xmins = xmins(Participation._meta.db_table, project)
    assert len(set(ballot_xmins)) == 12
    assert set(ballot_xmins) == set(participation_xmins)
    assert all(Ballot.objects.filter(project=project).values_list("change_key", flat=True))
    insertion_order = physical_order(project)
    before = selectors.results(project)

    services.voting_close(by=designer, project=project)

    assert len(set(xmins(Ballot._meta.db_table, project))) == 1
    assert len(set(xmins(Participation._meta.db_table, project))) == 1
    assert not set(xmins(Ballot._meta.db_table, project)) & set(participation_xmins)
    assert set(Ballot.objects.filter(project=project).values_list("change_key", flat=True)) == {
        None
    }
    # Shuffled: 12 ballots keep their order by chance once in 12! (4.8e8) closings.
    assert sorted(physical_order(project)) == sorted(insertion_order)
    assert physical_order(project) != insertion_order
    # Nothing a voter or the result depends on changed.
    for receipt, chosen in receipts:
        assert selectors.ballot_by_receipt(project, receipt.receipt).choices == [chosen]
    after = selectors.results(project)
    assert [(r.option_id, r.votes) for r in after.options] == [
        (r.option_id, r.votes) for r in before.options
    ]
    assert after.ballots == 12 and Participation.objects.filter(project=project).count() == 12


def test_publishing_the_result_seals_a_vote_that_closed_by_its_date(assen_db):
    from tests.participatie.voting.factories import phase_set

    project = ProjectFactory()
    codes = codes_issue(project, 4)
    for code in codes:
        services.vote_cast(project=project, option_ids=[options_of(project)[0].pk], code=code)
    assert len(set(xmins(Ballot._meta.db_table, project))) == 4
    phase_set(project, "closed")

    services.result_publish(by=project.created_by, project=project)

    assert len(set(xmins(Ballot._meta.db_table, project))) == 1
    assert len(set(xmins(Participation._meta.db_table, project))) == 1
    project.refresh_from_db()
    assert project.phase == "result"


# --- the admin --------------------------------------------------------------------------


@pytest.fixture
def programme_admin(client):
    from tests.participatie.accounts.otp import login_staff
    from tests.participatie.factories import AdminFactory

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return login_staff(client, AdminFactory())


def _voted_project(**kwargs):
    """A project with three code votes (two for option A), and its ballots' stored keys."""
    project = ProjectFactory(allow_vote_change=True, **kwargs)
    a, b = options_of(project)
    codes = codes_issue(project, 3, hood=neighbourhood(index=0))
    receipts = [
        services.vote_cast(project=project, option_ids=[choice.pk], code=code).receipt
        for code, choice in zip(codes, [a, a, b], strict=True)
    ]
    return project, codes, receipts


@pytest.mark.django_db
def test_the_admin_lists_no_participations(programme_admin):
    project, _codes, _receipts = _voted_project()
    assert programme_admin.get("/admin/voting/participation/").status_code == 404
    index = programme_admin.get("/admin/voting/").content.decode()
    assert "/admin/voting/ballot/" in index
    assert "participation" not in index.lower()
    # Only how many voted, on the project's page.
    page = programme_admin.get(f"/admin/voting/redesignproject/{project.pk}/change/")
    assert page.status_code == 200
    assert "Shown once voting has closed." in page.content.decode()


@pytest.mark.django_db
def test_the_admin_shows_no_ballot_while_voting_is_open(programme_admin):
    project, _codes, _receipts = _voted_project()
    listing = programme_admin.get(f"/admin/voting/ballot/?project__id__exact={project.pk}")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    ballot = Ballot.objects.filter(project=project).first()
    assert programme_admin.get(f"/admin/voting/ballot/{ballot.pk}/change/").status_code == 302


@pytest.mark.django_db
def test_after_closing_the_admin_shows_ballots_without_keys_and_read_only(programme_admin):
    from tests.participatie.voting.factories import phase_set

    project, codes, receipts = _voted_project()
    stored_keys = list(
        Ballot.objects.filter(project=project).values_list("receipt_hash", "change_key")
    )
    phase_set(project, "closed")

    listing = programme_admin.get(f"/admin/voting/ballot/?project__id__exact={project.pk}")
    html = listing.content.decode()
    assert listing.context["cl"].result_count == 3
    assert html.count("Ontwerp A") >= 2 and "Ontwerp B" in html
    ballot = Ballot.objects.filter(project=project).first()
    detail = programme_admin.get(f"/admin/voting/ballot/{ballot.pk}/change/")
    assert detail.status_code == 200
    page = html + detail.content.decode()
    for receipt_hash, change_key in stored_keys:
        assert receipt_hash not in page and change_key not in page
    for secret in codes + receipts:
        assert secret not in page and secret.replace("-", "") not in page
    # Nothing can be added, changed or deleted by hand.
    assert programme_admin.get("/admin/voting/ballot/add/").status_code == 403
    assert programme_admin.post(f"/admin/voting/ballot/{ballot.pk}/delete/").status_code == 403
    assert (
        programme_admin.post(
            f"/admin/voting/ballot/{ballot.pk}/change/", {"version": 9}
        ).status_code
        == 403
    )
    assert Ballot.objects.filter(project=project).count() == 3
    # The project's page: the counts, and no way to delete a vote that took place.
    page = programme_admin.get(f"/admin/voting/redesignproject/{project.pk}/change/")
    assert "Ontwerp A: 2 (67%)" in page.content.decode()
    assert (
        programme_admin.post(
            f"/admin/voting/redesignproject/{project.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert RedesignProject.objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
def test_the_admin_lists_letters_without_codes_or_whether_they_were_used(programme_admin):
    project, codes, _receipts = _voted_project()
    listing = programme_admin.get(f"/admin/voting/votingcode/?project__id__exact={project.pk}")
    html = listing.content.decode()
    assert listing.context["cl"].result_count == 3
    assert "Teststraat 1, Assen" in html
    for code in codes:
        assert code not in html and code.replace("-", "") not in html
    assert "used" not in html.lower().replace("unused", "")
    code = VotingCode.objects.filter(project=project).first()
    assert programme_admin.post(f"/admin/voting/votingcode/{code.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_a_programme_admin_closes_voting_through_the_service(programme_admin):
    project, _codes, _receipts = _voted_project()
    response = programme_admin.post(
        "/admin/voting/redesignproject/",
        {"action": "close_voting", "_selected_action": [project.pk]},
        follow=True,
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.phase == "closed"
    # Sealed: the change keys are gone.
    assert set(Ballot.objects.filter(project=project).values_list("change_key", flat=True)) == {
        None
    }


# --- every page, API answer and export ---------------------------------------------------


ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _routes() -> list[str]:
    """Every route of the voting pages, the designers' pages and the voting API."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return [
        route
        for route in walk(get_resolver().url_patterns)
        if route.startswith(("herinrichting/", "ontwerpen/", "api/v1/public/redesigns/"))
    ]


def _admin_paths(objects: dict) -> list[str]:
    from django.contrib import admin

    paths = []
    for model in admin.site._registry:
        if model._meta.app_label != "voting":
            continue
        base = f"/admin/voting/{model._meta.model_name}/"
        paths.append(base)
        for obj in objects.get(model, []):
            paths.append(f"{base}{obj.pk}/change/")
    return paths


def _crawl(client, who: str, project_params: list[dict], objects: dict, traces) -> list[str]:
    """GET every route with every project's parameters; fail on a 500 or on a trace."""
    seen = []
    paths = []
    for route in _routes():
        for params in project_params:
            names = ROUTE_PARAM.findall(route)
            if not all(name in params for name in names):
                continue
            paths.append("/" + ROUTE_PARAM.sub(lambda m, p=params: str(p[m.group(1)]), route))
    paths += _admin_paths(objects)
    paths += ["/", "/herinrichting/"]
    for path in dict.fromkeys(paths):
        response = client.get(path)
        assert response.status_code < 500, (who, path, response.status_code)
        if response.status_code != 200:
            continue
        body = b"".join(response) if response.streaming else response.content
        text = body.decode(errors="replace")
        lowered = text.lower()
        for trace in traces:
            assert trace.lower() not in lowered, (who, path, trace)
        seen.append(path)
    return seen


@pytest.mark.django_db
def test_no_page_api_answer_or_export_shows_who_voted_or_with_which_code(client, media_root):
    from tests.participatie.accounts.otp import login_staff
    from tests.participatie.factories import AdminFactory
    from tests.participatie.voting.factories import phase_set

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    home = neighbourhood(index=0)
    by_account = ProjectFactory(eligibility=RESIDENTS, hood=home, allow_vote_change=True)
    by_code = ProjectFactory(hood=home)
    designer = by_account.created_by
    by_code.created_by = designer
    by_code.save()
    codes = codes_issue(by_code, 3, hood=home)
    voters = [
        resident_of(home, display_name=f"Stemmer Zichtbaar {n}", username=f"stemmer-{n}")
        for n in range(2)
    ]
    receipts = []
    for n, voter in enumerate(voters):
        option = options_of(by_account)[n]
        receipts.append(services.vote_cast(project=by_account, option_ids=[option.pk], user=voter))
    for n, code in enumerate(codes[:2]):
        option = options_of(by_code)[n]
        receipts.append(services.vote_cast(project=by_code, option_ids=[option.pk], code=code))

    traces = [v.email for v in voters] + [v.username for v in voters]
    traces += [v.display_name for v in voters]
    traces += codes + [c.replace("-", "") for c in codes]
    traces += [r.receipt for r in receipts] + [r.receipt.replace("-", "") for r in receipts]
    for project in (by_account, by_code):
        traces += list(
            Participation.objects.filter(project=project).values_list("voter_key", flat=True)
        )
        for receipt_hash, change_key in Ballot.objects.filter(project=project).values_list(
            "receipt_hash", "change_key"
        ):
            traces += [receipt_hash] + ([change_key] if change_key else [])
        traces += list(
            VotingCode.objects.filter(project=project).values_list("code_hash", flat=True)
        )

    def params(project):
        return {"slug": project.slug, "pk": project.pk, "option_pk": options_of(project)[0].pk}

    def objects():
        return {
            RedesignProject: [by_account, by_code],
            Ballot: list(Ballot.objects.all()),
            VotingCode: list(VotingCode.objects.all()),
        }

    sessions = {
        "anonymous": lambda c: c,
        "a resident who did not vote": lambda c: (c.force_login(resident_of(home)), c)[1],
        "the designer": lambda c: login_staff(c, designer),
        "a programme administrator": lambda c: login_staff(c, AdminFactory()),
    }
    crawled = set()
    for phase in ("voting", "result"):
        if phase == "result":
            for project in (by_account, by_code):
                phase_set(project, "closed")
                services.result_publish(by=designer, project=project)
        for name, log_in in sessions.items():
            client.logout()
            seen = _crawl(
                log_in(client), name, [params(by_account), params(by_code)], objects(), traces
            )
            crawled |= set(seen)
    # The crawl reached the pages that matter (a crawl of nothing proves nothing).
    for path in (
        f"/herinrichting/{by_account.slug}/",
        f"/api/v1/public/redesigns/{by_code.slug}/results/",
        f"/ontwerpen/{by_code.pk}/uitslag/",
        f"/ontwerpen/{by_code.pk}/uitslag.csv",
        "/admin/voting/ballot/",
    ):
        assert path in crawled, path
    assert len(crawled) >= 25


@pytest.mark.django_db
def test_published_results_show_no_neighbourhood_where_few_voted(client):
    """In a neighbourhood where three people voted, a row of its own would tell anyone who
    knows they voted what they chose: the page and the API pool it with the rest."""
    from tests.participatie.voting.factories import phase_set

    big, medium, small = (neighbourhood(index=i) for i in (0, 1, 2))
    project = ProjectFactory(hood=big)
    a, b = options_of(project)
    for hood, count in ((big, 6), (medium, 5), (small, 3)):
        for code in codes_issue(project, count, hood=hood):
            services.vote_cast(project=project, option_ids=[a.pk], code=code)
    phase_set(project, "closed")
    services.result_publish(by=project.created_by, project=project)

    api = client.get(f"/api/v1/public/redesigns/{project.slug}/results/").json()
    names = [row["neighbourhood"] for row in api["per_neighbourhood"]]
    # Shown: the one with 6. The small one (3) would leave a rest of 3, so the next
    # smallest (5) joins it: one row for the other 8.
    assert len(names) == 2 and big.name in names
    assert small.name not in names and medium.name not in names
    assert sum(row["ballots"] for row in api["per_neighbourhood"]) == 14
    page = client.get(f"/herinrichting/{project.slug}/").content.decode()
    result = page[page.index('id="result"') :]
    assert big.name in result
    assert small.name not in result and medium.name not in result
