"""The district's team reviews: questions to the organisers (a thread both write in), the
checklist, and the decision. A grant draws from the district's allocation of the year's
budget under a row lock; the allocation's CHECK constraint refuses any overspending, so two
grants at the same time never spend more than was allocated."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from maps.partners.models import Partner
from participatie.initiatives import roles
from participatie.initiatives.models import (
    Backing,
    ChecklistItem,
    ChecklistTick,
    Decision,
    DistrictAllocation,
    Initiative,
    PartnerContribution,
    ReviewQuestion,
)
from participatie.initiatives.services._common import (
    Errors,
    fail,
    initiative_url,
    locked,
    mail_on_commit,
    organisers_of,
    review_check,
    status_check,
    text_clean,
)
from participatie.initiatives.threshold import progress

TEXT_MAX = 4000
DECIDABLE = (Initiative.Status.BACKING, Initiative.Status.REVIEW)


def euros(cents: int) -> str:
    """€ 1.234,50 (Dutch notation, for messages and mails)."""
    whole, rest = divmod(int(cents), 100)
    return "€ " + f"{whole:,}".replace(",", ".") + f",{rest:02d}"


def question_ask(*, initiative: Initiative, by, text: str) -> ReviewQuestion:
    """A message in the review thread: from the district's team (mailed to the organisers)
    or from an organiser (an answer). Closed once the initiative is decided."""
    from_team = roles.can_review(by, initiative)
    if not from_team and not roles.is_organiser(by, initiative):
        review_check(by, initiative)
    errors = Errors()
    text = text_clean(errors, "text", text, max_length=TEXT_MAX, required=True)
    errors.raise_if_any()
    status_check(
        initiative,
        (Initiative.Status.SUBMITTED, *DECIDABLE),
        _("The review is closed: the initiative is %(status)s."),
        "closed",
    )
    question = ReviewQuestion.objects.create(
        initiative=initiative, author=by, from_team=from_team, text=text
    )
    if from_team:
        mail_on_commit(
            "question",
            organisers_of(initiative),
            {"title": initiative.title, "url": initiative_url(initiative), "text": text},
        )
    return question


def checklist_tick(*, initiative: Initiative, item: ChecklistItem, by, ticked: bool = True) -> None:
    """Tick (or untick) one point of the programme's checklist: the district's team."""
    review_check(by, initiative)
    if item.programme_id != initiative.programme_id or not item.is_active:
        fail("item", _("This point is not on this programme's checklist."), "invalid_choice")
    if ticked:
        ChecklistTick.objects.get_or_create(
            initiative=initiative, item=item, defaults={"ticked_by": by}
        )
    else:
        ChecklistTick.objects.filter(initiative=initiative, item=item).delete()


def _amounts_clean(errors: Errors, initiative: Initiative, outcome: str, granted) -> dict[int, int]:
    """The granted amount per budget line id."""
    lines = {line.pk: line for line in initiative.budget_lines.all()}
    if outcome == Decision.Outcome.DECLINED:
        return dict.fromkeys(lines, 0)
    if not lines:  # only people or means asked: nothing to grant in money
        return {}
    if outcome == Decision.Outcome.GRANTED and not granted:
        return {pk: line.amount_cents for pk, line in lines.items()}
    if not isinstance(granted, dict):
        errors.add("granted", _("Give the amount granted for each budget line."), "required")
        return {}
    amounts: dict[int, int] = {}
    for key, value in granted.items():
        try:
            pk = int(key)
            cents = int(value)
        except (TypeError, ValueError):
            errors.add("granted", _("Give amounts in whole cents."), "invalid_amount")
            continue
        line = lines.get(pk)
        if line is None:
            errors.add(
                "granted",
                _("Budget line %(line)s is not part of this initiative."),
                "unknown_line",
                line=key,
            )
        elif not 0 <= cents <= line.amount_cents:
            errors.add(
                "granted",
                _("“%(line)s”: grant between € 0 and the %(asked)s asked."),
                "out_of_range",
                line=line.description,
                asked=euros(line.amount_cents),
            )
        else:
            amounts[pk] = cents
    if errors:
        return {}
    amounts = {pk: amounts.get(pk, 0) for pk in lines}
    full = all(amounts[pk] == line.amount_cents for pk, line in lines.items())
    if outcome == Decision.Outcome.GRANTED and not full:
        errors.add(
            "granted",
            _("Granted in full means every line in full; or choose partly granted."),
            "not_full",
        )
    if outcome == Decision.Outcome.PARTLY and lines and full:
        errors.add("granted", _("Everything asked is granted: choose granted in full."), "full")
    return amounts


def _contributions_clean(errors: Errors, contributions) -> list[dict]:
    clean = []
    for number, item in enumerate(contributions or (), start=1):
        if not isinstance(item, dict):
            errors.add("contributions", _("Each contribution needs its fields."), "invalid")
            continue
        partner = item.get("partner")
        if not isinstance(partner, Partner):
            partner = Partner.objects.filter(slug=str(partner or "")).first()
        if partner is None:
            errors.add(
                "contributions",
                _("Contribution %(line)d: choose a partner."),
                "invalid_partner",
                line=number,
            )
        kind = item.get("kind")
        if kind not in PartnerContribution.Kind.values:
            errors.add(
                "contributions",
                _("Contribution %(line)d: choose money, people or means."),
                "invalid_kind",
                line=number,
            )
        description = text_clean(
            errors, "contributions", item.get("description"), max_length=200, required=False
        )
        amount = item.get("amount_cents")
        if amount in (None, ""):
            amount = None
        else:
            try:
                amount = int(amount)
            except (TypeError, ValueError):
                amount = -1
            if amount < 0:
                errors.add(
                    "contributions",
                    _("Contribution %(line)d: give the amount in whole cents."),
                    "invalid_amount",
                    line=number,
                )
        if kind == PartnerContribution.Kind.MONEY and amount is None:
            errors.add(
                "contributions",
                _("Contribution %(line)d: give the amount of money."),
                "amount_required",
                line=number,
            )
        clean.append(
            {"partner": partner, "kind": kind, "description": description, "amount_cents": amount}
        )
    return clean


def allocation_draw(*, initiative: Initiative, cents: int) -> DistrictAllocation | None:
    """Draw `cents` from the district's allocation of the initiative's year; inside the
    caller's transaction. The allocation row is locked first, so a second grant waits and
    then sees what is left; the CHECK constraint is the last line."""
    if cents <= 0:
        return None
    allocation = (
        DistrictAllocation.objects.select_for_update(of=("self",))
        .filter(
            budget__programme_id=initiative.programme_id,
            budget__year=initiative.year,
            district_id=initiative.district_id,
        )
        .first()
    )
    district = initiative.district.name if initiative.district_id else "—"
    if allocation is None:
        fail(
            "granted",
            _("There is no budget for %(district)s in %(year)s."),
            "no_budget",
            district=district,
            year=initiative.year,
        )
    if cents > allocation.remaining_cents:
        fail(
            "granted",
            _(
                "Only %(left)s is left in the budget of %(district)s for %(year)s; this grant "
                "is %(asked)s."
            ),
            "over_budget",
            left=euros(allocation.remaining_cents),
            district=district,
            year=initiative.year,
            asked=euros(cents),
        )
    DistrictAllocation.objects.filter(pk=allocation.pk).update(
        granted_cents=F("granted_cents") + cents
    )
    return allocation


def initiative_decide(
    *,
    initiative: Initiative,
    by,
    outcome: str,
    reason: str = "",
    granted: dict | None = None,
    contributions=(),
) -> Decision:
    """Decide: granted in full, partly (with a reason) or declined (with a reason).

    granted: {budget line id: cents} (full: may be left out). contributions: [{partner
    (Partner or slug), kind (money/people/means), description, amount_cents}]. Granting
    needs the backing threshold reached and enough left in the district's allocation of
    the initiative's year. The district's team only. Mails the organisers and the backers.
    ValidationError by field: outcome, reason, granted, contributions, status."""
    review_check(by, initiative)
    errors = Errors()
    if outcome not in Decision.Outcome.values:
        errors.add("outcome", _("Choose granted, partly granted or declined."), "invalid_choice")
        errors.raise_if_any()
    reason = text_clean(errors, "reason", reason, max_length=TEXT_MAX, required=False)
    if outcome != Decision.Outcome.GRANTED and not reason:
        errors.add("reason", _("Give the reason for this decision."), "required")
    amounts = _amounts_clean(errors, initiative, outcome, granted)
    clean_contributions = (
        [] if outcome == Decision.Outcome.DECLINED else _contributions_clean(errors, contributions)
    )
    errors.raise_if_any()
    with transaction.atomic():
        initiative = locked(initiative)
        status_check(
            initiative,
            DECIDABLE,
            _("Only an initiative under review can be decided; this one is %(status)s."),
        )
        if outcome != Decision.Outcome.DECLINED and not progress(initiative).reached:
            fail(
                "outcome",
                _("The backing threshold has not been reached yet."),
                "threshold_not_reached",
            )
        total = sum(amounts.values())
        try:
            with transaction.atomic():
                allocation = allocation_draw(initiative=initiative, cents=total)
        except IntegrityError:  # the CHECK constraint: never overspent
            fail("granted", _("The district's budget does not allow this grant."), "over_budget")
        decision = Decision.objects.create(
            initiative=initiative,
            outcome=outcome,
            reason=reason,
            granted_cents=total,
            allocation=allocation,
            decided_by=by,
        )
        for line in initiative.budget_lines.all():
            line.granted_cents = amounts.get(line.pk, 0)
            line.save(update_fields=["granted_cents"])
        PartnerContribution.objects.bulk_create(
            PartnerContribution(decision=decision, **item) for item in clean_contributions
        )
        initiative.status = outcome
        initiative.decided_at = decision.decided_at
        initiative.save(update_fields=["status", "decided_at", "updated_at"])
        context = {
            "title": initiative.title,
            "url": initiative_url(initiative),
            "outcome": Decision.Outcome(decision.outcome).label,  # lazy: in the mail's language
            "reason": reason,
            "granted": euros(total) if total else "",
        }
        organisers = organisers_of(initiative)
        mail_on_commit("decision_organiser", organisers, context)
        organiser_ids = {person.pk for person in organisers}
        backers = [
            backing.resident
            for backing in initiative.backings.filter(response=Backing.Response.BACK)
            .select_related("resident")
            .order_by("pk")
            if backing.resident_id not in organiser_ids and backing.resident.is_active
        ]
        mail_on_commit("decision_backer", backers, context)
    initiative.decision = decision
    return decision


__all__ = [
    "allocation_draw",
    "checklist_tick",
    "euros",
    "initiative_decide",
    "question_ask",
]
