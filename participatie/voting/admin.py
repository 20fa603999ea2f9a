"""Admin of the redesign votes, for programme administrators.

Designers work on their own pages (/ontwerpen/), through the services that keep the rules.
Here an administrator oversees: projects (texts can be corrected; the rules of a vote
cannot, once published), comments (hidden or shown again), and, read-only, the issued
voting codes and the ballots.

Ballot secrecy (docs/voting.md): who voted (Participation) is not shown at all, only as a
count per project; ballots are shown without their keys and only once voting has closed,
so nobody can watch a ballot appear as a person votes; nothing here can be added, changed
or deleted by hand.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.gis import admin as gis_admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maps.widgets import LocalMapWidget
from participatie.voting import selectors, services
from participatie.voting.models import (
    Ballot,
    DesignOption,
    ProjectComment,
    RedesignProject,
    VotingCode,
)

CLOSED_PHASES = (RedesignProject.Phase.CLOSED, RedesignProject.Phase.RESULT)
# Fields an administrator may correct at any time: words and the demo flag.
TEXT_FIELDS = ["title", "description", "is_demo"]
# Everything else is set by the designers' pages and the services.
RULE_FIELDS = [
    "slug", "geom", "planned_work", "eligible_areas", "eligible_shape", "method",
    "eligibility", "allow_vote_change", "published_at", "voting_opens_at",
    "voting_closes_at", "result_published_at", "version", "version_note", "created_by",
    "district", "created_at",
]  # fmt: skip


def _run(modeladmin, request, queryset, action) -> None:
    done = 0
    for obj in queryset:
        try:
            action(obj, by=request.user)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(count)d changed.") % {"count": done})


class OptionInline(admin.TabularInline):
    """The options as the designers made them (read-only: a change during voting is a
    correction with a note for the voters, on the designers' pages)."""

    model = DesignOption
    extra = 0
    can_delete = False
    fields = ["order", "title", "description", "overlay", "version", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RedesignProject)
class RedesignProjectAdmin(gis_admin.GISModelAdmin):
    gis_widget = LocalMapWidget
    list_display = [
        "title", "phase_display", "method", "eligibility", "voting_opens_at",
        "voting_closes_at", "votes_cast", "district", "is_demo",
    ]  # fmt: skip
    list_filter = ["method", "eligibility", "allow_vote_change", "is_demo", "district"]
    search_fields = ["title", "description"]
    date_hierarchy = "voting_opens_at"
    list_select_related = ["district"]
    fields = [*TEXT_FIELDS, "phase_display", *RULE_FIELDS, "votes_cast", "outcome"]
    readonly_fields = ["phase_display", *RULE_FIELDS, "votes_cast", "outcome"]
    inlines = [OptionInline]
    actions = ["close_voting", "publish_result"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_votes=Count("participations"))

    @admin.display(description=_("phase"))
    def phase_display(self, obj) -> str:
        return obj.get_phase_display()

    @admin.display(description=_("votes cast"), ordering="_votes")
    def votes_cast(self, obj) -> int:
        """How many voted (never who): the Participation rows, counted."""
        votes = getattr(obj, "_votes", None)
        return obj.participations.count() if votes is None else votes

    @admin.display(description=_("result"))
    def outcome(self, obj) -> str:
        """Counts per option once voting has closed; nothing while it is open."""
        if obj.pk is None or obj.phase not in CLOSED_PHASES:
            return str(_("Shown once voting has closed."))
        result = selectors.results(obj)
        lines = [f"{r.title}: {r.votes} ({r.share:.0%})" for r in result.options]
        if result.turnout is not None:
            lines.append(
                str(_("Turnout: %(ballots)d of %(eligible)d"))
                % {"ballots": result.ballots, "eligible": result.eligible}
            )
        return "; ".join(lines)

    def has_add_permission(self, request):
        return False  # designers create projects on /ontwerpen/, through the services

    def has_delete_permission(self, request, obj=None):
        # A project that has ballots is a vote that took place: it is not deleted by hand.
        if obj is not None and obj.ballots.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, with the check above
        return actions

    @admin.action(description=_("Close voting now"))
    def close_voting(self, request, queryset):
        _run(self, request, queryset, lambda p, by: services.voting_close(by=by, project=p))

    @admin.action(description=_("Publish the result"))
    def publish_result(self, request, queryset):
        _run(self, request, queryset, lambda p, by: services.result_publish(by=by, project=p))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    """Ballots of closed votes: what was chosen, in which neighbourhood. Never the keys
    (receipt and change key hashes), and in no meaningful order (random identifiers)."""

    list_display = ["project", "chosen", "neighbourhood", "version"]
    list_filter = ["project"]
    fields = ["project", "chosen", "neighbourhood", "version"]
    readonly_fields = fields
    ordering = ["project", "id"]
    show_full_result_count = False

    def get_queryset(self, request):
        # Not while voting is open: comparing the list before and after someone votes
        # would show their choice.
        return (
            super()
            .get_queryset(request)
            .filter(
                project__published_at__isnull=False,
                project__voting_closes_at__lte=timezone.now(),
            )
            .select_related("project", "neighbourhood")
        )

    @admin.display(description=_("chosen options"))
    def chosen(self, obj) -> str:
        titles = dict(obj.project.options.values_list("pk", "title"))
        return ", ".join(titles.get(pk, str(pk)) for pk in obj.choices)


@admin.register(VotingCode)
class VotingCodeAdmin(ReadOnlyAdmin):
    """The addresses letters went to. Only a hash of each code is stored; whether a code
    was used is not recorded per address (see docs/voting.md)."""

    list_display = ["address", "neighbourhood", "project"]
    list_filter = ["project"]
    search_fields = ["address"]
    fields = ["project", "address", "neighbourhood"]
    readonly_fields = fields
    list_select_related = ["project", "neighbourhood"]


@admin.register(ProjectComment)
class ProjectCommentAdmin(admin.ModelAdmin):
    """Residents' comments during consultation: hidden by moderation, or shown again."""

    list_display = ["body", "project", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "project"]
    search_fields = ["body"]
    fields = ["project", "author", "body", "is_hidden", "created_at"]
    readonly_fields = ["project", "author", "body", "created_at"]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Hide from the public"))
    def hide(self, request, queryset):
        count = queryset.update(is_hidden=True)
        self.message_user(request, _("%(count)d changed.") % {"count": count})

    @admin.action(description=_("Show again"))
    def show(self, request, queryset):
        count = queryset.update(is_hidden=False)
        self.message_user(request, _("%(count)d changed.") % {"count": count})
