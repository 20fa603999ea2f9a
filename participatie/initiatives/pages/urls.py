from django.urls import path, register_converter

from participatie.initiatives.pages import actions, proposals, reading, review


class PublicIdConverter:
    """An initiative's public id: 12 characters of lowercase base32 (models.new_public_id).
    So /initiatieven/overzicht/ and the like are never taken for an initiative."""

    regex = "[a-z2-7]{12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicIdConverter, "initiative")

# Mounted at /initiatieven/. Paths are Dutch (residents see and share them); names English.
urlpatterns = [
    path("", reading.initiative_list, name="initiative-list-page"),
    path("nieuw/", proposals.initiative_new, name="initiative-new"),
    path("beoordelen/", review.review_queue, name="initiative-review-queue"),
    path("beoordelen/<initiative:public_id>/", review.review_page, name="initiative-review"),
    path(
        "beoordelen/<initiative:public_id>/checklist/",
        review.review_checklist,
        name="initiative-review-checklist",
    ),
    path(
        "beoordelen/<initiative:public_id>/vraag/",
        review.review_question,
        name="initiative-review-question",
    ),
    path(
        "beoordelen/<initiative:public_id>/steun-openen/",
        review.review_open_backing,
        name="initiative-review-open-backing",
    ),
    path(
        "beoordelen/<initiative:public_id>/besluit/",
        review.review_decide,
        name="initiative-review-decide",
    ),
    path("<initiative:public_id>/", reading.initiative_detail, name="initiative-page"),
    path("<initiative:public_id>/bewerken/", proposals.initiative_edit, name="initiative-edit"),
    path("<initiative:public_id>/indienen/", proposals.initiative_submit, name="initiative-submit"),
    path(
        "<initiative:public_id>/meedoen/<str:token>/",
        proposals.initiative_join,
        name="initiative-join",
    ),
    path("<initiative:public_id>/reageren/", actions.initiative_respond, name="initiative-respond"),
    path(
        "<initiative:public_id>/vrijwilligers/<int:role_pk>/",
        actions.volunteer,
        name="initiative-volunteer",
    ),
    path("<initiative:public_id>/vragen/", actions.question, name="initiative-question"),
    path("<initiative:public_id>/intrekken/", actions.withdraw, name="initiative-withdraw"),
    path("<initiative:public_id>/verslag/", actions.report, name="initiative-report"),
]
